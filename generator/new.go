package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/score"
	"github.com/heedhq/heed/generator/source"
)

// NewItem is what `heed new` knows about a new piece of feedback.
type NewItem struct {
	Title string
	// Date is when it was received; zero is today: SOURCE_DATE_EPOCH's day
	// when it is set, so that scripted runs are reproducible.
	Date     time.Time
	Source   string
	Type     string
	Themes   []string
	Customer string
	Body     string
	Private  bool
}

// New writes a feedback item file into the repository at dir and returns
// its repository-relative path. It validates the values against the
// repository's vocabularies, themes and customers, refuses an id that any
// item already has, and never overwrites a file.
func New(dir, cfgPath string, n NewItem) (string, error) {
	res, err := Check(dir, CheckOptions{Config: cfgPath})
	if err != nil {
		return "", err
	}
	set := res.Set
	cfg := set.Config
	if n.Date.IsZero() {
		var ok bool
		if n.Date, ok = score.SourceDateEpoch(os.Getenv); !ok {
			n.Date = time.Now()
		}
	}
	if strings.TrimSpace(n.Title) == "" {
		return "", errors.New("the title must not be empty")
	}
	if len([]rune(n.Title)) > content.MaxTitle {
		return "", fmt.Errorf("the title is %d characters; keep it to %d", len([]rune(n.Title)), content.MaxTitle)
	}
	if !slices.Contains(cfg.Sources, n.Source) {
		return "", diag.Option("Source", fmt.Errorf("%q is not one of %s", n.Source, strings.Join(cfg.Sources, ", ")))
	}
	if !slices.Contains(cfg.Types, n.Type) {
		return "", diag.Option("Type", fmt.Errorf("%q is not one of %s", n.Type, strings.Join(cfg.Types, ", ")))
	}
	for _, th := range n.Themes {
		if set.Theme(th) == nil {
			return "", diag.Option("Themes", fmt.Errorf("%q: no such theme in themes/", th))
		}
	}
	if n.Customer != "" && set.Customer(n.Customer) == nil {
		return "", diag.Option("Customer", fmt.Errorf("%q is not in customers.yaml", n.Customer))
	}
	slug := content.Slugify(n.Title)
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "-")
	}
	id := n.Date.Format("2006-01-02") + "-" + slug
	if it := set.Item(id); it != nil {
		return "", fmt.Errorf("an item with id %s exists already (%s)", id, it.Path)
	}
	rel := source.FeedbackDir + "/" + id + ".md"
	data := []byte(ItemFile(cfg, n))
	// Validate what we are about to write with the same parser as check.
	if _, ds := content.NewParser(cfg, false).ParseItem(rel, data); ds.Fails(false) {
		return "", fmt.Errorf("the new item would not be valid: %s", ds[0])
	}
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s exists already; heed never overwrites a file", rel)
	} else if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", fmt.Errorf("%s: %w", rel, err)
	}
	return rel, f.Close()
}

// ItemFile returns the text of a feedback file for n: YAML front matter
// (every value quoted where YAML needs it) and the body.
func ItemFile(cfg *config.Config, n NewItem) string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(n.Title))
	fmt.Fprintf(&b, "date: %s\n", n.Date.Format("2006-01-02"))
	fmt.Fprintf(&b, "source: %s\n", n.Source)
	fmt.Fprintf(&b, "type: %s\n", n.Type)
	if n.Customer != "" {
		fmt.Fprintf(&b, "customer: %s\n", n.Customer)
	}
	if len(n.Themes) > 0 {
		fmt.Fprintf(&b, "themes: [%s]\n", strings.Join(n.Themes, ", "))
	}
	if n.Private {
		b.WriteString("private: true\n")
	}
	b.WriteString("---\n")
	if body := strings.TrimSpace(n.Body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return b.String()
}

// yamlString quotes s as a YAML double-quoted string.
func yamlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
