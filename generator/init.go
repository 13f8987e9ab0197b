package generator

import (
	"bytes"
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

// initFiles are the files Init writes, by repository-relative path.
var initFiles = []struct{ path, text string }{
	{"heed.yaml", config.Commented},
	{"customers.yaml", `# Customers: id -> name, segment, plan, revenue (yearly), region, contact.
# Names are published only with publish.customers: true; contact never is.
# acme:
#   name: Acme Corp
#   segment: enterprise
#   plan: enterprise
#   revenue: 120000
#   region: emea
#   contact: jane@acme.example
{}
`},
	{"themes/example-theme.md", `---
title: An example theme
summary: The problem, in your customers' words.
status: exploring
keywords: [example]
---
Describe the problem this theme is about: who has it, when, and what it
costs them. Link feedback to it with "themes: [example-theme]".
`},
	{"feedback/2026-01-01-example-feedback.md", `---
title: An example piece of feedback
date: 2026-01-01
source: other
type: request
themes: [example-theme]
---
The customer's own words go here, as they said them.
`},
	{"site/.gitkeep", ""},
}

// Init makes dir a feedback repository without overwriting anything: the
// content folders with an example each, a commented heed.yaml, an empty
// customers.yaml, and site/ ignored by git.
func Init(dir string) (*InitResult, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	res := &InitResult{}
	for _, f := range initFiles {
		full := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return res, err
		}
		created, err := createFile(full, []byte(f.text))
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
