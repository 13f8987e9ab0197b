// Command floor is the bare floor of a static site build, the reference
// heed's build time is measured against (bench/run.sh): it only reads each
// feedback item of a repository, splits its front matter from its body,
// renders the body's Markdown with goldmark and writes one HTML file per
// item, on all cores. Nothing is validated, scored, linked or listed; no
// other page is made. What heed does on top of this is what its site is
// worth; the ratio says what it costs.
//
//	floor REPO OUT
//
// OUT must not exist or be empty; it gets OUT/<path of the item without
// .md>/index.html for every REPO/feedback/**/*.md.
package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor REPO OUT")
		os.Exit(2)
	}
	n, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("%d items\n", n)
}

// run renders every item of repo into out and returns how many.
func run(repo, out string) (int, error) {
	var paths []string
	root := filepath.Join(repo, "feedback")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	md := goldmark.New()
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for p := range work {
				if err := render(md, &buf, root, out, p); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return 0, err
	default:
	}
	return len(paths), nil
}

// render writes the page of one item.
func render(md goldmark.Markdown, buf *bytes.Buffer, root, out, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	title, body := split(data)
	buf.Reset()
	buf.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
	template.HTMLEscape(buf, title)
	buf.WriteString("</title></head>\n<body>\n<main>\n")
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	buf.WriteString("</main>\n</body>\n</html>\n")
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, strings.TrimSuffix(rel, ".md"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}

// split returns the title line's value (as written) and the body after
// the front matter between "---" lines.
func split(data []byte) (title, body []byte) {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, data
	}
	fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, data
	}
	for line := range bytes.Lines(fm) {
		if v, ok := bytes.CutPrefix(line, []byte("title:")); ok {
			title = bytes.Trim(bytes.TrimSpace(v), `"'`)
		}
	}
	return title, body
}
