package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/internal/testrepo"
)

// TestApplySuggestions: items are filed under their best theme, a dry run
// writes nothing, themed items are never touched, and a symbolic link is
// reported and left as it is.
func TestApplySuggestions(t *testing.T) {
	r := testrepo.Init(t, t.TempDir())
	item := "---\ntitle: %s\ndate: 2026-01-05\nsource: support\ntype: bug\n%s---\n%s\n"
	r.Write(map[string]string{
		"heed.yaml":         "title: Test\n",
		"themes/export.md":  "---\ntitle: Export\nstatus: planned\nkeywords: [export, csv]\n---\nExports time out.\n",
		"themes/sso.md":     "---\ntitle: Single sign-on\nstatus: planned\nkeywords: [sso, saml]\n---\nOne login.\n",
		"feedback/a.md":     fmt.Sprintf(item, "CSV export times out", "themes: [export]\n", "The CSV export times out."),
		"feedback/b.md":     fmt.Sprintf(item, "SAML login", "themes: [sso]\n", "We need SAML SSO."),
		"feedback/new.md":   fmt.Sprintf(item, "Export to CSV never finishes", "", "The export never finishes."),
		"elsewhere/sso.md":  fmt.Sprintf(item, "SSO please", "", "SSO with Okta."),
		"feedback/other.md": fmt.Sprintf(item, "Okta SSO", "", "SSO with Okta please."),
	})
	if err := os.Symlink(filepath.Join(r.Dir, "elsewhere/sso.md"), filepath.Join(r.Dir, "feedback/link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(r.Dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := map[string]string{}
	for _, p := range []string{"feedback/a.md", "feedback/new.md", "feedback/other.md", "elsewhere/sso.md"} {
		before[p] = read(p)
	}
	tr, err := generator.TriageRepo(r.Dir, generator.TriageOptions{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	for _, dry := range []bool{true, false} {
		done, ds, err := generator.ApplySuggestions(r.Dir, tr, generator.ApplyOptions{MinConfidence: 0.01, DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range done {
			got = append(got, a.Path+"="+a.Theme)
		}
		if want := "feedback/new.md=export feedback/other.md=sso"; strings.Join(got, " ") != want {
			t.Errorf("dry run %v: applied %v, want %s", dry, got, want)
		}
		if len(ds) != 1 || !strings.Contains(ds[0].String(), "feedback/link.md") || !strings.Contains(ds[0].String(), "symbolic link") {
			t.Errorf("dry run %v: diagnostics %v, want one about the link", dry, ds)
		}
		if dry && read("feedback/new.md") != before["feedback/new.md"] {
			t.Error("a dry run wrote")
		}
	}
	if got, want := read("feedback/new.md"), strings.Replace(before["feedback/new.md"], "type: bug\n", "type: bug\nthemes: [export]\n", 1); got != want {
		t.Errorf("new.md:\n%s\nwant\n%s", got, want)
	}
	for _, p := range []string{"feedback/a.md", "elsewhere/sso.md"} {
		if read(p) != before[p] {
			t.Errorf("%s changed", p)
		}
	}
}
