// Package history extracts, in one walk of git history, the timeline of every
// feedback item and theme file: when it was created and last changed, by whom,
// and each change of its status value.
//
// # What is walked
//
// Walk visits every commit reachable from a revision, parents before children,
// and compares each commit's tree with the tree of each of its parents, once.
// Only the subtrees under Options.Prefixes are compared, and a commit whose
// prefix subtrees have the same hashes as its parent's is skipped without
// reading anything else.
//
// # Merges
//
// All parents are followed, not only the first. A product team changes a
// theme's status on a feature branch ("planned" on Monday, "in-progress" on
// Wednesday) and merges the branch on Friday; the roadmap must say the theme
// became planned on Monday, by the person who changed it, and must not lose the
// intermediate status. A first-parent walk that diffs each commit against its
// first parent would instead attribute both changes to the merge commit, with
// the merger as author and Friday as date, and would report only the final
// value.
//
// Which parents' changes reach a file is decided file by file, as git log
// -- FILE decides it with its history simplification:
//
//   - A merge whose file is the same as one parent's takes that parent's line
//     of history only (the first such parent's). The feature branch above,
//     merged while main left the theme alone, gives the branch's line, which
//     holds main's past too. A branch that set the theme to "planned" while
//     main revised its text, merged keeping main's content (a conflict
//     resolved with main's side), shows no "planned": that change never
//     reached the result. A repository that imports another one's history
//     with `git merge -s ours --allow-unrelated-histories` keeps its tree, so
//     the imported history (say, a theme "declined" in 2025 by someone who
//     never worked on this repository) adds nothing.
//   - A merge whose file differs from every parent's (both sides' changes
//     combined, a conflict resolved by hand) carries every side's content:
//     the file's timeline is the union of the parents' lines, in history
//     order, and the merge adds a change of its own, by the merger.
//
// # Renames
//
// A file's path at the walked revision is its key; history before a rename
// is carried over to the new path. A deleted and an added file of one
// commit are one file moved when their contents are identical, or else when
// at least half of the larger one's bytes are in lines both have (git log
// -M's default): first among files of the same name, then among the rest,
// whose sizes must be close enough before any line is compared. A draft
// renamed to its final name and tidied keeps its creation date. A merge
// pairs by similarity only the files whose content is no parent's: the
// others take a parent's line, where their renames were followed.
//
// # Partial history
//
// What cannot be read does not stop the walk where the rest can still be
// told. A clone made with --shared or --reference is read through the
// object folders objects/info/alternates names. A partial clone (git clone
// --filter=blob:none) has every commit and tree but only some file
// contents: creation, updates, authors and exact renames are read in full;
// a status is read where its content is present, and the versions that are
// not are counted in History.Problems, as are contents that are damaged.
// A shallow clone sets History.Shallow. Missing commits or trees, an
// alternate folder that is gone, and SHA-256 repositories (which go-git
// does not read) are errors.
//
// # Dates
//
// Dates are the commit's author time, converted to UTC. The author time is
// when the change was made: it survives rebases, cherry-picks and "rebase and
// merge" buttons, which rewrite the committer time to the moment a commit was
// replayed. UTC makes the values independent of the committer's time zone, so
// equal histories give equal bytes. History.HeadTime is the exception: it is
// the committer time of the walked revision, the moment it came to be, used as
// "now" by reproducible builds.
package history

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// ErrNotRepository is returned by Open when neither the folder nor any of its
// parents holds a git repository.
var ErrNotRepository = errors.New("not a git repository")

// ErrUnknownRevision is returned by Walk when the revision names no commit.
var ErrUnknownRevision = errors.New("unknown revision")

// ErrSHA256 is returned by Open for a repository whose objects are named by
// SHA-256 hashes (git init --object-format=sha256): go-git reads SHA-1
// repositories only.
var ErrSHA256 = errors.New("SHA-256 repositories are not supported")

// ErrMissingObjects and ErrDamagedObjects are the causes of a Problem:
// objects the repository does not have (a partial clone, an alternate
// object folder that is gone), and objects it has but cannot read.
var (
	ErrMissingObjects = errors.New("missing from the repository")
	ErrDamagedObjects = errors.New("damaged in the repository")
)

// objectCacheSize bounds the decoded objects go-git keeps in memory, for
// reads of a repository from Open other than Walk's: Walk reads packed
// objects itself and keeps the trees and blobs it needs, so go-git's cache
// only serves it loose objects and the commits of revision expressions.
const objectCacheSize = 32 * cache.MiByte

// Options says what to walk.
type Options struct {
	// Prefixes are the folders whose files are tracked, such as "feedback/"
	// and "themes/"; a trailing slash is optional. No prefixes, or the prefix
	// "", tracks every file of the repository. Renames are detected within a
	// prefix.
	Prefixes []string

	// Status reads the status value of a file's content, "" when it has none.
	// It is called once per distinct content (blob) that a tracked file takes
	// in history, never for a commit that left a file unchanged; its result
	// is reused for equal content, so it must depend on the content only (the
	// path names the file for messages). Walk calls it from a goroutine of
	// its own, one call at a time; content must not be changed or kept.
	// Nil means statuses are not tracked and no file content is read.
	Status func(path string, content []byte) string

	// StatusPrefixes are the folders, among Prefixes, whose files' statuses
	// are tracked; no prefixes tracks them in every folder. The contents of
	// the other files are never read: only their creation and authors are
	// known.
	StatusPrefixes []string

	// HeadKnown, when not nil, is called once with what will be
	// History.HeadTime, as soon as the walked commit is read and before
	// the rest of history is: a build scores items against it ("now")
	// while the walk goes on. It is not called for a repository without
	// commits, nor when the walk fails first. Unlike the function
	// HeadTime, it reads nothing more than the walk does.
	HeadKnown func(committed time.Time)
}

// Change is one change of a file's status value.
type Change struct {
	Status string    // the new value; "" when the field was removed
	Date   time.Time // author time of Commit, in UTC
	Commit string    // full hash of the commit that made the change
	Author string    // author name of Commit
}

// File is the timeline of one file present at the walked revision.
type File struct {
	Path          string    // path at the walked revision
	Created       time.Time // author time (UTC) of the commit that added the file
	CreatedCommit string    // full hash of that commit
	// Updated is the newest author time (UTC) among the commits that
	// added the file or changed its content, never before Created.
	Updated       time.Time
	UpdatedCommit string // full hash of that commit (the last such in history order on equal times)
	// Authors are the distinct author names of the commits that changed the
	// file's content, in order of first appearance. A rename that keeps the
	// content changes neither Updated nor Authors.
	Authors []string
	// Statuses are the changes of the status value, in history order (oldest
	// first); the first entry is the status the file was added with, if it
	// had one. Empty when Options.Status is nil.
	Statuses []Change
}

// History is the result of a walk.
type History struct {
	// Files holds one entry per tracked file present at the walked revision,
	// keyed by its path there. Deleted files are absent.
	Files map[string]*File
	// Shallow reports that history was cut: the repository is a shallow clone
	// (or misses parent commits), so creation dates of files older than the
	// cut are the cut's dates. Callers should print one warning.
	Shallow bool
	// Commits is the number of commits walked.
	Commits int
	// Head is the full hash of the walked commit, "" for a repository
	// without commits.
	Head string
	// HeadTime is the committer time of Head in UTC, zero without commits.
	HeadTime time.Time
	// Problems are what the walk could not read, one entry per cause, in
	// a fixed order; none when history was read completely. Callers
	// should print each as a warning: the timelines are incomplete.
	Problems []Problem
}

// Problem is a part of history that could not be read: file contents
// (versions) whose status could not be known, or whose renames could not
// be followed by similarity. What needs only commits and trees (created,
// updated, authors, exact renames) is read all the same.
type Problem struct {
	// Err is the cause, with the first version met (by path): it wraps
	// ErrMissingObjects or ErrDamagedObjects, and the error of the read.
	Err error
	// Versions is how many distinct file contents could not be read.
	Versions int
	// PartialClone says that the repository is a partial clone, which
	// lacks objects by design (git clone --filter).
	PartialClone bool
}

// String says what the problem is and what to do about it, for a person.
func (p Problem) String() string {
	what := "versions"
	if p.Versions == 1 {
		what = "version"
	}
	msg := fmt.Sprintf("%d %s of tracked files could not be read (%v)", p.Versions, what, p.Err)
	switch {
	case errors.Is(p.Err, ErrMissingObjects) && p.PartialClone:
		msg += ": this is a partial clone; statuses of those versions are unknown and renames with edits not followed; get them with git fetch --refetch, or build from a full clone"
	case errors.Is(p.Err, ErrMissingObjects):
		msg += ": statuses of those versions are unknown and renames with edits not followed; check objects/info/alternates, or build from a full clone"
	default:
		msg += ": statuses of those versions are unknown; run git fsck, or build from a fresh clone"
	}
	return msg
}

// Open opens the git repository holding dir: dir itself, or the nearest parent
// folder with a .git entry (a folder, or a file pointing to one as in linked
// worktrees and submodules); bare repositories are accepted. The repository
// keeps its pack files open, mapped into memory where the system allows,
// and caches decoded objects; Close releases the files. Open returns an error wrapping ErrNotRepository
// when there is no repository.
func Open(dir string) (*git.Repository, error) {
	// go-git's parent detection does not recognize a bare repository, so
	// the folder itself is tried first.
	probe, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		probe, err = git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{
			DetectDotGit:          true,
			EnableDotGitCommonDir: true,
		})
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("open %s: %w", dir, ErrNotRepository)
	}
	if err != nil && objectFormat(dir) == "sha256" {
		return nil, fmt.Errorf("open repository at %s: %w", dir, ErrSHA256)
	}
	if err != nil {
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	fs, ok := probe.Storer.(*filesystem.Storage)
	if !ok {
		return probe, nil
	}
	var worktree billy.Filesystem
	if wt, err := probe.Worktree(); err == nil {
		worktree = wt.Filesystem
	} else if !errors.Is(err, git.ErrIsBareRepository) {
		return nil, fmt.Errorf("open worktree of %s: %w", dir, err)
	}
	storage := newStorage(fs.Filesystem(), objectCacheSize)
	repo, err := git.Open(storage, worktree)
	if err != nil {
		_ = storage.Close()
		return nil, fmt.Errorf("open repository at %s: %w", dir, err)
	}
	return repo, nil
}

// newStorage returns a storage of the repository in folder fs that keeps
// its files open and up to cacheSize bytes of decoded objects. Pack files
// are mapped into memory, and the object folders that objects/info/alternates
// names (a clone made with --shared or --reference) are read at their
// absolute paths, as git reads them.
func newStorage(fs billy.Filesystem, cacheSize cache.FileSize) *filesystem.Storage {
	return filesystem.NewStorageWithOptions(pack.FS(fs),
		cache.NewObjectLRU(cacheSize),
		// ExclusiveAccess lists the loose objects once instead of trying to
		// open a loose file before every packed object read: a history
		// walk reads tens of thousands of objects, nearly all packed. The
		// repository is opened for one walk or read, short enough to
		// treat it as unchanging.
		filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true, AlternatesFS: osfs.New("/")})
}

// objectFormat returns the object format a repository's configuration
// names ("sha256"), "" for the default (SHA-1) or when it cannot be read.
func objectFormat(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		for _, p := range []string{filepath.Join(d, ".git", "config"), filepath.Join(d, "config")} {
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			cfg := config.New()
			err = config.NewDecoder(f).Decode(cfg)
			f.Close()
			if err == nil {
				return strings.ToLower(cfg.Section("extensions").Option("objectformat"))
			}
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Close releases the files that a repository from Open keeps open. It does
// nothing for repositories whose storage holds no files.
func Close(repo *git.Repository) error {
	if c, ok := repo.Storer.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return fmt.Errorf("close repository: %w", err)
		}
	}
	return nil
}
