package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/internal/testrepo"
	"github.com/heedhq/heed/generator/source"
)

// summary is what a content set holds, for comparing two sets.
func summary(s *content.Set) []string {
	var out []string
	for _, it := range s.Items {
		c := ""
		if it.Customer != nil {
			c = it.Customer.ID + "/" + it.Customer.Segment
		}
		out = append(out, fmt.Sprintf("item %s %s %q %v %s %q", it.ID, it.Path, it.Title, it.Themes, c, it.Text))
	}
	for _, th := range s.Themes {
		out = append(out, fmt.Sprintf("theme %s %s %q %s", th.ID, th.Path, th.Title, th.Status))
	}
	for _, c := range s.Customers {
		out = append(out, fmt.Sprintf("customer %s %s", c.ID, c.Segment))
	}
	for _, d := range s.Diagnostics {
		out = append(out, "diag "+d.String())
	}
	out = append(out, "title "+s.Config.Title)
	return out
}

// TestRepoAsLoad: after each change to the files, the content kept between
// builds (only what changed re-read and re-parsed) is what content.Load
// makes of the repository read afresh: items, themes, customers,
// configuration and every diagnostic, unreadable files included.
func TestRepoAsLoad(t *testing.T) {
	dir := t.TempDir()
	testrepo.WriteFiles(t, dir, fixture)
	r, err := openRepo(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "secret.md")
	testrepo.WriteFiles(t, filepath.Dir(outside), map[string]string{"secret.md": fixture[exportItem]})
	for _, step := range []struct {
		name  string
		do    func()
		files []string // what the watcher reports
		dirs  []string // folders removed
		added []string // folders that appeared
	}{
		{name: "nothing"},
		{name: "an edit", do: func() {
			testrepo.WriteFiles(t, dir, map[string]string{exportItem: strings.Replace(fixture[exportItem], "Full-year", "Annual", 1)})
		}, files: []string{exportItem}},
		{name: "a save without a change", files: []string{exportItem}},
		{name: "an item naming an unknown theme", do: func() {
			testrepo.WriteFiles(t, dir, map[string]string{"feedback/2026/12/x.md": "---\ntitle: X\ndate: 2026-12-01\nsource: form\ntype: bug\nthemes: [nope]\n---\nX.\n"})
		}, added: []string{"feedback/2026/12"}},
		{name: "two files with one id", do: func() {
			testrepo.WriteFiles(t, dir, map[string]string{"feedback/x.md": "---\ntitle: Another X\ndate: 2026-12-01\nsource: form\ntype: bug\n---\nX.\n"})
		}, files: []string{"feedback/x.md"}},
		{name: "a file that is not UTF-8", do: func() {
			os.WriteFile(filepath.Join(dir, "feedback/2026/09/export-cut-off.md"), []byte("---\ntitle: \xff\n---\n"), 0o644)
		}, files: []string{"feedback/2026/09/export-cut-off.md"}},
		{name: "a symbolic link out of the repository", do: func() {
			if err := os.Symlink(outside, filepath.Join(dir, "feedback/leak.md")); err != nil {
				t.Skip(err)
			}
		}, files: []string{"feedback/leak.md"}},
		{name: "the customers", do: func() {
			testrepo.WriteFiles(t, dir, map[string]string{"customers.yaml": strings.Replace(fixture["customers.yaml"], "segment: smb", "segment: mid-market", 1)})
		}, files: []string{"customers.yaml"}},
		{name: "the configuration", do: func() {
			testrepo.WriteFiles(t, dir, map[string]string{"heed.yaml": "title: Other\nsources: [support, sales]\n"})
		}, files: []string{"heed.yaml"}},
		{name: "a folder removed", do: func() { os.RemoveAll(filepath.Join(dir, "feedback/2026/12")) }, dirs: []string{"feedback/2026/12"}},
		{name: "a theme removed", do: func() { os.Remove(filepath.Join(dir, "themes/sso.md")) }, files: []string{"themes/sso.md"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			if step.do != nil {
				step.do()
			}
			c := newChange()
			for _, f := range step.files {
				c.files[f] = true
			}
			for _, d := range step.dirs {
				c.removed[d] = true
			}
			for _, d := range step.added {
				c.added[d] = true
			}
			if _, err := r.update(c); err != nil {
				t.Fatal(err)
			}
			snap, err := source.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			got, want := summary(r.set()), summary(content.Load(snap, content.Options{HTML: true}))
			if !slices.Equal(got, want) {
				t.Errorf("kept content differs from a fresh load:\n got %q\nwant %q", got, want)
			}
			if got, want := paths(r.snapshot().Files), paths(snap.Files); !slices.Equal(got, want) {
				t.Errorf("kept files differ from a fresh read:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestRepoUpdate: what update reports as changed.
func TestRepoUpdate(t *testing.T) {
	dir := t.TempDir()
	testrepo.WriteFiles(t, dir, fixture)
	r, err := openRepo(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	update := func(files ...string) []string {
		t.Helper()
		c := newChange()
		for _, f := range files {
			c.files[f] = true
		}
		changed, err := r.update(c)
		if err != nil {
			t.Fatal(err)
		}
		return changed
	}
	if got := update(exportItem, "feedback/.swap.md", "README.md"); len(got) != 0 {
		t.Errorf("unchanged files, and files heed does not read: changed %q", got)
	}
	testrepo.WriteFiles(t, dir, map[string]string{exportItem: fixture[exportItem] + "More.\n", "themes/new.md": "---\ntitle: New\nstatus: planned\n---\n"})
	if got := update(exportItem, "themes/new.md"); !slices.Equal(got, []string{exportItem, "themes/new.md"}) {
		t.Errorf("changed %q", got)
	}
	os.Remove(filepath.Join(dir, "themes/new.md"))
	if got := update("themes/new.md"); !slices.Equal(got, []string{"themes/new.md"}) {
		t.Errorf("a removed file: changed %q", got)
	}
	full := newChange()
	full.full = true
	if got, _ := r.update(full); len(got) != 0 {
		t.Errorf("reading everything again, nothing changed: changed %q", got)
	}
}

// paths lists the files' paths, in their order.
func paths(files []source.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Path
	}
	return out
}
