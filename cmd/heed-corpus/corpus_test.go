package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/heedhq/heed/generator"
	"github.com/heedhq/heed/generator/history"
)

// small is a corpus that generates in well under a second.
var small = Params{Items: 400, Themes: 30, Customers: 60, Commits: 900, Seed: 7}

func writeCorpus(t *testing.T, p Params, withHugo bool) (repo, hugo string) {
	t.Helper()
	repo = t.TempDir()
	if withHugo {
		hugo = t.TempDir()
	}
	if err := Write(p, repo, hugo); err != nil {
		t.Fatal(err)
	}
	return repo, hugo
}

func TestEveryFilePassesCheck(t *testing.T) {
	for _, p := range []Params{small, {Items: 1500, Themes: 120, Customers: 300, Commits: 0, Seed: 1}} {
		dir, _ := writeCorpus(t, p, false)
		res, err := generator.Check(dir, generator.CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// Items of one theme ask for the same things, some without saying
		// they are duplicates: heed may call a few of them likely
		// duplicates. Some name their customer in their words, as real
		// feedback does (a public build replaces the names): heed warns.
		// It must find nothing else.
		flagged := map[string]bool{}
		for _, d := range res.Diagnostics {
			if d.Rule == "customer-name" {
				continue
			}
			if d.Rule != "likely-duplicate" {
				t.Errorf("%+v: %v", p, d)
				continue
			}
			flagged[d.Path] = true
		}
		if share := float64(len(flagged)) / float64(p.Items); share > 0.12 {
			t.Errorf("%+v: %.0f%% of items are likely duplicates, want at most 12%%", p, share*100)
		}
		if len(res.Set.Items) != p.Items || len(res.Set.Themes) != p.Themes || len(res.Set.Customers) != p.Customers {
			t.Errorf("%+v: read %d items, %d themes, %d customers", p, len(res.Set.Items), len(res.Set.Themes), len(res.Set.Customers))
		}
	}
}

func TestSameArgumentsSameBytes(t *testing.T) {
	a, ha := writeCorpus(t, small, true)
	b, hb := writeCorpus(t, small, true)
	// Fewer commits than changes: several folders change in one commit.
	grouped := small
	grouped.Commits = 40
	ga, _ := writeCorpus(t, grouped, false)
	gb, _ := writeCorpus(t, grouped, false)
	for _, pair := range [][2]string{{a, b}, {ha, hb}, {ga, gb}} {
		fa, fb := readTree(t, pair[0]), readTree(t, pair[1])
		if len(fa) != len(fb) {
			t.Fatalf("%d files against %d", len(fa), len(fb))
		}
		for p, data := range fa {
			if !bytes.Equal(data, fb[p]) {
				t.Errorf("%s differs between two runs", p)
			}
		}
	}
	other := small
	other.Seed++
	c, _ := writeCorpus(t, other, false)
	if bytes.Equal(readTree(t, a)[".git/refs/heads/main"], readTree(t, c)[".git/refs/heads/main"]) {
		t.Error("another seed gives the same history")
	}
}

func TestHistoryHasTheCommitsAsked(t *testing.T) {
	for _, commits := range []int{1, 2, 37, 300, 1200, 5000} {
		p := Params{Items: 200, Themes: 20, Customers: 30, Commits: commits, Seed: 3}
		dir, _ := writeCorpus(t, p, false)
		repo, head := openHead(t, dir)
		iter, err := repo.Log(&git.LogOptions{From: head})
		if err != nil {
			t.Fatal(err)
		}
		n, merges := 0, 0
		iter.ForEach(func(c *object.Commit) error {
			n++
			if c.NumParents() > 1 {
				merges++
			}
			return nil
		})
		if n != commits {
			t.Errorf("-commits %d: history has %d commits", commits, n)
		}
		if commits == 5000 && merges == 0 {
			t.Errorf("-commits %d: no pull request merges", commits)
		}
		// The last commit holds exactly the files written out.
		c, _ := repo.CommitObject(head)
		tree, _ := c.Tree()
		onDisk := readTree(t, dir)
		inGit := 0
		tree.Files().ForEach(func(f *object.File) error {
			inGit++
			content, _ := f.Contents()
			if content != string(onDisk[f.Name]) {
				t.Errorf("-commits %d: %s in the last commit differs from the file", commits, f.Name)
			}
			return nil
		})
		if want := len(onDisk) - countPrefix(onDisk, ".git/"); inGit != want {
			t.Errorf("-commits %d: last commit has %d files, the folder %d", commits, inGit, want)
		}
		if wt, err := repo.Worktree(); err == nil {
			if st, err := wt.Status(); err != nil || !st.IsClean() {
				t.Errorf("-commits %d: worktree not clean: %v %v", commits, err, st)
			}
		}
	}
}

func TestHistoryTellsStatusTimelines(t *testing.T) {
	dir, _ := writeCorpus(t, small, false)
	repo, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer history.Close(repo)
	h, err := history.Walk(repo, "", history.Options{Prefixes: []string{"feedback/", "themes/"}, Status: func(_ string, b []byte) string {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "status: "); ok {
				return v
			}
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	if h.Commits != small.Commits {
		t.Errorf("walked %d commits, want %d", h.Commits, small.Commits)
	}
	c := NewCorpus(small)
	moved := 0
	for _, th := range c.Themes {
		f := h.Files["themes/"+th.ID+".md"]
		if f == nil {
			t.Fatalf("no history for theme %s", th.ID)
		}
		var got []string
		for _, ch := range f.Statuses {
			got = append(got, ch.Status)
		}
		// Enough commits for one change each: every move is its own commit.
		if !slices.Equal(got, th.Path) {
			t.Errorf("theme %s: history says %v, want %v", th.ID, got, th.Path)
		}
		if len(th.Path) > 1 {
			moved++
		}
	}
	if moved < len(c.Themes)/3 {
		t.Errorf("only %d of %d themes change status", moved, len(c.Themes))
	}
	later := 0
	for _, it := range c.Items {
		f := h.Files[it.Path]
		if f == nil {
			t.Fatalf("no history for item %s", it.Path)
		}
		if !it.StatusAt.IsZero() {
			later++
			if len(f.Statuses) != 1 || f.Statuses[0].Status != it.Status || f.Created.Equal(f.Statuses[0].Date) {
				t.Errorf("item %s: status %q set later, history says %+v (created %s)", it.ID, it.Status, f.Statuses, f.Created)
			}
		}
	}
	if later == 0 {
		t.Error("no item gets its status after it was added")
	}
}

// The corpus looks like real feedback: the mix the command's doc promises.
func TestCorpusMix(t *testing.T) {
	c := NewCorpus(Params{Items: 5000, Themes: 100, Customers: 500, Seed: 1})
	count := func(f func(*Item) bool) float64 {
		n := 0
		for _, it := range c.Items {
			if f(it) {
				n++
			}
		}
		return float64(n) / float64(len(c.Items))
	}
	for _, tc := range []struct {
		what     string
		share    float64
		min, max float64
	}{
		{"unthemed", count(func(it *Item) bool { return len(it.Themes) == 0 }), 0.12, 0.18},
		{"private", count(func(it *Item) bool { return it.Private }), 0.03, 0.07},
		{"duplicates", count(func(it *Item) bool { return it.DuplicateOf != "" }), 0.02, 0.06},
		{"with a survey score", count(func(it *Item) bool { return it.NPS > 0 || it.CSAT > 0 || it.CES > 0 }), 0.15, 0.35},
		{"one line", count(func(it *Item) bool { return !strings.Contains(strings.TrimSpace(it.Body), "\n") }), 0.15, 0.35},
		{"with a list", count(func(it *Item) bool { return strings.Contains(it.Body, "\n- ") || strings.Contains(it.Body, "\n1. ") }), 0.25, 0.45},
		{"with a link in the body", count(func(it *Item) bool { return strings.Contains(it.Body, "](https://") }), 0.05, 0.25},
		{"with emphasis", count(func(it *Item) bool { return strings.ContainsAny(it.Body, "*_") }), 0.10, 0.40},
		{"with an inline customer", count(func(it *Item) bool { return it.Inline != nil }), 0.02, 0.06},
		{"from an enterprise customer", count(func(it *Item) bool { return it.Customer != nil && it.Customer.Segment == "enterprise" }), 0.1, 0.6},
	} {
		if tc.share < tc.min || tc.share > tc.max {
			t.Errorf("%s: %.3f of items, want %.2f..%.2f", tc.what, tc.share, tc.min, tc.max)
		}
	}
	seen := map[string]bool{}
	for _, it := range c.Items {
		seen["source "+it.Source] = true
		seen["type "+it.Type] = true
		seen["status "+it.Status] = true
		if it.Customer != nil {
			seen["segment "+it.Customer.Segment] = true
		}
	}
	for _, th := range c.Themes {
		seen["theme "+th.Status()] = true
	}
	var want []string
	for _, s := range sources {
		want = append(want, "source "+s)
	}
	for _, s := range types {
		want = append(want, "type "+s)
	}
	for _, s := range append(itemStatuses, "duplicate") {
		want = append(want, "status "+s)
	}
	for _, s := range []string{"enterprise", "mid-market", "smb"} {
		want = append(want, "segment "+s)
	}
	for _, s := range []string{"exploring", "planned", "in-progress", "shipped", "declined"} {
		want = append(want, "theme "+s)
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no %s in 5,000 items", w)
		}
	}
	first, last := c.Items[0].Date, c.Items[len(c.Items)-1].Date
	if first.Before(corpusStart) || last.After(corpusEnd) || last.Sub(first).Hours() < 650*24 {
		t.Errorf("dates from %s to %s, want about two years within %s..%s", first, last, corpusStart, corpusEnd)
	}
}

// The Hugo site has a page per published item and per theme, and Hugo
// builds it (when Hugo is installed).
func TestHugoSiteHasTheSamePages(t *testing.T) {
	_, dir := writeCorpus(t, Params{Items: 300, Themes: 20, Customers: 40, Commits: 0, Seed: 2}, true)
	c := NewCorpus(Params{Items: 300, Themes: 20, Customers: 40, Seed: 2})
	files := readTree(t, dir)
	public := 0
	for _, it := range c.Items {
		_, ok := files["content/feedback/"+it.ID+".md"]
		if ok == it.Private {
			t.Errorf("item %s (private %v): page present %v", it.ID, it.Private, ok)
		}
		if !it.Private {
			public++
		}
	}
	if got := countPrefix(files, "content/themes/") - 1; got != len(c.Themes) {
		t.Errorf("%d theme pages, want %d", got, len(c.Themes))
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed")
	}
	out := t.TempDir()
	cmd := exec.Command(hugo, "--quiet", "-s", dir, "-d", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, b)
	}
	built := readTree(t, out)
	pages := 0
	for p := range built {
		if strings.HasPrefix(p, "feedback/") && strings.Count(p, "/") == 2 {
			pages++
		}
	}
	if pages != public {
		t.Errorf("hugo built %d item pages, want %d", pages, public)
	}
	for _, th := range c.Themes {
		if _, ok := built["themes/"+th.ID+"/index.html"]; !ok {
			t.Errorf("hugo built no page for theme %s", th.ID)
		}
	}
}

func TestRefusesAFolderWithFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644)
	var out, errOut bytes.Buffer
	if code := run([]string{"-items", "5", "-out", dir}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "not empty") {
		t.Errorf("exit %d, stderr %q; want 1 and a message", code, errOut.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.txt")); string(b) != "mine" {
		t.Error("an existing file was changed")
	}
}

// readTree reads every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func countPrefix(files map[string][]byte, prefix string) int {
	n := 0
	for p := range files {
		if strings.HasPrefix(p, prefix) {
			n++
		}
	}
	return n
}

// With -prs, every commit of changes is a pull request made from main up
// to K merges back: a branch commit whose change from its base is the
// merge's change from main's tip, with the same files as without -prs at
// the end, and the statuses' timelines the same.
func TestPullRequestHistory(t *testing.T) {
	const back = 6
	lin := Params{Items: 150, Themes: 20, Customers: 30, Commits: 500, Seed: 7}
	p := lin
	p.PullRequests = back
	dir, _ := writeCorpus(t, p, false)
	linear, _ := writeCorpus(t, lin, false)
	if got, want := readTree(t, dir), readTree(t, linear); !sameFiles(got, want) {
		t.Error("the last commit's files differ from those written without -prs")
	}
	repo, head := openHead(t, dir)
	// Main's commits, newest first, by first parents.
	var mains []*object.Commit
	for h := head; ; {
		c, err := repo.CommitObject(h)
		if err != nil {
			t.Fatal(err)
		}
		mains = append(mains, c)
		if c.NumParents() == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	c := NewCorpus(lin)
	if want := 1 + len(schedule(plan(c), lin.Commits)); len(mains) != want {
		t.Errorf("main has %d commits, want one per commit planned, %d", len(mains), want)
	}
	backs := map[int]int{}
	for i, m := range mains[:len(mains)-1] {
		if m.NumParents() == 1 { // outside the tracked folders
			if parent, _ := m.Parent(0); !slices.Equal(changes(t, parent, m), []string{"docs/triage-notes.md " + mustFile(t, m, "docs/triage-notes.md")}) {
				t.Fatalf("main's commit %s is no merge and changes more than the triage notes", m.Hash)
			}
			continue
		}
		branch, err := repo.CommitObject(m.ParentHashes[1])
		if err != nil {
			t.Fatal(err)
		}
		k := slices.IndexFunc(mains[i+1:], func(c *object.Commit) bool { return c.Hash == branch.ParentHashes[0] })
		if k < 0 || k >= back {
			t.Fatalf("pull request %s made %d merges back, want 1 to %d", branch.Hash, k+1, back)
		}
		backs[k+1]++
		tip, _ := repo.CommitObject(m.ParentHashes[0])
		base, _ := repo.CommitObject(branch.ParentHashes[0])
		if got, want := changes(t, base, branch), changes(t, tip, m); !slices.Equal(got, want) {
			t.Fatalf("pull request %s changes %v from its base, its merge %v from main", branch.Hash, got, want)
		}
	}
	if len(backs) != back {
		t.Errorf("pull requests made so many merges back: %v, want each of 1 to %d", backs, back)
	}
	walked, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer history.Close(walked)
	h, err := history.Walk(walked, "", history.Options{Prefixes: []string{"themes/"}, Status: func(_ string, b []byte) string {
		_, rest, _ := strings.Cut(string(b), "\nstatus: ")
		status, _, _ := strings.Cut(rest, "\n")
		return status
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range c.Themes {
		var got []string
		for _, ch := range h.Files["themes/"+th.ID+".md"].Statuses {
			got = append(got, ch.Status)
		}
		if !slices.Equal(got, th.Path) {
			t.Errorf("theme %s: history says %v, want %v", th.ID, got, th.Path)
		}
	}
}

// changes lists the files that differ from commit a to commit b, with
// b's content, sorted.
func changes(t *testing.T, a, b *object.Commit) []string {
	t.Helper()
	ta, _ := a.Tree()
	tb, _ := b.Tree()
	diff, err := ta.Diff(tb)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ch := range diff {
		out = append(out, ch.To.Name+" "+ch.To.TreeEntry.Hash.String())
	}
	slices.Sort(out)
	return out
}

// openHead opens the repository in dir and returns it with its HEAD commit.
func openHead(t *testing.T, dir string) (*git.Repository, plumbing.Hash) {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	return repo, head.Hash()
}

// mustFile returns the blob hash of file p in commit c.
func mustFile(t *testing.T, c *object.Commit, p string) string {
	t.Helper()
	f, err := c.File(p)
	if err != nil {
		t.Fatal(err)
	}
	return f.Hash.String()
}

// sameFiles reports whether two folders read by readTree hold the same
// files, outside .git.
func sameFiles(a, b map[string][]byte) bool {
	if len(a)-countPrefix(a, ".git/") == 0 || len(a)-countPrefix(a, ".git/") != len(b)-countPrefix(b, ".git/") {
		return false
	}
	for p, content := range a {
		if other, ok := b[p]; !strings.HasPrefix(p, ".git/") && (!ok || !bytes.Equal(content, other)) {
			return false
		}
	}
	return true
}
