package generator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/importer"
	"github.com/heedhq/heed/generator/render"
)

// issueForm is an issue form, with the keys of GitHub's issue forms syntax
// (a key it does not know is an error in the tests, as on GitHub).
type issueForm struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Title       string   `yaml:"title"`
	Labels      []string `yaml:"labels"`
	Assignees   []string `yaml:"assignees"`
	Projects    []string `yaml:"projects"`
	Type        string   `yaml:"type"`
	Body        []struct {
		Type       string `yaml:"type"`
		ID         string `yaml:"id"`
		Attributes struct {
			Label       string `yaml:"label"`
			Description string `yaml:"description"`
			Placeholder string `yaml:"placeholder"`
			Value       string `yaml:"value"`
			Render      string `yaml:"render"`
			Options     []any  `yaml:"options"`
			Multiple    bool   `yaml:"multiple"`
			Default     int    `yaml:"default"`
		} `yaml:"attributes"`
		Validations struct {
			Required bool `yaml:"required"`
		} `yaml:"validations"`
	} `yaml:"body"`
}

// readIssueForm runs heed init and reads the issue form it writes.
func readIssueForm(t *testing.T) (string, issueForm) {
	t.Helper()
	dir, _ := initWorkflows(t)
	path := ".github/ISSUE_TEMPLATE/" + render.IssueForm
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	if err != nil {
		t.Fatalf("heed init did not write %s, which \"tell us\" links open: %v", path, err)
	}
	var f issueForm
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return dir, f
}

// TestIssueFormIsValid checks the form against the rules of GitHub's issue
// forms syntax that GitHub enforces: a name and description, a body of
// known element types, each input with a unique id of letters, digits, -
// and _ and a unique, non-empty label.
func TestIssueFormIsValid(t *testing.T) {
	_, f := readIssueForm(t)
	if f.Name == "" || f.Description == "" || len(f.Body) == 0 {
		t.Fatalf("an issue form needs a name, a description and a body: %+v", f)
	}
	idRE := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	ids, labels := map[string]bool{}, map[string]bool{}
	inputs := 0
	for i, el := range f.Body {
		switch el.Type {
		case "markdown":
			if el.Attributes.Value == "" {
				t.Errorf("body[%d]: markdown without a value", i)
			}
			continue
		case "textarea", "input", "dropdown", "checkboxes":
		default:
			t.Errorf("body[%d]: unknown type %q", i, el.Type)
			continue
		}
		inputs++
		if !idRE.MatchString(el.ID) || ids[el.ID] {
			t.Errorf("body[%d]: id %q is missing, malformed or used twice", i, el.ID)
		}
		if el.Attributes.Label == "" || labels[el.Attributes.Label] {
			t.Errorf("body[%d]: label %q is missing or used twice", i, el.Attributes.Label)
		}
		ids[el.ID], labels[el.Attributes.Label] = true, true
	}
	if !ids[render.IssueFormTheme] {
		t.Errorf("the form has no field with id %q, which \"tell us\" links fill in", render.IssueFormTheme)
	}
	if inputs == 0 || !f.Body[1].Validations.Required {
		t.Error("the form's first question (what happened) should be required")
	}
}

// TestIssueFormIsImportedAsItIsFilled files an issue with the form as
// GitHub writes it (each answer under a "### Label" heading, "_No
// response_" for none) and imports the event the intake workflow gets: the
// answers land in the body, the customer and the themes.
func TestIssueFormIsImportedAsItIsFilled(t *testing.T) {
	dir, f := readIssueForm(t)
	answers := map[string]string{"what": "The year-end export times out.", "who": "Acme Corp", "theme": "example-theme"}
	var body []string
	for _, el := range f.Body {
		if el.Type == "markdown" {
			continue
		}
		a := answers[el.ID]
		if a == "" {
			a = "_No response_"
		}
		body = append(body, "### "+el.Attributes.Label+"\n\n"+a)
	}
	event, _ := json.Marshal(map[string]any{"action": "opened", "issue": map[string]any{
		"html_url": "https://github.com/acme/feedback/issues/7", "number": 7, "title": "Export times out",
		"created_at": "2026-11-20T16:45:09Z", "user": map[string]any{"login": "jane"},
		"labels": []any{map[string]any{"name": f.Labels[0]}}, "body": strings.Join(body, "\n\n"),
	}})
	res, err := generator.Check(dir, generator.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	opts := importer.Options{Format: importer.GitHub, Report: func(r importer.Row) {
		if r.Outcome != importer.Written || len(r.Warnings) > 0 {
			t.Errorf("row %d: %s %s %v", r.Num, r.Outcome, r.Reason, r.Warnings)
		}
		written = append(written, r.Path)
	}}
	if _, err := importer.Import(dir, res.Set, "event.json", strings.NewReader(string(event)), opts); err != nil {
		t.Fatal(err)
	}
	if len(written) != 1 {
		t.Fatalf("written %v, want one item", written)
	}
	data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(written[0])))
	for _, want := range []string{"\n  name: Acme Corp\n  contact: \"@jane\"\n", "\nthemes: [example-theme]\n", "\n---\n\nThe year-end export times out.\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s does not say %q:\n%s", written[0], want, data)
		}
	}
}

// TestIntakeWorkflow: the intake workflow runs on the form's label, imports
// the event with heed import github, and proposes the file in a pull
// request that the issue is told about; untrusted text (the issue's title)
// reaches its script only through the environment.
func TestIntakeWorkflow(t *testing.T) {
	_, files := initWorkflows(t)
	_, form := readIssueForm(t)
	wf := decode(t, initIntakeWorkflow, files[initIntakeWorkflow])
	on, _ := wf["on"].(map[string]any)
	issues, _ := on["issues"].(map[string]any)
	if types, _ := issues["types"].([]any); !slices.Contains(types, any("opened")) {
		t.Errorf("the workflow runs on issues %v, want opened among them", issues)
	}
	job := wf["jobs"].(map[string]any)["intake"].(map[string]any)
	if cond, _ := job["if"].(string); len(form.Labels) == 0 || !strings.Contains(cond, "'"+form.Labels[0]+"'") {
		t.Errorf("the job runs if %q; want it to ask for the form's label %v", cond, form.Labels)
	}
	var script string
	for _, s := range job["steps"].([]any) {
		if run, ok := s.(map[string]any)["run"].(string); ok {
			script += run + "\n"
		}
	}
	for _, want := range []string{`heed import github "$GITHUB_EVENT_PATH"`, "gh pr create", "gh issue comment"} {
		if !strings.Contains(script, want) {
			t.Errorf("the workflow's scripts do not run %s", want)
		}
	}
	if strings.Contains(script, "${{") {
		t.Error("a script interpolates an expression; pass it through env")
	}
}

// TestRepositoryIssueFormIsInits: heed's own repository, whose sample site
// links "tell us" to its issue form, has the form heed init writes, so the
// demo's links open a form and not GitHub's "template not found".
func TestRepositoryIssueFormIsInits(t *testing.T) {
	dir, _ := readIssueForm(t)
	path := ".github/ISSUE_TEMPLATE/" + render.IssueForm
	want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(path)))
	if err != nil {
		t.Fatalf("heed's repository has no %s, which the sample's \"tell us\" links open: %v", path, err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the form heed init writes", path)
	}
}
