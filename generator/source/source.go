// Package source holds the files of a feedback repository as heed reads
// them: item, theme, configuration, customer and template files, each checked
// to be a small, valid UTF-8 text file inside the repository.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/diag"
)

// MaxFileSize is the largest feedback item, theme, heed.yaml or template
// heed reads; a larger one is a diagnostic.
const MaxFileSize = 1 << 20

// MaxCustomersSize is the largest customers.yaml heed reads: a CRM's
// export of 50,000 customers with every field is about 10 MiB.
const MaxCustomersSize = 64 << 20

// MaxSize is the largest file of a kind heed reads.
func MaxSize(k Kind) int64 {
	if k == Customers {
		return MaxCustomersSize
	}
	return MaxFileSize
}

// tooLarge is the diagnostic for a file over its kind's limit.
func tooLarge(path string, kind Kind, size int64) diag.List {
	what := "a feedback item, theme, heed.yaml or template"
	if kind == Customers {
		what = "customers.yaml"
	}
	if size > 0 {
		return diag.List{diag.Errorf(path, 0, 0, "too-large", "file is %d bytes, over the limit of %s for %s", size, humanLimit(MaxSize(kind)), what)}
	}
	return diag.List{diag.Errorf(path, 0, 0, "too-large", "file is over the limit of %s for %s", humanLimit(MaxSize(kind)), what)}
}

func humanLimit(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }

// Kind says what a file is for.
type Kind int

// The kinds of file in a feedback repository.
const (
	Item      Kind = iota + 1 // feedback/**/*.md
	Theme                     // themes/**/*.md
	Config                    // heed.yaml
	Customers                 // customers.yaml
	Template                  // templates/** (overrides of the embedded site templates)
)

// Well-known names inside a repository.
const (
	ConfigFile    = "heed.yaml"
	CustomersFile = "customers.yaml"
	FeedbackDir   = "feedback"
	ThemesDir     = "themes"
	TemplatesDir  = "templates"
)

// File is one file of the repository. Path is slash-separated and relative
// to the repository root.
type File struct {
	Path string
	Kind Kind
	Data []byte
}

// Snapshot is every file heed reads from one state of a repository (the
// working tree, or a commit), sorted by path, and the problems met reading
// them. A file with a problem is left out of Files.
type Snapshot struct {
	Files       []File
	Diagnostics diag.List
	// Commit is the hash of the commit the snapshot was read from, "" for a
	// working tree.
	Commit string
}

// Classify says which kind of file a repository-relative slash path is, and
// false when heed does not read it. Hidden files and editor leftovers are
// never read.
func Classify(rel string) (Kind, bool) {
	for rest := rel; ; {
		part, after, more := strings.Cut(rest, "/")
		rest = after
		if part == "" || strings.HasPrefix(part, ".") || strings.HasSuffix(part, "~") ||
			strings.HasPrefix(part, "#") || strings.HasSuffix(part, ".swp") || strings.HasSuffix(part, ".tmp") {
			return 0, false
		}
		if !more {
			break
		}
	}
	switch {
	case rel == ConfigFile:
		return Config, true
	case rel == CustomersFile:
		return Customers, true
	case strings.HasPrefix(rel, FeedbackDir+"/") && strings.HasSuffix(rel, ".md"):
		return Item, true
	case strings.HasPrefix(rel, ThemesDir+"/") && strings.HasSuffix(rel, ".md"):
		return Theme, true
	case strings.HasPrefix(rel, TemplatesDir+"/"):
		return Template, true
	}
	return 0, false
}

// ReadDir reads the repository rooted at root. Only files under the content
// folders and the two configuration files are read; a symbolic link that
// leads outside the repository is reported, never followed. The error is
// for a root that cannot be read at all.
func ReadDir(root string) (*Snapshot, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	if st, err := os.Stat(realRoot); err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", root)
	}

	// The walk tells which files are plain regular files (not links),
	// which are then read without a separate stat. Files are read in
	// batches while the walk goes on, and put in path order at the end.
	type entry struct {
		rel     string
		regular bool
	}
	type batch struct {
		entries []entry
		files   []File
		diags   []diag.List
	}
	const batchSize = 64
	var batches []*batch
	jobs := make(chan *batch, 16)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range jobs {
				b.files, b.diags = make([]File, len(b.entries)), make([]diag.List, len(b.entries))
				for k, e := range b.entries {
					b.files[k], b.diags[k] = readFile(realRoot, e.rel, e.regular)
				}
			}
		})
	}
	cur := &batch{}
	add := func(e entry) {
		cur.entries = append(cur.entries, e)
		if len(cur.entries) == batchSize {
			batches = append(batches, cur)
			jobs <- cur
			cur = &batch{}
		}
	}
	snap := &Snapshot{}
	walkErr := func() error {
		for _, name := range []string{ConfigFile, CustomersFile} {
			if st, err := os.Lstat(filepath.Join(realRoot, name)); err == nil {
				add(entry{name, st.Mode().IsRegular()})
			}
		}
		prefix := realRoot + string(filepath.Separator)
		for _, dir := range []string{FeedbackDir, ThemesDir, TemplatesDir} {
			top := filepath.Join(realRoot, dir)
			if _, err := os.Lstat(top); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
				rel := filepath.ToSlash(strings.TrimPrefix(p, prefix))
				if err != nil {
					snap.Diagnostics = append(snap.Diagnostics, diag.Errorf(rel, 0, 0, "io", "cannot read: %v", unwrapPath(err)))
					return nil
				}
				if d.IsDir() {
					if p != top && strings.HasPrefix(d.Name(), ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if _, ok := Classify(rel); ok {
					add(entry{rel, d.Type().IsRegular()})
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("%s: %w", dir, err)
			}
		}
		return nil
	}()
	if len(cur.entries) > 0 {
		batches = append(batches, cur)
		jobs <- cur
	}
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return nil, walkErr
	}

	type read struct {
		rel  string
		file File
		ds   diag.List
	}
	all := make([]read, 0, len(batches)*batchSize)
	for _, b := range batches {
		for k, e := range b.entries {
			all = append(all, read{e.rel, b.files[k], b.diags[k]})
		}
	}
	slices.SortFunc(all, func(a, b read) int { return strings.Compare(a.rel, b.rel) })
	for _, r := range all {
		if r.ds == nil {
			snap.Files = append(snap.Files, r.file)
		}
		snap.Diagnostics = append(snap.Diagnostics, r.ds...)
	}
	snap.Diagnostics.Sort()
	return snap, nil
}

// ReadFile reads one repository-relative file of root (an absolute path with
// no symbolic links in it) with every safety check; a problem comes back as
// diagnostics and no data.
func ReadFile(root, rel string) (File, diag.List) {
	return readFile(root, rel, false)
}

// readFile is ReadFile; regular says the file was listed as a regular
// file, so that it is likely one and can first be read without a stat of
// its own (see readRegular). Anything else, and any failure of that read,
// takes the careful path, which words the diagnostics.
func readFile(root, rel string, regular bool) (File, diag.List) {
	kind, _ := Classify(rel)
	full := filepath.Join(root, filepath.FromSlash(rel))
	if regular {
		if data, ok := readRegular(full, MaxSize(kind)); ok {
			return Check(File{Path: rel, Kind: kind, Data: data})
		}
	}
	fail := func(rule, format string, args ...any) (File, diag.List) {
		return File{}, diag.List{diag.Errorf(rel, 0, 0, rule, format, args...)}
	}
	st, err := os.Lstat(full)
	if err != nil {
		return fail("io", "cannot read: %v", unwrapPath(err))
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(full)
		if err != nil {
			return fail("symlink", "symbolic link cannot be resolved: %v", unwrapPath(err))
		}
		if !inside(root, target) {
			return fail("symlink-outside", "symbolic link leads outside the repository; it is not followed")
		}
		if st, err = os.Stat(target); err != nil {
			return fail("io", "cannot read: %v", unwrapPath(err))
		}
		full = target
	}
	if !st.Mode().IsRegular() {
		return fail("not-a-file", "not a regular file")
	}
	if st.Size() > MaxSize(kind) {
		return File{}, tooLarge(rel, kind, st.Size())
	}
	fh, err := os.Open(full)
	if err != nil {
		return fail("io", "cannot read: %v", unwrapPath(err))
	}
	defer fh.Close()
	// Read one byte past the limit: the file may have grown since Lstat.
	data, err := io.ReadAll(io.LimitReader(fh, MaxSize(kind)+1))
	if err != nil {
		return fail("io", "cannot read: %v", unwrapPath(err))
	}
	return Check(File{Path: rel, Kind: kind, Data: data})
}

// Check applies the file-level checks (size, binary content, UTF-8) to a
// file read from anywhere, such as a git tree.
func Check(f File) (File, diag.List) {
	if int64(len(f.Data)) > MaxSize(f.Kind) {
		return File{}, tooLarge(f.Path, f.Kind, 0)
	}
	if f.Kind == Template {
		// Templates may hold images and fonts; only text templates are parsed later.
		return f, nil
	}
	if i := bytes.IndexByte(f.Data, 0); i >= 0 {
		line, col := Position(f.Data, i)
		return File{}, diag.List{diag.Errorf(f.Path, line, col, "binary", "binary content (a NUL byte); heed reads text files only")}
	}
	if !utf8.Valid(f.Data) {
		i := firstInvalid(f.Data)
		line, col := Position(f.Data, i)
		return File{}, diag.List{diag.Errorf(f.Path, line, col, "utf8", "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", f.Data[i])}
	}
	return f, nil
}

// Position converts a byte offset of data into a 1-based line and column
// (the column counts characters, not bytes).
func Position(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	line = bytes.Count(data[:off], []byte{'\n'}) + 1
	col = utf8.RuneCount(data[start:off]) + 1
	return line, col
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// unwrapPath drops the absolute path from an os error so diagnostics never
// print where the repository lives on the machine.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Slug turns a repository path into the id a file has by default: its name
// without the extension.
func Slug(rel string) string {
	return strings.TrimSuffix(path.Base(rel), path.Ext(rel))
}
