package render

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/content"
)

// tellUs is the link that opens the repository's web editor (GitHub's
// new-file page) with a new feedback file whose front matter is valid for
// this repository, about a theme or (th nil) about anything. "" when
// heed.yaml names no contribute repository.
func (b *builder) tellUs(th *content.Theme) string {
	cfg := b.cfg
	if cfg.Contribute == "" {
		return ""
	}
	day := b.opts.Now.Format("2006-01-02")
	name := "feedback/" + day + "-my-feedback.md"
	if th != nil {
		name = "feedback/" + day + "-about-" + th.ID + ".md"
	}
	pick := func(vocab []string, want string) string {
		if slices.Contains(vocab, want) || len(vocab) == 0 {
			return want
		}
		return vocab[0]
	}
	var fm strings.Builder
	fm.WriteString("---\n")
	fm.WriteString("title: Say what you need in one line\n")
	fmt.Fprintf(&fm, "date: %s\n", day)
	fmt.Fprintf(&fm, "source: %s\n", pick(cfg.Sources, "form"))
	fmt.Fprintf(&fm, "type: %s\n", pick(cfg.Types, "request"))
	if th != nil {
		fmt.Fprintf(&fm, "themes: [%s]\n", th.ID)
	}
	fm.WriteString("---\n\n")
	if th != nil {
		fmt.Fprintf(&fm, "About %q: ", th.Title)
	}
	fm.WriteString("tell us what you were trying to do, what got in the way and how often it happens.\n")
	q := url.Values{}
	q.Set("filename", name)
	q.Set("value", fm.String())
	branch := cfg.Branch
	if branch == "" {
		branch = "main"
	}
	// Spaces as %20, not "+": every reader of the query decodes that alike.
	return cfg.Contribute + "/new/" + url.PathEscape(branch) + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}
