package history

import "github.com/go-git/go-git/v5/plumbing"

// event is one step in a file's line of history. Events form immutable lists
// linked from newest to oldest, ordered by the walk order of their commits;
// lines of history that share a past share its events.
type event struct {
	prev   *event
	commit *commitNode
	blob   plumbing.Hash // the file's content after the event
	status string        // status value of blob
	// shown is the status a reader sees after this event: the value set by
	// the latest status change at or before it.
	shown   string
	content bool // the commit added the file or changed its content
	change  bool // the commit changed the status value
}

func (e *event) seq() int { return e.commit.seq }

// contains reports whether b is in the list starting at a.
func contains(a, b *event) bool {
	for ; a != nil && a.seq() >= b.seq(); a = a.prev {
		if a == b {
			return true
		}
	}
	return false
}

// union returns the list holding the events of both a and b once each, in walk
// order. A commit's events are facts about that commit, so their change flags
// are kept; only what a reader sees (shown) is recomputed for the merged part.
func union(a, b *event) *event {
	switch {
	case a == nil:
		return b
	case b == nil || a == b || contains(a, b):
		return a
	case contains(b, a):
		return b
	}
	// Collect the events that are not shared, newest first, until both lists
	// reach their common past (possibly the empty list).
	var own []*event
	x, y := a, b
	for x != y {
		switch {
		case y == nil || (x != nil && x.seq() > y.seq()):
			own = append(own, x)
			x = x.prev
		case x == nil || y.seq() > x.seq():
			own = append(own, y)
			y = y.prev
		default: // one commit's event on both lines: keep one
			own = append(own, x)
			x, y = x.prev, y.prev
		}
	}
	head := x
	for i := len(own) - 1; i >= 0; i-- {
		e := *own[i]
		e.prev = head
		e.shown = shownAfter(head)
		if e.change {
			e.shown = e.status
		}
		head = &e
	}
	return head
}

// shownAfter is the status a reader sees after e; "" before any event.
func shownAfter(e *event) string {
	if e == nil {
		return ""
	}
	return e.shown
}

// timeline turns a file's events into its File.
func timeline(path string, head *event, withStatus bool) *File {
	var events []*event
	for e := head; e != nil; e = e.prev {
		events = append(events, e)
	}
	f := &File{Path: path}
	seen := map[string]bool{}
	last := ""
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		c := e.commit
		if e.content {
			if f.CreatedCommit == "" {
				f.Created, f.CreatedCommit = c.when, c.hash.String()
			}
			// The newest date, not the last change in history order:
			// a rebased commit keeps its author time, so a change
			// replayed after the file's creation may be dated before it.
			if !c.when.Before(f.Updated) {
				f.Updated, f.UpdatedCommit = c.when, c.hash.String()
			}
			if !seen[c.author] {
				seen[c.author] = true
				f.Authors = append(f.Authors, c.author)
			}
		}
		// Two lines of history may make the same change (a cherry-pick, or
		// the same decision on two branches); a reader sees it once.
		if withStatus && e.change && (len(f.Statuses) == 0 || e.status != last) {
			f.Statuses = append(f.Statuses, Change{
				Status: e.status, Date: c.when, Commit: c.hash.String(), Author: c.author,
			})
			last = e.status
		}
	}
	return f
}
