package render

import "strconv"

// Long lists (the feedback list, the changelog, a theme's quotes) are split
// over numbered pages of heed.yaml's pagination.page_size entries, so that
// no page grows with the repository: the first page keeps its address
// (feedback/), the others are page/2/, page/3/ ... below it, linked with
// rel="prev" and rel="next". Every entry is on exactly one page, so the
// pages list everything without JavaScript.

// pagerView is where a page stands in its list.
type pagerView struct {
	// Number is this page's number (from 1) and Count how many pages the
	// list has.
	Number, Count int
	// Total is the list's length; First and Last are the positions (from
	// 1) of this page's first and last entries.
	Total, First, Last int
	// Prev and Next are the links of the neighbouring pages, "" at an end.
	Prev, Next string
	// Pages are the pages to link to: the first, the last and the two on
	// each side of this one, with a gap (Number 0) where pages are left
	// out, so that the links stay few on a list of thousands of pages.
	Pages []pageLink
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
}

// pageCount is how many pages n entries fill (at least one: an empty list
// still has its page).
func pageCount(n, size int) int {
	return max(1, (n+size-1)/size)
}

// pagePath is the folder of page n of the list at dir ("feedback/").
func pagePath(dir string, n int) string {
	if n <= 1 {
		return dir
	}
	return dir + "page/" + strconv.Itoa(n) + "/"
}

// pager describes page n (from 1) of a list of total entries under dir.
func (b *builder) pager(dir string, n, total int) *pagerView {
	size := b.pageSize()
	count := pageCount(total, size)
	p := &pagerView{Number: n, Count: count, Total: total, First: min(total, (n-1)*size+1), Last: min(total, n*size)}
	if n > 1 {
		p.Prev = b.urls.link(pagePath(dir, n-1))
	}
	if n < count {
		p.Next = b.urls.link(pagePath(dir, n+1))
	}
	if count == 1 {
		return p
	}
	last := 0
	for i := 1; i <= count; i++ {
		if i != 1 && i != count && (i < n-2 || i > n+2) {
			continue
		}
		if last != 0 && i > last+1 {
			p.Pages = append(p.Pages, pageLink{})
		}
		p.Pages = append(p.Pages, pageLink{Number: i, URL: b.urls.link(pagePath(dir, i)), Current: i == n})
		last = i
	}
	return p
}

// pageSize is heed.yaml's page size, at least one.
func (b *builder) pageSize() int { return max(1, b.cfg.PageSize) }

// span returns the bounds of page n (from 1) in a list of total entries.
func (b *builder) span(n, total int) (lo, hi int) {
	size := b.pageSize()
	lo = min(total, (n-1)*size)
	return lo, min(total, lo+size)
}
