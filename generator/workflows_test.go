package generator_test

import (
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator"
)

// repoRoot is heed's own repository: action.yml and .github/workflows/.
const repoRoot = ".."

// The workflows heed init writes, by path.
const (
	initCheckWorkflow  = ".github/workflows/heed-check.yml"
	initPagesWorkflow  = ".github/workflows/heed-pages.yml"
	initIntakeWorkflow = ".github/workflows/heed-intake.yml"
)

// The action a feedback repository's workflows name to run heed.
const heedAction = "heedhq/heed@v1"

// lint runs actionlint on one workflow as a file at path inside the
// repository root, where "uses: ./" finds root's action.yml. shellcheck and
// pyflakes stay off, so the result does not depend on what is installed.
func lint(t *testing.T, root, path string, content []byte) []*actionlint.Error {
	t.Helper()
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	project, err := actionlint.NewProject(abs)
	if err != nil {
		t.Fatal(err)
	}
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{
		Shellcheck: "",
		Pyflakes:   "",
		WorkingDir: abs,
	})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.Lint(filepath.Join(abs, filepath.FromSlash(path)), content, project)
	if err != nil {
		t.Fatalf("actionlint could not lint %s: %v", path, err)
	}
	return errs
}

// assertLintClean fails with every problem actionlint found in a workflow.
func assertLintClean(t *testing.T, root, path string, content []byte) {
	t.Helper()
	for _, e := range lint(t, root, path, content) {
		t.Errorf("%s:%d:%d: %s [%s]", path, e.Line, e.Column, e.Message, e.Kind)
	}
	if t.Failed() {
		t.Logf("the workflow linted:\n%s", content)
	}
}

// initWorkflows runs heed init in a new folder and returns that folder and
// the workflows it wrote, by path.
func initWorkflows(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if _, err := generator.Init(dir); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range []string{initCheckWorkflow, initPagesWorkflow, initIntakeWorkflow} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatalf("heed init did not write %s: %v", p, err)
		}
		out[p] = b
	}
	return dir, out
}

// repoWorkflows returns heed's own workflows, by path.
func repoWorkflows(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repoRoot, p)
		out[filepath.ToSlash(rel)] = b
	}
	return out
}

// readAction returns heed's action.yml.
func readAction(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decode parses YAML into plain maps, lists and scalars.
func decode(t *testing.T, name string, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func TestRepositoryWorkflowsPassActionlint(t *testing.T) {
	files := repoWorkflows(t)
	for _, want := range []string{".github/workflows/check.yml", ".github/workflows/pages.yml"} {
		if _, ok := files[want]; !ok {
			t.Errorf("heed's repository has no %s", want)
		}
	}
	for path, b := range files {
		t.Run(path, func(t *testing.T) { assertLintClean(t, repoRoot, path, b) })
	}
}

func TestInitWorkflowsPassActionlint(t *testing.T) {
	dir, files := initWorkflows(t)
	for path, b := range files {
		t.Run(path, func(t *testing.T) { assertLintClean(t, dir, path, b) })
	}
}

// actionlint knows nothing of heedhq/heed@v1 until it is released, so it
// cannot check what the workflows pass to it. Pointed at this checkout's
// action instead ("uses: ./"), every input they give must be one action.yml
// declares.
func TestInitWorkflowsGiveTheActionOnlyItsInputs(t *testing.T) {
	dir, files := initWorkflows(t)
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), readAction(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, b := range files {
		t.Run(path, func(t *testing.T) {
			if !strings.Contains(string(b), "uses: "+heedAction+"\n") {
				t.Fatalf("%s does not use %s", path, heedAction)
			}
			local := strings.ReplaceAll(string(b), "uses: "+heedAction+"\n", "uses: ./\n")
			assertLintClean(t, dir, path, []byte(local))
		})
	}
}

// The linter must really be running: a workflow with known mistakes is
// reported, each mistake by name.
func TestActionlintFindsTheMistakesOfABrokenWorkflow(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), readAction(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "workflows", "bad-workflow.yml"))
	if err != nil {
		t.Fatal(err)
	}
	errs := lint(t, dir, ".github/workflows/bad-workflow.yml", b)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	for _, want := range []struct{ mistake, fragment string }{
		{"an unknown job key", `unexpected key "timeout" for "job" section`},
		{"an unknown input of a known action", `input "fetch_depth" is not defined in action "actions/checkout@v4"`},
		{"an unknown input of the heed action", `input "comand" is not defined in action "heed"`},
		{"script injection", `"github.event.pull_request.title" is potentially untrusted`},
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, want.fragment) }) {
			t.Errorf("actionlint did not report %s (%q) in bad-workflow.yml; it reported:\n%s",
				want.mistake, want.fragment, strings.Join(got, "\n"))
		}
	}
}

// actionStep is one step of the composite action.
type actionStep struct {
	Name             string            `yaml:"name"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

// actionMetadata is what the tests read of action.yml.
type actionMetadata struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

func TestActionIsACompositeActionWithDocumentedInputs(t *testing.T) {
	b := readAction(t)

	// actionlint reads action metadata only to check the workflows that use
	// the action; its reader must accept action.yml as it is.
	abs, _ := filepath.Abs(repoRoot)
	project, err := actionlint.NewProject(abs)
	if err != nil {
		t.Fatal(err)
	}
	meta, _, err := actionlint.NewLocalActionsCache(project, nil).FindMetadata("./")
	if err != nil {
		t.Fatalf("actionlint cannot read action.yml: %v", err)
	}
	if meta == nil || meta.Runs.Using != "composite" {
		t.Fatalf("actionlint reads action.yml as %+v, want a composite action", meta)
	}

	var md actionMetadata
	if err := yaml.Unmarshal(b, &md); err != nil {
		t.Fatal(err)
	}
	if md.Name == "" || md.Description == "" {
		t.Error("action.yml needs a name and a description")
	}
	defaults := map[string]string{
		"command":    "check",
		"args":       "",
		"directory":  ".",
		"version":    "", // the action's own ref, else latest
		"go-version": "stable",
	}
	for name, want := range defaults {
		in, ok := md.Inputs[name]
		switch {
		case !ok:
			t.Errorf("action.yml has no input %q", name)
		case in.Description == "":
			t.Errorf("input %q has no description", name)
		case in.Required:
			t.Errorf("input %q is required; every input has a default", name)
		case in.Default == nil || *in.Default != want:
			t.Errorf("input %q defaults to %v, want %q", name, in.Default, want)
		}
	}
	for name := range md.Inputs {
		if _, ok := defaults[name]; !ok {
			t.Errorf("input %q is not specified by this test", name)
		}
	}
}

func TestActionPassesInputsToScriptsOnlyThroughTheEnvironment(t *testing.T) {
	var md actionMetadata
	if err := yaml.Unmarshal(readAction(t), &md); err != nil {
		t.Fatal(err)
	}
	var install, run *actionStep
	for i, s := range md.Runs.Steps {
		if s.Run == "" {
			continue
		}
		if s.Shell == "" {
			t.Errorf("step %q runs a script without a shell; composite actions need one", s.Name)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q interpolates an expression into its script; pass it through env", s.Name)
		}
		if strings.Contains(s.Run, "go install ") && strings.Contains(s.Run, "github.com/heedhq/heed/cmd/heed@") {
			install = &md.Runs.Steps[i]
		}
		if strings.Contains(s.Run, `"$HEED_COMMAND"`) {
			run = &md.Runs.Steps[i]
		}
	}
	if !slices.ContainsFunc(md.Runs.Steps, func(s actionStep) bool { return s.Uses == "actions/setup-go@v5" }) {
		t.Error("the action does not set up Go with actions/setup-go@v5")
	}
	if install == nil {
		t.Fatal("no step installs heed with go install github.com/heedhq/heed/cmd/heed@VERSION")
	}
	for _, want := range []string{"${{ inputs.version }}", "${{ github.action_ref }}"} {
		if !slices.Contains(slices.Collect(maps.Values(install.Env)), want) {
			t.Errorf("the install step's env does not carry %s", want)
		}
	}
	if run == nil {
		t.Fatal("no step runs heed $HEED_COMMAND")
	}
	for _, want := range []string{"${{ inputs.command }}", "${{ inputs.args }}"} {
		if !slices.Contains(slices.Collect(maps.Values(run.Env)), want) {
			t.Errorf("the run step's env does not carry %s", want)
		}
	}
	if run.WorkingDirectory != "${{ inputs.directory }}" {
		t.Errorf("the run step works in %q, want the directory input", run.WorkingDirectory)
	}
}

// actionlint lints workflows, not action metadata. The action's steps are
// linted as the steps of a job in a reusable workflow whose inputs are the
// action's, so that expressions, known actions' inputs and step keys are
// all checked.
func TestActionStepsPassActionlint(t *testing.T) {
	action := decode(t, "action.yml", readAction(t))
	runs, _ := action["runs"].(map[string]any)
	inputs, _ := action["inputs"].(map[string]any)
	callInputs := map[string]any{}
	for name, v := range inputs {
		in := map[string]any{"type": "string", "required": false}
		if def, ok := v.(map[string]any)["default"]; ok {
			in["default"] = def
		}
		callInputs[name] = in
	}
	workflow := map[string]any{
		"on": map[string]any{"workflow_call": map[string]any{"inputs": callInputs}},
		"jobs": map[string]any{
			"action": map[string]any{"runs-on": "ubuntu-latest", "steps": runs["steps"]},
		},
	}
	b, err := yaml.Marshal(workflow)
	if err != nil {
		t.Fatal(err)
	}
	assertLintClean(t, t.TempDir(), ".github/workflows/action-steps.yml", b)
}

// heed's own workflows are the tool-repository variants of the ones heed
// init writes: they build heed from source where a feedback repository
// installs it through the action, and agree on everything else.
func TestRepositoryWorkflowsFollowInitWorkflows(t *testing.T) {
	_, initFiles := initWorkflows(t)
	repoFiles := repoWorkflows(t)
	for _, pair := range []struct{ repo, init, command string }{
		{".github/workflows/check.yml", initCheckWorkflow, "check"},
		{".github/workflows/pages.yml", initPagesWorkflow, "build"},
	} {
		t.Run(pair.repo, func(t *testing.T) {
			repo := decode(t, pair.repo, repoFiles[pair.repo])
			init := decode(t, pair.init, initFiles[pair.init])
			for _, key := range []string{"name", "on", "permissions", "concurrency"} {
				if !reflect.DeepEqual(repo[key], init[key]) {
					t.Errorf("%s: %s is %v; %s has %v", pair.repo, key, repo[key], pair.init, init[key])
				}
			}
			repoJobs, _ := repo["jobs"].(map[string]any)
			initJobs, _ := init["jobs"].(map[string]any)
			if !reflect.DeepEqual(sortedKeys(repoJobs), sortedKeys(initJobs)) {
				t.Fatalf("%s has jobs %v; %s has %v", pair.repo, sortedKeys(repoJobs), pair.init, sortedKeys(initJobs))
			}
			var repoFlags, initFlags []string
			for id := range repoJobs {
				rj, ij := repoJobs[id].(map[string]any), initJobs[id].(map[string]any)
				for _, key := range []string{"runs-on", "needs", "environment", "permissions"} {
					if !reflect.DeepEqual(rj[key], ij[key]) {
						t.Errorf("job %s: %s is %v; in %s it is %v", id, key, rj[key], pair.init, ij[key])
					}
				}
				rs, rf := commonSteps(t, rj, func(s map[string]any) []string { return heedRunFlags(t, s, pair.command) })
				is, iff := commonSteps(t, ij, func(s map[string]any) []string { return heedActionFlags(t, s, pair.command) })
				if !reflect.DeepEqual(rs, is) {
					t.Errorf("job %s: the steps besides heed's differ:\n%s: %v\n%s: %v", id, pair.repo, rs, pair.init, is)
				}
				repoFlags, initFlags = append(repoFlags, rf...), append(initFlags, iff...)
			}
			if len(initFlags) == 0 || !reflect.DeepEqual(repoFlags, initFlags) {
				t.Errorf("heed %s runs with flags %v in %s and %v in %s", pair.command, repoFlags, pair.repo, initFlags, pair.init)
			}
		})
	}
}

// commonSteps returns a job's steps other than setting up Go and running
// heed, and the flags heed runs with, as heedFlags finds them in a step
// (nil when the step does not run heed).
func commonSteps(t *testing.T, job map[string]any, heedFlags func(map[string]any) []string) ([]any, []string) {
	t.Helper()
	steps, _ := job["steps"].([]any)
	var common []any
	var flags []string
	for _, s := range steps {
		step := s.(map[string]any)
		if f := heedFlags(step); f != nil {
			flags = append(flags, f...)
			continue
		}
		if uses, _ := step["uses"].(string); strings.HasPrefix(uses, "actions/setup-go@") {
			continue
		}
		common = append(common, step)
	}
	return common, flags
}

// heedRunFlags returns the flags of "go run ./cmd/heed COMMAND" in a run
// step, or nil.
func heedRunFlags(t *testing.T, step map[string]any, command string) []string {
	t.Helper()
	script, _ := step["run"].(string)
	prefix := "go run ./cmd/heed " + command
	if !strings.HasPrefix(script, prefix) {
		return nil
	}
	return flagNames(strings.TrimPrefix(script, prefix))
}

// heedActionFlags returns the flags a step gives the heed action, or nil.
func heedActionFlags(t *testing.T, step map[string]any, command string) []string {
	t.Helper()
	if step["uses"] != heedAction {
		return nil
	}
	with, _ := step["with"].(map[string]any)
	if with["command"] != command {
		t.Errorf("the heed action runs %v, want %s", with["command"], command)
	}
	args, _ := with["args"].(string)
	return flagNames(args)
}

// flagNames returns the words of a command line that start with "--".
func flagNames(line string) []string {
	flags := []string{}
	for _, w := range strings.Fields(line) {
		if strings.HasPrefix(w, "--") {
			flags = append(flags, w)
		}
	}
	return flags
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
