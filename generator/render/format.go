package render

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/internal/space"

	"github.com/heedhq/heed/generator/publish"
)

// funcs are the functions templates may call besides html/template's own,
// for a site under u. All are pure: the same value formats to the same text
// on every build, and they depend on nothing but u (Plan.Next reuses
// templates parsed with them while u is the same).
func funcs(u urls) template.FuncMap {
	return template.FuncMap{
		"url":     u.link,
		"asset":   func(name string) string { return u.link("assets/" + name) },
		"date":    formatDate,
		"isodate": isoDate,
		"month":   func(t time.Time) string { return t.UTC().Format("January 2006") },
		"num":     formatNum,
		"pct":     func(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" },
		"signed":  func(f float64) string { return formatSigned(f) },
		"whole":   func(f float64) string { return strconv.Itoa(int(math.Round(f))) },
		"money":   formatMoney,
		"trend":   formatTrend,
		"join":    strings.Join,
		// feedback counts pieces of feedback in heed's words for counts.
		"feedback": publish.Feedback,
		"headings": headings,
		"minus":    func(a, b int) int { return a - b },
		"first": func(n int, list []*themeView) []*themeView {
			return list[:min(n, len(list))]
		},
	}
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

// formatNum shows a score: whole numbers as such, others with one decimal
// (two below 1), so a reader can match them with the breakdown.
func formatNum(f float64) string {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return "–"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return groupDigits(strconv.FormatFloat(f, 'f', 0, 64))
	case math.Abs(f) < 1:
		return strconv.FormatFloat(f, 'f', 2, 64)
	default:
		return groupDigits(strconv.FormatFloat(f, 'f', 1, 64))
	}
}

func formatSigned(f float64) string {
	s := formatNum(math.Round(f))
	if f > 0 {
		return "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}

func formatMoney(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–" // as formatNum: "+,Inf" helps no reader
	}
	return groupDigits(strconv.FormatFloat(math.Round(f), 'f', 0, 64))
}

// formatTrend shows a relative change of demand (0.25 is a quarter more).
func formatTrend(f float64) string {
	p := int(math.Round(f * 100))
	switch {
	case p == 0:
		return "steady"
	case p > 0:
		return fmt.Sprintf("+%d%%", p)
	default:
		return fmt.Sprintf("−%d%%", -p)
	}
}

// groupDigits puts commas between the thousands of the integer part of a
// number as strconv formats it: 12345.6 -> 12,345.6. One allocation, or
// none below 1,000 (it runs for every score a page shows).
func groupDigits(s string) string {
	digits := strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(digits, ".")
	if len(intPart) <= 3 {
		return s
	}
	sign := s[:len(s)-len(digits)]
	var b strings.Builder
	b.Grow(len(s) + (len(intPart)-1)/3)
	b.WriteString(sign)
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// headingTag matches the heading tags of a rendered body. Bodies come from
// the content stage with raw HTML escaped, so every "<hN" in them is a
// heading that goldmark wrote.
var headingTag = regexp.MustCompile(`<(/?)h([1-6])\b`)

// headings renumbers the headings of a rendered body so that its largest
// is level top (a body under a page's h2 starts at h3), keeping the
// heading order of the page intact. Levels stop at 6.
func headings(body template.HTML, top int) template.HTML {
	s := string(body)
	if !strings.Contains(s, "<h") {
		return body // most bodies have no heading: no need for the regexp
	}
	least := 7
	for _, m := range headingTag.FindAllStringSubmatch(s, -1) {
		least = min(least, int(m[2][0]-'0'))
	}
	if least == 7 || least == top {
		return body
	}
	return template.HTML(headingTag.ReplaceAllStringFunc(s, func(tag string) string {
		m := headingTag.FindStringSubmatch(tag)
		level := min(max(int(m[2][0]-'0')-least+top, 1), 6)
		return "<" + m[1] + "h" + strconv.Itoa(level)
	})) // only tag names change in HTML that is already safe
}

// excerpt cuts plain text to about n characters at a word boundary: the
// text's words joined by single spaces, cut at the last space past half of
// its first n characters, with an ellipsis, when that text is longer. It
// reads only as much of text as the excerpt needs.
func excerpt(text string, n int) string {
	var b strings.Builder
	b.Grow(min(len(text), 4*n+4))
	runes := 0 // in b; n+1 once text is known to be longer than n
	for i := 0; i < len(text) && runes <= n; {
		start := space.Skip(text, i)
		end, w := skipWord(text, start)
		i = end
		if start == end {
			break
		}
		if b.Len() > 0 {
			if runes == n {
				runes++
				break
			}
			b.WriteByte(' ')
			runes++
		}
		word := text[start:end]
		if runes+w <= n {
			b.WriteString(word)
			runes += w
			continue
		}
		for j := 0; runes < n; runes++ {
			_, size := utf8.DecodeRuneInString(word[j:])
			b.WriteString(word[j : j+size])
			j += size
		}
		runes++
	}
	out := b.String()
	if runes <= n {
		return out
	}
	if sp := strings.LastIndexByte(out, ' '); sp > len(out)/2 {
		out = out[:sp]
	}
	return strings.TrimRight(out, " ,;:.-") + "…"
}

// skipWord returns the end of the word at i and its length in runes.
func skipWord(s string, i int) (end, runes int) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if space.IsASCII(c) {
				return i, runes
			}
			i++
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return i, runes
		}
		i += size
		runes++
	}
	return i, runes
}
