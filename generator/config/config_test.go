package config_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/heedhq/heed/generator/config"
)

func TestCommentedIsTheDefault(t *testing.T) {
	c, ds := config.Parse("heed.yaml", []byte(config.Commented))
	if len(ds) > 0 {
		t.Fatalf("the commented heed.yaml has problems: %v", ds)
	}
	c.Pos = nil
	d := config.Default()
	d.Pos = nil
	if !reflect.DeepEqual(c, d) {
		t.Errorf("parsing Commented gives\n%+v\nwant Default()\n%+v", c, d)
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string // "line:col [rule] message part"
		check      func(*config.Config) bool
	}{
		{"empty file keeps defaults", "", nil, func(c *config.Config) bool { return c.BaseURL == "./" && c.Publish.Items && !c.Publish.Customers }},
		{"unknown key suggests", "titel: X\n", []string{"1:1 [config-unknown-key] did you mean title?"}, nil},
		{"unknown nested key", "publish:\n  customer: true\n", []string{"2:3 [config-unknown-key] did you mean customers?"}, nil},
		{"publish switch not a bool", "publish:\n  items: yes please\n", []string{"2:10 [config-type]"}, nil},
		{"custom vocabulary", "sources: [call, chat]\nstatuses:\n  themes:\n    idea: open\n    building: {kind: active, horizon: now}\n    live: done\n",
			nil, func(c *config.Config) bool {
				s, ok := c.ThemeStatus("building")
				i, _ := c.ThemeStatus("idea")
				return ok && s.Horizon == "now" && i.Horizon == "later" && len(c.Sources) == 2
			}},
		{"status kind must be built in", "statuses:\n  items:\n    todo: opne\n", []string{"3:11 [config-value] did you mean open?"}, nil},
		{"objectives", "objectives:\n  - id: growth\n    weight: 2\n", nil, func(c *config.Config) bool {
			o, ok := c.Objective("growth")
			return ok && o.Weight == 2 && o.Title == "growth"
		}},
		{"objective without id", "objectives:\n  - title: Growth\n", []string{"2:5 [config-required]"}, nil},
		{"commit_url needs {commit}", "commit_url: https://x.example/c/\n", []string{"1:13 [config-value]"}, nil},
		{"contribute must be a web URL", "contribute: git@github.com:a/b\n", []string{"1:13 [config-value]"}, nil},
		{"negative weight", "weights:\n  segments: {smb: -1}\n", []string{"2:19 [config-type]"}, nil},
		{"markdown nesting", "markdown:\n  max_nesting: 12\n", nil, func(c *config.Config) bool { return c.MaxNesting == 12 }},
		{"markdown nesting out of range", "markdown:\n  max_nesting: 100000\n", []string{"2:16 [config-value] from 1 to 256"}, func(c *config.Config) bool { return c.MaxNesting == config.DefaultMaxNesting }},
		{"markdown nesting not whole", "markdown:\n  max_nesting: 2.5\n", []string{"2:16 [config-value]"}, nil},
		{"not a map", "- a\n", []string{"1:1 [config-type]"}, nil},
		{"page size and minimum sample", "pagination:\n  page_size: 20\ncharts:\n  min_sample: 3\n", nil,
			func(c *config.Config) bool { return c.PageSize == 20 && c.MinSample == 3 }},
		{"page size must be a whole number", "pagination:\n  page_size: 2.5\n", []string{"2:14 [config-type] pagination.page_size must be a whole number"},
			func(c *config.Config) bool { return c.PageSize == 50 }},
		{"minimum sample at least 1", "charts:\n  min_sample: 0\n", []string{"2:15 [config-type]"}, nil},
		{"unknown pagination key", "pagination:\n  pagesize: 10\n", []string{"2:3 [config-unknown-key] did you mean page_size?"}, nil},
		{"a relative base URL", "baseURL: ./\n", nil, func(c *config.Config) bool { return c.BaseURL == "./" }},
		{"bad YAML", "title: [x\n", []string{"1:1 [front-matter]"}, nil},
		{"public sources by default", "", nil, func(c *config.Config) bool {
			return slices.Equal(c.Publish.Sources, []string{"review", "social", "form", "community"}) &&
				c.SourcePublic("community") && !c.SourcePublic("support") && !c.Publish.Revenue && c.Publish.Scores
		}},
		{"publish.sources, in vocabulary order", "publish:\n  sources: [support, community]\n  revenue: true\n  scores: false\n", nil, func(c *config.Config) bool {
			return slices.Equal(c.Publish.Sources, []string{"support", "community"}) && c.Publish.Revenue && !c.Publish.Scores
		}},
		{"publish.sources before the vocabulary", "publish:\n  sources: [forum]\nsources: [forum, ticket]\n", nil, func(c *config.Config) bool {
			return slices.Equal(c.Publish.Sources, []string{"forum"}) && c.SourcePublic("forum") && !c.SourcePublic("ticket")
		}},
		{"a vocabulary keeps the default public sources it has", "sources: [ticket, community, call]\n", nil, func(c *config.Config) bool {
			return slices.Equal(c.Publish.Sources, []string{"community"})
		}},
		{"no public source", "publish:\n  sources: []\n", nil, func(c *config.Config) bool { return len(c.Publish.Sources) == 0 }},
		{"publish.sources names a source", "publish:\n  sources: [comunity, form]\n", []string{"2:13 [config-value] did you mean community?"},
			func(c *config.Config) bool { return slices.Equal(c.Publish.Sources, []string{"form"}) }},
		{"publish.sources is a list", "publish:\n  sources: community\n", []string{"2:12 [config-type]"},
			func(c *config.Config) bool { return len(c.Publish.Sources) == 0 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := config.Parse("heed.yaml", []byte(tc.yaml))
			if len(ds) != len(tc.want) {
				t.Fatalf("got %d diagnostics %v, want %d %q", len(ds), ds, len(tc.want), tc.want)
			}
			for i, d := range ds {
				parts := strings.SplitN(tc.want[i], " ", 3)
				pos := strings.Split(parts[0], ":")
				if pos[0] != strconv.Itoa(d.Line) || pos[1] != strconv.Itoa(d.Col) || "["+d.Rule+"]" != parts[1] || (len(parts) > 2 && !strings.Contains(d.Message, parts[2])) {
					t.Errorf("got %s, want %s", d, tc.want[i])
				}
			}
			if tc.check != nil && !tc.check(c) {
				t.Errorf("config not as expected: %+v", c)
			}
		})
	}
}
