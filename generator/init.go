package generator

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/heedhq/heed/generator/config"
)

// InitResult lists what Init wrote and what it found and kept.
type InitResult struct {
	Created []string
	Kept    []string
}

// skeleton holds the files Init writes besides heed.yaml, as they are
// written: an example theme and item, an empty customers.yaml, site/, the
// GitHub Actions workflows (a pull request check that runs heed check on
// the files a pull request changed, reported as annotations on their
// lines; publishing to GitHub Pages from main; and intake, which turns a
// feedback issue into a pull request with its file, heed import github),
// and the feedback issue form that "tell us" links open. The workflows run
// heed through the heedhq/heed action (action.yml at the root of heed's
// repository). A file added there is written by Init.
//
//go:embed all:skeleton
var skeleton embed.FS

// initFile is one file Init writes.
type initFile struct {
	path string // repository-relative, slash-separated
	data []byte
}

// initFiles returns the files Init writes: the commented heed.yaml, then
// the skeleton's files by path.
func initFiles() ([]initFile, error) {
	files := []initFile{{"heed.yaml", []byte(config.Commented)}}
	root, err := fs.Sub(skeleton, "skeleton")
	if err != nil {
		return nil, err
	}
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files = append(files, initFile{p, data})
		return err
	})
	return files, err
}

// Init makes dir a feedback repository without overwriting anything: the
// content folders with an example each, a commented heed.yaml, an empty
// customers.yaml, site/ ignored by git, three GitHub Actions workflows (a
// pull request check, GitHub Pages publishing, and intake of feedback
// issues) named heed-*.yml so that they sit beside a team's own workflows,
// and the feedback issue form.
func Init(dir string) (*InitResult, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	res := &InitResult{}
	files, err := initFiles()
	if err != nil {
		return res, err
	}
	for _, f := range files {
		full := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return res, err
		}
		created, err := createFile(full, f.data)
		if err != nil {
			return res, fmt.Errorf("%s: %w", f.path, err)
		}
		if created {
			res.Created = append(res.Created, f.path)
		} else {
			res.Kept = append(res.Kept, f.path)
		}
	}
	// site/ holds build output: ignore its contents, keep the folder.
	ignore := filepath.Join(dir, ".gitignore")
	old, err := os.ReadFile(ignore)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	if !bytes.Contains(old, []byte("/site/*")) {
		add := "# heed build output\n/site/*\n!/site/.gitkeep\n"
		if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
			add = "\n" + add
		}
		fh, err := os.OpenFile(ignore, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return res, err
		}
		_, werr := fh.WriteString(add)
		if cerr := fh.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return res, werr
		}
		if len(old) == 0 {
			res.Created = append(res.Created, ".gitignore")
		} else {
			res.Kept = append(res.Kept, ".gitignore (site/ entry added)")
		}
	} else {
		res.Kept = append(res.Kept, ".gitignore")
	}
	return res, nil
}

// createFile writes data to a new file and reports false, without error,
// when the file exists.
func createFile(path string, data []byte) (bool, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return true, err
	}
	return true, f.Close()
}
