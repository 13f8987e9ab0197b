package render

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/content"
)

// IssueForm is the file name of the issue form heed init writes under
// .github/ISSUE_TEMPLATE/, and IssueFormTheme the id of its theme field:
// a "tell us" link opens that form with the theme filled in.
const (
	IssueForm      = "feedback.yml"
	IssueFormTheme = "theme"
)

// tellUs is the link that opens a way to give feedback, about a theme or
// (th nil) about anything: for a repository on GitHub, the feedback issue
// form, which anyone with a GitHub account can fill in and which the
// intake workflow turns into a pull request; for another host, its web
// editor with a new feedback file whose front matter is valid for this
// repository. "" when heed.yaml names no contribute repository.
func (b *builder) tellUs(th *content.Theme) string {
	cfg := b.cfg
	if cfg.Contribute == "" {
		return ""
	}
	// A theme whose id names a customer is shown under another id (see
	// package publish), which the repository does not know: the feedback
	// then names no theme.
	id := ""
	if th != nil && b.in.Content.ThemeKey(th.ID) == th.ID {
		id = th.ID
	}
	if repo, ok := gitHubRepo(cfg.Contribute); ok {
		q := url.Values{}
		q.Set("template", IssueForm)
		if id != "" {
			q.Set(IssueFormTheme, id)
		}
		return repo + "/issues/new?" + q.Encode()
	}
	day := b.opts.Now.Format("2006-01-02")
	name := "feedback/" + day + "-my-feedback.md"
	if id != "" {
		name = "feedback/" + day + "-about-" + id + ".md"
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
	if id != "" {
		fmt.Fprintf(&fm, "themes: [%s]\n", id)
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

// gitHubRepo returns the web address of a repository on github.com that
// contribute names ("https://github.com/OWNER/REPO", with or without a
// trailing slash or .git), and whether it names one.
func gitHubRepo(contribute string) (string, bool) {
	u, err := url.Parse(contribute)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.EqualFold(u.Host, "github.com") {
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", false
	}
	return "https://github.com/" + parts[0] + "/" + strings.TrimSuffix(parts[1], ".git"), true
}
