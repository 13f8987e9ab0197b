package pipeline

import (
	"slices"
	"strings"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/group"
	"github.com/heedhq/heed/generator/publish"
)

// groupInput is the content as the grouping stage reads it.
type groupInput struct {
	docs   []group.Doc
	themes []group.Theme
}

// groupInputOf adapts the content to the grouping stage: an item's text is
// its title and body, as words gives them for the i-th item; a duplicate
// carries its original's themes, so that it is not suggested themes of its
// own nor clustered. Only the items words accepts take part, and never an
// answer that is only a score (its title is made of the question and the
// score: not the customer's words).
func groupInputOf(set *content.Set, words func(i int, it *content.Item) (title, text string, tags []string, ok bool)) groupInput {
	docs := make([]group.Doc, 0, len(set.Items))
	for i, it := range set.Items {
		title, text, tags, ok := words(i, it)
		if it.ScoreOnly || !ok {
			continue
		}
		themes := it.Themes
		if len(themes) == 0 && it.DuplicateOf != "" {
			if orig := set.Original(it); orig != nil {
				themes = orig.Themes
			}
			if len(themes) == 0 {
				// A duplicate of an unthemed item waits for its original.
				themes = []string{"(duplicate)"}
			}
		}
		docs = append(docs, group.Doc{ID: it.ID, Title: title, Text: text, Themes: themes, Tags: tags})
	}
	themes := make([]group.Theme, 0, len(set.Themes))
	for _, th := range set.Themes {
		themes = append(themes, group.Theme{ID: th.ID, Text: th.Title + "\n" + th.Summary + "\n" + th.Text, Keywords: th.Keywords})
	}
	return groupInput{docs, themes}
}

// equal reports whether two inputs give the same grouping. Items an edit
// left alone keep their strings, so comparing them is cheap.
func (g groupInput) equal(o groupInput) bool {
	return slices.EqualFunc(g.docs, o.docs, func(a, b group.Doc) bool {
		return a.ID == b.ID && a.Title == b.Title && a.Text == b.Text && slices.Equal(a.Themes, b.Themes) && slices.Equal(a.Tags, b.Tags)
	}) && slices.EqualFunc(g.themes, o.themes, func(a, b group.Theme) bool {
		return a.ID == b.ID && a.Text == b.Text && slices.Equal(a.Keywords, b.Keywords)
	})
}

// groupFunc returns the function that groups set as the options need,
// over the words the audience may see (cluster names are made of them:
// pub's, when the run made it), and drops the duplicate pairs set records.
func (p *Pipeline) groupFunc(set *content.Set, pub *publish.Content) func() *group.Result {
	need, internal := p.opts.Need, p.opts.Internal
	words := func(i int, it *content.Item) (string, string, []string, bool) {
		return it.Title, it.Text, it.Tags, internal || it.Published(set.Config)
	}
	if pub != nil {
		words = pub.Words
	}
	return func() *group.Result {
		in := groupInputOf(set, words)
		raw := p.group(in, need)
		res := *raw
		res.Duplicates = unlinked(set, raw.Duplicates)
		return &res
	}
}

// group groups in as need asks, or (incremental) returns the last result
// when in is the same as last time's.
func (p *Pipeline) group(in groupInput, need Need) *group.Result {
	if p.opts.Incremental {
		p.groupMu.Lock()
		defer p.groupMu.Unlock()
		if g := p.grouped; g != nil && g.in.equal(in) {
			return g.out
		}
	}
	var opts group.Options
	if p.opts.Incremental {
		// One core: the grouping of an edit may still run when the next
		// edit comes (heed serve does not wait for it), whose page then
		// has the other core to itself. The result is the same.
		opts.Workers = 1
	}
	var res group.Result
	switch {
	case need&Suggestions != 0 || need&(Clusters|Duplicates) == Clusters|Duplicates:
		res = group.Analyze(in.docs, in.themes, opts)
	case need&Duplicates != 0:
		res.Duplicates = group.Duplicates(in.docs, in.themes, opts)
	case need&Clusters != 0 && hasUnthemed(in.docs):
		// Only unthemed items make clusters: without any, skip building
		// the corpus for nothing.
		res.Clusters = group.Clusters(in.docs, in.themes, opts)
	}
	if p.opts.Incremental {
		p.grouped = &grouping{in, &res}
	}
	return &res
}

// hasUnthemed reports whether a document has no theme.
func hasUnthemed(docs []group.Doc) bool {
	return slices.ContainsFunc(docs, func(d group.Doc) bool { return len(d.Themes) == 0 })
}

// unlinked drops the pairs the repository already records as duplicates
// (one is a duplicate of the other, or both of the same original).
func unlinked(set *content.Set, pairs []group.Duplicate) []group.Duplicate {
	out := []group.Duplicate{}
	for _, p := range pairs {
		a, b := set.Item(p.A), set.Item(p.B)
		if a != nil && b != nil {
			if oa := set.Original(a); oa != nil && oa == set.Original(b) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// DuplicateWarnings warns, on the newer item of each likely duplicate pair
// (Values.Groups().Duplicates), that it reads like the older one.
func DuplicateWarnings(set *content.Set, pairs []group.Duplicate) diag.List {
	var ds diag.List
	for _, p := range pairs {
		a, b := set.Item(p.A), set.Item(p.B)
		if a == nil || b == nil {
			continue
		}
		newer, older := b, a
		if a.Date.After(b.Date) || (a.Date.Equal(b.Date) && a.ID > b.ID) {
			newer, older = a, b
		}
		pos := newer.Pos["title"]
		ds = append(ds, diag.Warnf(newer.Path, pos.Line, pos.Col, "likely-duplicate",
			"reads like %s (%s, similarity %.2f); if it is the same ask, add duplicate_of: %s",
			older.ID, strings.TrimSpace(older.Title), p.Similarity, older.ID))
	}
	return ds
}
