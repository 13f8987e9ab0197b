package importer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// GitHubFields is what heed import github asks of gh issue list.
const GitHubFields = "number,title,body,author,createdAt,labels,url,reactionGroups"

// githubReader reads GitHub issues: the JSON array that gh issue list
// --json GitHubFields prints (or one issue object a line, from its --jq
// '.[]'), or one issues webhook event, as GitHub Actions saves it at
// $GITHUB_EVENT_PATH.
//
// Each issue is a row with the columns url (and link, the same), number, title, createdAt,
// author (the login, as "@login"), labels (comma-separated), mentions
// (thumbs-up reactions + 1) and body, and one column per section of an
// issue form's body: GitHub writes each field of a form as a "### Label"
// heading and the answer below it ("_No response_" for none), so the
// column "Who are you?" holds that answer.
type githubReader struct {
	dec    *json.Decoder
	array  bool
	ahead  []row
	err    error
	keys   []string
	num    int
	closed bool
}

// The columns of every GitHub row, before the sections of its body.
var githubColumns = []string{"url", "link", "number", "title", "createdAt", "author", "labels", "mentions", "body"}

func newGitHubReader(br *bufio.Reader) (*githubReader, error) {
	g := &githubReader{}
	for {
		b, err := br.Peek(1)
		if err == io.EOF {
			return nil, errors.New("the file is empty: want the JSON of gh issue list --json " + GitHubFields + ", or an issues webhook event")
		} else if err != nil {
			return nil, err
		}
		if !strings.ContainsRune(" \t\r\n", rune(b[0])) {
			if b[0] != '[' && b[0] != '{' {
				return nil, errors.New("not JSON: want the JSON of gh issue list --json " + GitHubFields + ", or an issues webhook event")
			}
			g.array = b[0] == '['
			break
		}
		br.ReadByte()
	}
	g.dec = json.NewDecoder(br)
	if g.array {
		if _, err := g.dec.Token(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
	}
	seen := map[string]bool{}
	for _, k := range githubColumns {
		seen[k] = true
	}
	var headings []string
	for len(g.ahead) < lookAhead {
		r, err := g.read()
		if err != nil {
			g.err = err
			break
		}
		g.ahead = append(g.ahead, r)
		for k := range r.obj {
			if !seen[k] {
				seen[k] = true
				headings = append(headings, k)
			}
		}
	}
	slices.Sort(headings)
	g.keys = append(slices.Clone(githubColumns), headings...)
	return g, nil
}

func (g *githubReader) columns() []string { return g.keys }

// close has nothing to remove: the reader makes no temporary files.
func (g *githubReader) close() {}

func (g *githubReader) next() (row, error) {
	if len(g.ahead) > 0 {
		r := g.ahead[0]
		g.ahead = g.ahead[1:]
		return r, nil
	}
	if g.err != nil {
		return row{}, g.err
	}
	return g.read()
}

// ghIssue is an issue as gh issue list prints it or a webhook event holds
// it: the fields heed reads of either.
type ghIssue struct {
	Number    int     `json:"number"`
	Title     string  `json:"title"`
	Body      *string `json:"body"`
	URL       string  `json:"url"`      // gh: the page; a webhook: the API's address
	HTMLURL   string  `json:"html_url"` // a webhook: the page
	CreatedAt string  `json:"createdAt"`
	Created   string  `json:"created_at"`
	Author    *ghUser `json:"author"`
	User      *ghUser `json:"user"`
	Labels    []struct {
		Name string `json:"name"`
	} `json:"labels"`
	ReactionGroups []struct {
		Content string `json:"content"`
		Users   struct {
			TotalCount int `json:"totalCount"`
		} `json:"users"`
	} `json:"reactionGroups"`
	Reactions   map[string]any  `json:"reactions"`
	PullRequest json.RawMessage `json:"pull_request"`
}

type ghUser struct {
	Login string `json:"login"`
}

// ghDoc is one JSON value of the input: an issue, or an event holding one.
type ghDoc struct {
	ghIssue
	Action string   `json:"action"`
	Issue  *ghIssue `json:"issue"`
}

func (g *githubReader) read() (row, error) {
	if g.closed {
		return row{}, io.EOF
	}
	if g.array && !g.dec.More() {
		g.closed = true
		if _, err := g.dec.Token(); err != nil {
			return row{}, fmt.Errorf("invalid JSON after issue %d: %w", g.num, err)
		}
		return row{}, io.EOF
	}
	var raw json.RawMessage
	if err := g.dec.Decode(&raw); err == io.EOF {
		return row{}, io.EOF
	} else if err != nil {
		return row{}, fmt.Errorf("issue %d: invalid JSON: %w", g.num+1, err)
	}
	g.num++
	var doc ghDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return row{num: g.num, err: fmt.Errorf("is not a GitHub issue: %v", err)}, nil
	}
	is := &doc.ghIssue
	if doc.Issue != nil {
		is = doc.Issue
		if doc.Action == "deleted" {
			return row{num: g.num, err: errors.New("the event says the issue was deleted")}, nil
		}
	}
	return issueRow(g.num, is), nil
}

// issueRow makes a row of an issue.
func issueRow(num int, is *ghIssue) row {
	url := is.HTMLURL
	if url == "" {
		url = is.URL
	}
	date := is.CreatedAt
	if date == "" {
		date = is.Created
	}
	switch {
	case len(is.PullRequest) > 0 && string(is.PullRequest) != "null":
		return row{num: num, err: fmt.Errorf("%s is a pull request, not an issue", url)}
	case url == "" || date == "" || is.Title == "":
		return row{num: num, err: errors.New("has no url, createdAt or title: export issues with gh issue list --json " + GitHubFields)}
	}
	obj := map[string]string{"url": url, "link": url, "number": strconv.Itoa(is.Number), "title": is.Title, "createdAt": date}
	author := is.Author
	if author == nil {
		author = is.User
	}
	if author != nil && author.Login != "" {
		obj["author"] = "@" + author.Login
	}
	var labels []string
	for _, l := range is.Labels {
		labels = append(labels, l.Name)
	}
	obj["labels"] = strings.Join(labels, ", ")
	obj["mentions"] = strconv.Itoa(thumbsUp(is) + 1)
	if is.Body != nil {
		obj["body"] = *is.Body
		for _, s := range formSections(*is.Body).sections {
			if _, taken := obj[s.heading]; !taken {
				obj[s.heading] = s.text
			}
		}
	}
	return row{num: num, obj: obj}
}

// thumbsUp counts an issue's thumbs-up reactions: the votes of GitHub.
func thumbsUp(is *ghIssue) int {
	for _, g := range is.ReactionGroups {
		if g.Content == "THUMBS_UP" {
			return g.Users.TotalCount
		}
	}
	if n, ok := is.Reactions["+1"].(float64); ok && n > 0 {
		return int(n)
	}
	return 0
}

// form is an issue body cut at its "### " headings, as GitHub writes the
// answers of an issue form.
type form struct {
	preamble string // what comes before the first heading
	sections []section
}

type section struct {
	heading, text string
}

// noResponse is what GitHub writes for a form field left empty.
const noResponse = "_No response_"

// formSections cuts a body at its level-3 headings (outside code fences).
func formSections(body string) form {
	var f form
	var cur *section
	var b strings.Builder
	flush := func() {
		text := strings.TrimSpace(b.String())
		if text == noResponse {
			text = ""
		}
		if cur == nil {
			f.preamble = text
		} else {
			cur.text = text
			f.sections = append(f.sections, *cur)
		}
		b.Reset()
	}
	fence := ""
	for line := range strings.Lines(strings.ReplaceAll(body, "\r\n", "\n")) {
		trimmed := strings.TrimRight(line, "\n")
		if marker := fenceOf(trimmed); marker != "" && (fence == "" || strings.HasPrefix(marker, fence)) {
			if fence == "" {
				fence = marker
			} else {
				fence = ""
			}
		} else if h, ok := strings.CutPrefix(trimmed, "### "); ok && fence == "" {
			flush()
			cur = &section{heading: strings.TrimSpace(h)}
			continue
		}
		b.WriteString(line)
	}
	flush()
	return f
}

// fenceOf returns the fence a line opens or closes (``` or ~~~, as long
// as it is), "" for any other line.
func fenceOf(line string) string {
	l := strings.TrimLeft(line, " ")
	if len(line)-len(l) > 3 {
		return ""
	}
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(l) && l[n] == c {
			n++
		}
		if n >= 3 {
			return l[:n]
		}
	}
	return ""
}

// rest is the body less the sections whose headings are in taken (the
// answers mapped to other fields) and the empty ones: the one section
// left as its text alone, or each with its heading.
func (f form) rest(taken map[string]bool) string {
	var left []section
	for _, s := range f.sections {
		if !taken[s.heading] && s.text != "" {
			left = append(left, s)
		}
	}
	if f.preamble == "" && len(left) == 1 {
		return left[0].text
	}
	parts := []string{}
	if f.preamble != "" {
		parts = append(parts, f.preamble)
	}
	for _, s := range left {
		parts = append(parts, "### "+s.heading+"\n\n"+s.text)
	}
	return strings.Join(parts, "\n\n")
}
