package history

import (
	"errors"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// commitCases are commit contents as git writes them, and as it does not:
// signatures and merged tags spanning lines, headers out of their places,
// missing or broken fields.
var commitCases = []string{
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U Thor <a@example.com> 1700000000 +0100\ncommitter C O Mitter <c@example.com> 1700000500 -0230\n\nmessage\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nparent 2222222222222222222222222222222222222222\nauthor  Spaced  Name  <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000001 +0000\n\nMerge\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000001 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n author Not Me <x@example.com> 1 +0000\n -----END PGP SIGNATURE-----\n\nsigned\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 1111111111111111111111111111111111111111\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000001 +0000\nmergetag object 2222222222222222222222222222222222222222\n type commit\n tag v1\n tagger T <t@example.com> 1 +0000\n \n tag message\nencoding ISO-8859-1\n\nmerged a tag\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter C <c@example.com> 1700000001 +0000\nauthor A <a@example.com> 1700000000 +0000\n\nswapped\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nencoding UTF-8\nauthor A <a@example.com> 1700000000 +0000\ncommitter C <c@example.com> 1700000001 +0000\n\nout of place\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\nparent 1111111111111111111111111111111111111111\ncommitter C <c@example.com> 1700000001 +0000\n\nlate parent\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\nauthor B <b@example.com> 1600000000 +0000\ncommitter C <c@example.com> 1700000001 +0000\n\ntwo authors\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor No Mail 1700000000 +0000\ncommitter <> 1700000001\n\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com>\ncommitter C <c@example.com> x +0000\n\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a> <b> -5 +0000\ncommitter C >c< 5 +0000",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\n",
	"tree 4B825DC642CB6EB9A060E54BF8D69288FBEE4904\nparent\nauthor A <a> 1 +0000\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 11111111\n",
	"tree 4b825dc642cb6eb9a060e54bf8d69288fbee490g\n",
	"parent 1111111111111111111111111111111111111111\ntree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n",
	"\ntree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n",
	"",
	"tree\n",
}

// TestParseCommitAgreesWithGoGit holds parseCommit to go-git's decoder on
// the cases above and on every commit of the repository the test runs in.
func TestParseCommitAgreesWithGoGit(t *testing.T) {
	for _, c := range commitCases {
		checkParseCommit(t, []byte(c))
	}
	repo, err := Open(".")
	if errors.Is(err, ErrNotRepository) {
		t.Log("not run in a repository: only the cases are compared")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer Close(repo)
	iter, err := repo.Storer.IterEncodedObjects(plumbing.CommitObject)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = iter.ForEach(func(o plumbing.EncodedObject) error {
		data, err := readObject(o)
		if err != nil {
			return err
		}
		checkParseCommit(t, data)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("compared the %d commits of the repository", n)
	if n == 0 {
		t.Error("the repository has no commits")
	}
}

// FuzzParseCommit holds parseCommit to go-git's decoder on any content.
func FuzzParseCommit(f *testing.F) {
	for _, c := range commitCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParseCommit(t, data)
	})
}

// checkParseCommit compares what parseCommit and go-git read of commit
// content data.
func checkParseCommit(t *testing.T, data []byte) {
	t.Helper()
	obj := &plumbing.MemoryObject{}
	obj.SetType(plumbing.CommitObject)
	if _, err := obj.Write(data); err != nil {
		t.Fatal(err)
	}
	var want object.Commit
	wantErr := want.Decode(obj)
	got := commitHeader{parents: make([]plumbing.Hash, 0, 1)}
	gotErr := parseCommit(data, &got)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%q: parseCommit error %v, go-git error %v", data, gotErr, wantErr)
	}
	if gotErr != nil {
		return
	}
	if got.tree != want.TreeHash || !slices.Equal(got.parents, want.ParentHashes) ||
		string(got.author) != want.Author.Name ||
		!got.when.Equal(want.Author.When) || got.when.IsZero() != want.Author.When.IsZero() ||
		!got.commitTime.Equal(want.Committer.When) || got.commitTime.IsZero() != want.Committer.When.IsZero() {
		t.Fatalf("%q:\nparseCommit: tree %s, parents %v, author %q at %v, committed %v\ngo-git:      tree %s, parents %v, author %q at %v, committed %v",
			data, got.tree, got.parents, got.author, got.when, got.commitTime,
			want.TreeHash, want.ParentHashes, want.Author.Name, want.Author.When, want.Committer.When)
	}
	if loc := got.when.Location(); loc != nil && got.when.Location().String() != "UTC" {
		t.Fatalf("%q: author time in %v, not UTC", data, loc)
	}
	// A walk reads only the first lines of most commits: whole lines, up
	// to where parseCommit says the rest changes nothing.
	for k := range data {
		if data[k] != '\n' {
			continue
		}
		prefix := commitHeader{parents: make([]plumbing.Hash, 0, 1)}
		if err := parseCommit(data[:k+1], &prefix); err != nil || !prefix.settled {
			continue
		}
		if prefix.tree != got.tree || !slices.Equal(prefix.parents, got.parents) || string(prefix.author) != string(got.author) ||
			!prefix.when.Equal(got.when) || !prefix.commitTime.Equal(got.commitTime) {
			t.Fatalf("%q: the first %d bytes say tree %s, parents %v, author %q at %v, committed %v; the whole commit %s, %v, %q, %v, %v",
				data, k+1, prefix.tree, prefix.parents, prefix.author, prefix.when, prefix.commitTime,
				got.tree, got.parents, got.author, got.when, got.commitTime)
		}
	}
}
