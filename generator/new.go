package generator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/diag"
	"github.com/heedhq/heed/generator/pipeline"
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
	// Public, when set, says whether a public build shows the item's
	// words whatever its source (the item's `public` key); nil leaves it
	// to publish.sources.
	Public *bool
}

// New writes a feedback item file into the repository at dir and returns
// its repository-relative path. It validates the values against the
// repository's vocabularies, themes and customers, refuses an id that any
// item already has, and never overwrites a file. The file is what heed
// import writes for a row (content.Parser.ItemFile).
func New(dir, cfgPath string, n NewItem) (string, error) {
	set, err := Load(dir, cfgPath)
	if err != nil {
		return "", err
	}
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
	if n.Private && n.Public != nil && *n.Public {
		return "", diag.Option("Public", errors.New("a private item is never published; say --private or --public, not both"))
	}
	for _, th := range n.Themes {
		if set.Theme(th) == nil {
			return "", diag.Option("Themes", fmt.Errorf("%q: no such theme in themes/", th))
		}
	}
	it := &content.Item{
		ID: content.ItemID(n.Date, n.Title, ""), Title: n.Title, Date: n.Date, Source: n.Source, Type: n.Type,
		Themes: n.Themes, Body: n.Body, Private: n.Private, Public: n.Public, Mentions: 1,
	}
	if n.Customer != "" {
		if set.Customer(n.Customer) == nil {
			return "", diag.Option("Customer", fmt.Errorf("%q is not in customers.yaml", n.Customer))
		}
		it.Customer = &content.Customer{ID: n.Customer}
	}
	if old := set.Item(it.ID); old != nil {
		return "", fmt.Errorf("an item with id %s exists already (%s)", it.ID, old.Path)
	}
	it.Path = content.ItemPath("", it.ID)
	data, _, _, err := content.NewParser(cfg, false).ItemFile(it)
	if err != nil {
		return "", fmt.Errorf("%s %w", it.Path, err)
	}
	source.SweepTemp(filepath.Dir(filepath.Join(dir, filepath.FromSlash(it.Path))), time.Now())
	exists, err := source.WriteNew(dir, it.Path, data, "")
	if err != nil {
		return "", err
	}
	if exists {
		return "", fmt.Errorf("%s exists already; heed never overwrites a file", it.Path)
	}
	return it.Path, nil
}

// Load reads the repository at dir (with the configuration file cfgPath
// instead of its heed.yaml when not "") and returns its content, problems
// included, without the checks that need more than the content (such as
// the search for likely duplicates): what heed new and heed import add to.
// Bodies are read as written, as heed check reads them: neither command
// shows Markdown, and rendering it took a third of the memory of importing
// again an export of 200,000 rows into the repository holding them.
func Load(dir, cfgPath string) (*content.Set, error) {
	snap, err := read(dir, cfgPath, nil, "", "", "")
	if err != nil {
		return nil, err
	}
	return pipeline.New(pipeline.Options{KeepGoing: true, Content: content.Options{RawText: true}}).Run(pipeline.Input{Snapshot: snap}).Set, nil
}
