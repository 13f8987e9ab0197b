package history

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
)

// The benchmark repository is written straight into one pack file, the way
// `git gc` leaves a repository, without a worktree and without go-git's
// object encoders: the feedback folder is flat (feedback/YYYY-MM-DD-item-N.md,
// as the design names items), so every commit that touches an item writes a
// new tree of up to 10,000 entries; storing those as deltas against the
// previous version keeps the pack small and generation fast.

// benchShape is the shape of a generated repository.
type benchShape struct {
	commits, items, themes int
}

func (s benchShape) String() string {
	return fmt.Sprintf("%dc-%di-%dt", s.commits, s.items, s.themes)
}

// benchGenVersion names the generator's output format in the cache key;
// change it when the generated history changes.
const benchGenVersion = 1

// benchRepoDir returns a generated repository of the given shape, generating
// it under os.TempDir() on first use and reusing it afterwards.
func benchRepoDir(tb testing.TB, shape benchShape) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("heed-history-bench-v%d-%s", benchGenVersion, shape))
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "heed-history-bench-tmp-")
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if err := generateRepo(tmp, shape); err != nil {
		os.RemoveAll(tmp)
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "complete"), nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another run finished first, or an incomplete one is in the way.
		os.RemoveAll(tmp)
		if _, serr := os.Stat(filepath.Join(dir, "complete")); serr != nil {
			tb.Fatalf("cannot place generated repository at %s: %v", dir, err)
		}
	}
	tb.Logf("generated %s in %s", dir, time.Since(start).Round(time.Millisecond))
	return dir
}

var benchStatuses = []string{"new", "acknowledged", "planned", "in-progress", "shipped"}
var themeStatuses = []string{"exploring", "planned", "in-progress", "shipped"}
var benchAuthors = []string{"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Oscar"}

// generateRepo writes a bare repository with shape.commits commits into dir:
// a main line where items are added (exactly shape.items of them) and changed
// (status moves, body edits), themes change status, and some commits touch
// only files outside feedback/ and themes/; one change in 20 comes through a
// pull request: a branch commit changing a status, a main commit, and a merge.
func generateRepo(dir string, shape benchShape) error {
	if _, err := git.PlainInit(dir, true); err != nil {
		return err
	}
	pw, err := newPackWriter(filepath.Join(dir, "objects", "pack"))
	if err != nil {
		return err
	}
	g := &repoGen{
		rng:      rand.New(rand.NewPCG(1, 2)),
		pack:     pw,
		when:     time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC).Unix(),
		feedback: newGenFolder(),
		themes:   newGenFolder(),
		src:      newGenFolder(),
	}
	head, err := g.run(shape)
	if err == nil {
		err = g.err
	}
	if err != nil {
		return err
	}
	if err := pw.finish(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "refs", "heads", "main"), []byte(hex.EncodeToString(head[:])+"\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
}

type genItem struct {
	name   string
	status int
	rev    int
	theme  int
}

type repoGen struct {
	rng      *rand.Rand
	pack     *packWriter
	when     int64
	items    []genItem
	themeSt  []int
	readme   int
	feedback *genFolder
	themes   *genFolder
	src      *genFolder
	// trees of the main line's tip, by root entry name
	tips map[string]stored
	err  error // the first error writing the pack
}

func (g *repoGen) run(shape benchShape) ([20]byte, error) {
	// Plan the slots first so that exactly shape.items items are added.
	var slots []bool // true: a pull request (3 commits), false: one commit
	for commits, i := 1, 0; commits < shape.commits; i++ {
		pr := i%20 == 19 && commits+3 <= shape.commits
		slots = append(slots, pr)
		if pr {
			commits += 3
		} else {
			commits++
		}
	}
	// The first commit adds the themes, a README, some source and one item.
	g.themeSt = make([]int, shape.themes)
	for t := range shape.themes {
		g.themes.set(fmt.Sprintf("theme-%02d.md", t), g.blob(themeContent(t, 0)))
	}
	for f := range 8 {
		g.src.set(fmt.Sprintf("file%d.go", f), g.blob(fmt.Sprintf("package src // %d\n", f)))
	}
	g.addItem()
	head, err := g.commitMain(nil)
	if err != nil {
		return head, err
	}
	itemsLeft := shape.items - 1
	for i, pr := range slots {
		opsLeft := len(slots) - i
		if pr {
			// Branch from the tip: change one status there.
			fork := head
			forkTrees := g.snapshot()
			x := g.rng.IntN(len(g.items))
			bx := g.items[x]
			bx.status = min(bx.status+1, len(benchStatuses)-1)
			bxBlob := g.blob(itemContent(bx))
			branchFeedback, err := g.feedback.writeWith(g.pack, bx.name, bxBlob)
			if err != nil {
				return head, err
			}
			branchTrees := forkTrees
			branchTrees["feedback"] = branchFeedback
			branch, err := g.commit(branchTrees, fork)
			if err != nil {
				return head, err
			}
			// Main moves on, then merges the branch.
			g.mainOp(&itemsLeft, opsLeft)
			if head, err = g.commitMain([][20]byte{head}); err != nil {
				return head, err
			}
			g.items[x].status = bx.status
			g.feedback.set(bx.name, bxBlob)
			if head, err = g.commitMain([][20]byte{head, branch}); err != nil {
				return head, err
			}
			continue
		}
		g.mainOp(&itemsLeft, opsLeft)
		if head, err = g.commitMain([][20]byte{head}); err != nil {
			return head, err
		}
	}
	return head, nil
}

// mainOp makes one change on the main line: an item added with probability
// itemsLeft/opsLeft (so that all are added by the end), else an item's
// status or body, a theme's status, or a file outside the tracked folders.
func (g *repoGen) mainOp(itemsLeft *int, opsLeft int) {
	if *itemsLeft > 0 && g.rng.IntN(opsLeft) < *itemsLeft {
		*itemsLeft--
		g.addItem()
		return
	}
	switch r := g.rng.IntN(100); {
	case r < 60:
		x := g.rng.IntN(len(g.items))
		it := &g.items[x]
		if g.rng.IntN(2) == 0 && it.status < len(benchStatuses)-1 {
			it.status++
		} else {
			it.rev++
		}
		g.feedback.set(it.name, g.blob(itemContent(*it)))
	case r < 75:
		t := g.rng.IntN(len(g.themeSt))
		g.themeSt[t] = (g.themeSt[t] + 1) % len(themeStatuses)
		g.themes.set(fmt.Sprintf("theme-%02d.md", t), g.blob(themeContent(t, g.themeSt[t])))
	default:
		g.readme++
		f := g.rng.IntN(8)
		g.src.set(fmt.Sprintf("file%d.go", f), g.blob(fmt.Sprintf("package src // %d rev %d\n", f, g.readme)))
	}
}

func (g *repoGen) addItem() {
	n := len(g.items)
	day := time.Unix(g.when, 0).UTC().Format("2006-01-02")
	it := genItem{name: fmt.Sprintf("%s-item-%05d.md", day, n), theme: g.rng.IntN(max(1, len(g.themeSt)))}
	g.items = append(g.items, it)
	g.feedback.set(it.name, g.blob(itemContent(it)))
}

func itemContent(it genItem) string {
	return fmt.Sprintf("---\ntitle: Feedback %s\nsource: survey\ntype: request\nstatus: %s\nthemes: [theme-%02d]\n---\n"+
		"The customer explains what went wrong in their own words.\nRevision %d of the notes.\n",
		it.name, benchStatuses[it.status], it.theme, it.rev)
}

func themeContent(t, status int) string {
	return fmt.Sprintf("---\ntitle: Theme %d\nstatus: %s\n---\nThe problem, in the customer's terms.\n", t, themeStatuses[status])
}

func (g *repoGen) blob(content string) [20]byte {
	h, _, err := g.pack.put(objBlob, []byte(content))
	g.err = cmp.Or(g.err, err)
	return h
}

// snapshot writes the main line's changed folders and returns its trees.
func (g *repoGen) snapshot() map[string]stored {
	if g.tips == nil {
		g.tips = map[string]stored{}
	}
	for _, name := range []string{"feedback", "src", "themes"} {
		f := map[string]*genFolder{"feedback": g.feedback, "themes": g.themes, "src": g.src}[name]
		if f.dirty {
			s, err := f.write(g.pack)
			g.err = cmp.Or(g.err, err)
			g.tips[name] = s
		}
	}
	h, off, err := g.pack.put(objBlob, []byte(fmt.Sprintf("# Sample product, rev %d\n", g.readme)))
	g.err = cmp.Or(g.err, err)
	g.tips["README.md"] = stored{hash: h, off: off}
	return maps.Clone(g.tips)
}

func (g *repoGen) commitMain(parents [][20]byte) ([20]byte, error) {
	return g.commit(g.snapshot(), parents...)
}

// commit writes a root tree from trees and a commit on it.
func (g *repoGen) commit(trees map[string]stored, parents ...[20]byte) ([20]byte, error) {
	var root []byte
	root = appendEntry(root, "100644", "README.md", trees["README.md"].hash)
	for _, name := range []string{"feedback", "src", "themes"} {
		root = appendEntry(root, "40000", name, trees[name].hash)
	}
	tree, _, err := g.pack.put(objTree, root)
	if err != nil {
		return tree, err
	}
	g.when += 1800 + g.rng.Int64N(7200)
	author := benchAuthors[g.rng.IntN(len(benchAuthors))]
	var c bytes.Buffer
	fmt.Fprintf(&c, "tree %x\n", tree)
	for _, p := range parents {
		fmt.Fprintf(&c, "parent %x\n", p)
	}
	fmt.Fprintf(&c, "author %s <%s@example.com> %d +0100\n", author, author, g.when)
	fmt.Fprintf(&c, "committer %s <%s@example.com> %d +0100\n", author, author, g.when)
	fmt.Fprintf(&c, "\nChange %d\n", g.when)
	h, _, err := g.pack.put(objCommit, c.Bytes())
	return h, err
}

// genFolder is a flat folder of files being generated.
type genFolder struct {
	names  []string // sorted
	hashes map[string][20]byte
	raw    []byte // the last written tree
	stored stored // where it is in the pack
	dirty  bool
}

func newGenFolder() *genFolder { return &genFolder{hashes: map[string][20]byte{}} }

func (f *genFolder) set(name string, h [20]byte) {
	if _, ok := f.hashes[name]; !ok {
		i, _ := slices.BinarySearch(f.names, name)
		f.names = slices.Insert(f.names, i, name)
	}
	f.hashes[name] = h
	f.dirty = true
}

// serialize encodes the folder as a tree, with name's entry set to h when
// name is not "".
func (f *genFolder) serialize(name string, h [20]byte) []byte {
	out := make([]byte, 0, len(f.raw)+64)
	done := name == ""
	for _, n := range f.names {
		if !done && name <= n {
			out = appendEntry(out, "100644", name, h)
			done = true
			if name == n {
				continue
			}
		}
		out = appendEntry(out, "100644", n, f.hashes[n])
	}
	if !done {
		out = appendEntry(out, "100644", name, h)
	}
	return out
}

// write stores the folder's current tree, as a delta of the previous one.
func (f *genFolder) write(p *packWriter) (stored, error) {
	raw := f.serialize("", [20]byte{})
	s, err := p.putTree(raw, f.raw, f.stored)
	if err != nil {
		return s, err
	}
	f.raw, f.stored, f.dirty = raw, s, false
	return s, nil
}

// writeWith stores the folder's last written tree with name's entry set to
// h, leaving the folder as it is.
func (f *genFolder) writeWith(p *packWriter, name string, h [20]byte) (stored, error) {
	var raw []byte
	if old, had := f.hashes[name]; had {
		f.hashes[name] = h
		raw = f.serialize("", [20]byte{})
		f.hashes[name] = old
	} else {
		raw = f.serialize(name, h)
	}
	return p.putTree(raw, f.raw, f.stored)
}

func appendEntry(b []byte, mode, name string, h [20]byte) []byte {
	b = append(b, mode...)
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, 0)
	return append(b, h[:]...)
}

// Pack object types.
const (
	objCommit   = 1
	objTree     = 2
	objBlob     = 3
	objOFSDelta = 6
)

var objTypeName = map[int]string{objCommit: "commit", objTree: "tree", objBlob: "blob"}

// maxDeltaDepth is the longest delta chain written, git's default.
const maxDeltaDepth = 50

// stored is an object written to the pack.
type stored struct {
	hash  [20]byte
	off   int64
	depth int
}

type packEntry struct {
	hash [20]byte
	off  int64
	crc  uint32
}

// packWriter writes a version 2 pack file and its version 2 index.
type packWriter struct {
	dir   string
	f     *os.File
	w     *bufio.Writer
	off   int64
	objs  []packEntry
	seen  map[[20]byte]int64 // offset of each object written
	zbuf  bytes.Buffer
	zw    *zlib.Writer
	frame []byte
}

func newPackWriter(dir string) (*packWriter, error) {
	f, err := os.CreateTemp(dir, "tmp-pack-")
	if err != nil {
		return nil, err
	}
	p := &packWriter{dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20), seen: map[[20]byte]int64{}}
	p.zw, _ = zlib.NewWriterLevel(&p.zbuf, zlib.BestSpeed)
	// The object count is filled in by finish.
	_, err = p.w.Write([]byte{'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0})
	p.off = 12
	return p, err
}

func objectHash(typ int, content []byte) [20]byte {
	h := sha1.New()
	h.Write([]byte(objTypeName[typ] + " " + strconv.Itoa(len(content)) + "\x00"))
	h.Write(content)
	var out [20]byte
	h.Sum(out[:0])
	return out
}

// put writes a whole object once and returns its hash and offset.
func (p *packWriter) put(typ int, content []byte) ([20]byte, int64, error) {
	h := objectHash(typ, content)
	if off, ok := p.seen[h]; ok {
		return h, off, nil
	}
	off, err := p.write(h, typ, len(content), 0, content)
	return h, off, err
}

// putTree writes tree content, as a delta of base (whose content is baseRaw)
// when there is one and its chain is short enough.
func (p *packWriter) putTree(content, baseRaw []byte, base stored) (stored, error) {
	h := objectHash(objTree, content)
	if off, ok := p.seen[h]; ok {
		return stored{hash: h, off: off, depth: maxDeltaDepth}, nil
	}
	if base.off == 0 || base.depth >= maxDeltaDepth {
		off, err := p.write(h, objTree, len(content), 0, content)
		return stored{hash: h, off: off}, err
	}
	delta := makeDelta(baseRaw, content)
	off, err := p.write(h, objOFSDelta, len(delta), base.off, delta)
	return stored{hash: h, off: off, depth: base.depth + 1}, err
}

func (p *packWriter) write(h [20]byte, typ, size int, baseOff int64, payload []byte) (int64, error) {
	off := p.off
	frame := p.frame[:0]
	c := byte(typ<<4) | byte(size&0x0f)
	for size >>= 4; size > 0; size >>= 7 {
		frame = append(frame, c|0x80)
		c = byte(size & 0x7f)
	}
	frame = append(frame, c)
	if typ == objOFSDelta {
		frame = append(frame, ofsEncoding(off-baseOff)...)
	}
	p.zbuf.Reset()
	p.zw.Reset(&p.zbuf)
	if _, err := p.zw.Write(payload); err != nil {
		return 0, err
	}
	if err := p.zw.Close(); err != nil {
		return 0, err
	}
	crc := crc32.ChecksumIEEE(frame)
	crc = crc32.Update(crc, crc32.IEEETable, p.zbuf.Bytes())
	if _, err := p.w.Write(frame); err != nil {
		return 0, err
	}
	if _, err := p.w.Write(p.zbuf.Bytes()); err != nil {
		return 0, err
	}
	p.frame = frame
	p.off += int64(len(frame) + p.zbuf.Len())
	p.objs = append(p.objs, packEntry{hash: h, off: off, crc: crc})
	p.seen[h] = off
	return off, nil
}

// ofsEncoding encodes the distance back to a delta's base.
func ofsEncoding(n int64) []byte {
	out := []byte{byte(n & 0x7f)}
	for n >>= 7; n > 0; n >>= 7 {
		n--
		out = append([]byte{byte(0x80 | n&0x7f)}, out...)
	}
	return out
}

// makeDelta encodes target as a copy of base's common prefix and suffix
// around the inserted middle: enough for trees that differ in a few
// neighbouring entries.
func makeDelta(base, target []byte) []byte {
	pre := 0
	for pre < len(base) && pre < len(target) && base[pre] == target[pre] {
		pre++
	}
	suf := 0
	for suf < len(base)-pre && suf < len(target)-pre && base[len(base)-1-suf] == target[len(target)-1-suf] {
		suf++
	}
	d := appendUvarint(nil, len(base))
	d = appendUvarint(d, len(target))
	d = appendCopy(d, 0, pre)
	for mid := target[pre : len(target)-suf]; len(mid) > 0; {
		n := min(len(mid), 0x7f)
		d = append(d, byte(n))
		d = append(d, mid[:n]...)
		mid = mid[n:]
	}
	return appendCopy(d, len(base)-suf, suf)
}

func appendUvarint(b []byte, n int) []byte {
	for ; n >= 0x80; n >>= 7 {
		b = append(b, byte(n)|0x80)
	}
	return append(b, byte(n))
}

func appendCopy(d []byte, off, size int) []byte {
	for size > 0 {
		n := min(size, 0xffffff)
		op := byte(0x80)
		var args []byte
		for i := range 4 {
			if v := byte(off >> (8 * i)); v != 0 {
				op |= 1 << i
				args = append(args, v)
			}
		}
		for i := range 3 {
			if v := byte(n >> (8 * i)); v != 0 {
				op |= 0x10 << i
				args = append(args, v)
			}
		}
		d = append(append(d, op), args...)
		off += n
		size -= n
	}
	return d
}

// finish writes the object count and checksum of the pack, and its index.
func (p *packWriter) finish() error {
	if err := p.w.Flush(); err != nil {
		return err
	}
	var count [4]byte
	binary.BigEndian.PutUint32(count[:], uint32(len(p.objs)))
	if _, err := p.f.WriteAt(count[:], 8); err != nil {
		return err
	}
	if _, err := p.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum := sha1.New()
	if _, err := io.Copy(sum, p.f); err != nil {
		return err
	}
	packSum := sum.Sum(nil)
	if _, err := p.f.Write(packSum); err != nil {
		return err
	}
	if err := p.f.Close(); err != nil {
		return err
	}
	name := filepath.Join(p.dir, "pack-"+hex.EncodeToString(packSum))
	if err := os.Rename(p.f.Name(), name+".pack"); err != nil {
		return err
	}
	return os.WriteFile(name+".idx", p.index(packSum), 0o644)
}

func (p *packWriter) index(packSum []byte) []byte {
	objs := slices.Clone(p.objs)
	slices.SortFunc(objs, func(a, b packEntry) int { return bytes.Compare(a.hash[:], b.hash[:]) })
	var b bytes.Buffer
	b.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	var fanout [256]uint32
	for _, o := range objs {
		fanout[o.hash[0]]++
	}
	total := uint32(0)
	for i := range fanout {
		total += fanout[i]
		_ = binary.Write(&b, binary.BigEndian, total)
	}
	for _, o := range objs {
		b.Write(o.hash[:])
	}
	for _, o := range objs {
		_ = binary.Write(&b, binary.BigEndian, o.crc)
	}
	for _, o := range objs {
		_ = binary.Write(&b, binary.BigEndian, uint32(o.off)) // the pack stays far below 2 GiB
	}
	b.Write(packSum)
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}
