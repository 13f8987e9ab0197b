package render

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Charts are SVG drawn at build time. They carry class names only (s0..s7
// for series, sent-* for sentiment) and take their colours from the site's
// CSS, so they follow light and dark mode. Every chart comes with its
// numbers as a table for readers who cannot see it.

// chart is a figure: a title, the drawing and a table of its numbers.
type chart struct {
	ID, Title, Note string
	SVG             template.HTML
	Table           table
}

type table struct {
	Head []string
	Rows [][]string
}

// series is one row of values over the chart's categories; NaN is no value.
type series struct {
	name, class string
	values      []float64
}

// barRow is one bar of a bar list.
type barRow struct {
	label, display string
	value          float64
}

// The drawing's units are near CSS pixels at the width a chart usually
// has (a column of the chart grid, or a phone's screen), so that labels
// of 12 units (site.css) read at about 12 px.
const (
	chartW     = 360.0
	chartH     = 200.0
	padLeft    = 38.0
	padRight   = 8.0
	padTop     = 10.0
	padBottom  = 28.0
	maxSeries  = 8
	otherLabel = "other"
)

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// monthLabel shortens "2026-03" to "Mar" ("Mar 26" in January and for the
// first month) for axes; monthLong gives "Mar 2026" for tables.
func monthLabel(m string, first bool) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	if first || t.Month() == time.January {
		return t.Format("Jan 2006")
	}
	return t.Format("Jan")
}

func monthLong(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("Jan 2006")
}

// svgOpen starts an accessible SVG with a title and a description.
func svgOpen(b *strings.Builder, id, title, desc string) {
	fmt.Fprintf(b, `<svg viewBox="0 0 %s %s" role="img" aria-labelledby="%s-t %s-d" class="chart-svg">`, f1(chartW), f1(chartH), esc(id), esc(id))
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// yAxis draws horizontal grid lines with labels from 0 to top.
func yAxis(b *strings.Builder, lo, hi float64, label func(float64) string) {
	plotH := chartH - padTop - padBottom
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		y := padTop + plotH*(1-float64(i)/4)
		cls := "grid"
		if i == 0 {
			cls = "axis"
		}
		fmt.Fprintf(b, `<line class="%s" x1="%s" x2="%s" y1="%s" y2="%s"/>`, cls, f1(padLeft), f1(chartW-padRight), f1(y), f1(y))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, f1(padLeft-4), f1(y+4), esc(label(v)))
	}
}

// xLabels writes category labels under the plot, thinned to fit.
func xLabels(b *strings.Builder, labels []string, x func(i int) float64) {
	step := max(1, int(math.Ceil(float64(len(labels))/6)))
	for i, l := range labels {
		if i%step != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, f1(x(i)), f1(chartH-padBottom+14), esc(monthLabel(l, i == 0)))
	}
}

func legend(b *strings.Builder, ss []series) {
	if len(ss) < 2 {
		return
	}
	b.WriteString(`<ul class="legend">`)
	for _, s := range ss {
		fmt.Fprintf(b, `<li><svg viewBox="0 0 10 10" aria-hidden="true"><rect class="%s" width="10" height="10" rx="2"/></svg>%s</li>`, esc(s.class), esc(s.name))
	}
	b.WriteString(`</ul>`)
}

// barChart draws stacked bars per month; with percent each bar is scaled
// to 100%.
func barChart(id, title string, months []string, ss []series, percent bool) *chart {
	c := &chart{ID: id, Title: title}
	c.Table.Head = append([]string{"Month"}, names(ss)...)
	totals := make([]float64, len(months))
	for _, s := range ss {
		for i, v := range s.values {
			totals[i] += v
		}
	}
	top := 1.0
	if !percent {
		for _, t := range totals {
			top = max(top, t)
		}
		// Counts: at least 4, so that the four grid steps are whole numbers.
		top = niceMax(max(top, 4))
		if top < 20 {
			top = math.Ceil(top/4) * 4
		}
	}
	var b strings.Builder
	desc := fmt.Sprintf("Bars for %d months from %s to %s.", len(months), monthLong(first(months)), monthLong(last(months)))
	if len(months) == 0 {
		desc = "No data yet."
	}
	svgOpen(&b, id, title, desc)
	yAxis(&b, 0, top, func(v float64) string {
		if percent {
			return strconv.Itoa(int(math.Round(v*100))) + "%"
		}
		return formatNum(v)
	})
	plotW := chartW - padLeft - padRight
	plotH := chartH - padTop - padBottom
	slot := plotW / float64(max(len(months), 1))
	barW := math.Max(slot*0.72, 1)
	xc := func(i int) float64 { return padLeft + slot*(float64(i)+0.5) }
	for i, m := range months {
		y := padTop + plotH
		for _, s := range ss {
			v := s.values[i]
			if v <= 0 || math.IsNaN(v) {
				continue
			}
			share := v
			if percent {
				share = v / math.Max(totals[i], 1e-9)
			}
			h := plotH * share / top
			y -= h
			fmt.Fprintf(&b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>%s, %s: %s</title></rect>`,
				esc(s.class), f1(xc(i)-barW/2), f1(y), f1(barW), f1(h), esc(monthLong(m)), esc(s.name), esc(formatNum(v)))
		}
	}
	xLabels(&b, months, xc)
	b.WriteString(`</svg>`)
	legend(&b, ss)
	c.SVG = template.HTML(b.String()) // built from escaped text only
	for i, m := range months {
		row := []string{monthLong(m)}
		for _, s := range ss {
			row = append(row, formatNum(s.values[i]))
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return c
}

// lineChart draws one line per series between lo and hi; NaN values break
// the line.
func lineChart(id, title string, months []string, ss []series, lo, hi float64) *chart {
	c := &chart{ID: id, Title: title}
	c.Table.Head = append([]string{"Month"}, names(ss)...)
	var b strings.Builder
	svgOpen(&b, id, title, fmt.Sprintf("Line from %s to %s, on a scale of %s to %s.", monthLong(first(months)), monthLong(last(months)), formatNum(lo), formatNum(hi)))
	yAxis(&b, lo, hi, formatNum)
	plotW := chartW - padLeft - padRight
	plotH := chartH - padTop - padBottom
	slot := plotW / float64(max(len(months), 1))
	xc := func(i int) float64 { return padLeft + slot*(float64(i)+0.5) }
	yc := func(v float64) float64 { return padTop + plotH*(1-(v-lo)/(hi-lo)) }
	for _, s := range ss {
		var d strings.Builder
		pen := false
		for i, v := range s.values {
			if math.IsNaN(v) {
				pen = false
				continue
			}
			if pen {
				d.WriteString(" L")
			} else {
				if d.Len() > 0 {
					d.WriteByte(' ')
				}
				d.WriteString("M")
			}
			fmt.Fprintf(&d, "%s %s", f1(xc(i)), f1(yc(v)))
			pen = true
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path class="line %s" d="%s"/>`, esc(s.class), d.String())
		}
		for i, v := range s.values {
			if !math.IsNaN(v) {
				fmt.Fprintf(&b, `<circle class="dot %s" cx="%s" cy="%s" r="3"><title>%s, %s: %s</title></circle>`,
					esc(s.class), f1(xc(i)), f1(yc(v)), esc(monthLong(months[i])), esc(s.name), esc(formatNum(v)))
			}
		}
	}
	xLabels(&b, months, xc)
	b.WriteString(`</svg>`)
	legend(&b, ss)
	c.SVG = template.HTML(b.String()) // built from escaped text only
	for i, m := range months {
		row := []string{monthLong(m)}
		for _, s := range ss {
			if math.IsNaN(s.values[i]) {
				row = append(row, "–")
			} else {
				row = append(row, formatNum(s.values[i]))
			}
		}
		c.Table.Rows = append(c.Table.Rows, row)
	}
	return c
}

// scoreChart draws a survey score per month (NPS, CSAT, CES) between lo
// and hi, with how many answers each month had (n): as a strip of bars
// along the bottom, under the month labels and in the table. A month with
// fewer than minN answers gets no point, so no line runs through it: a
// score of one or two answers says little.
func scoreChart(id, title, name string, months []string, values []float64, answers []int, lo, hi float64, minN int) *chart {
	shown := make([]float64, len(values))
	low := 0
	for i, v := range values {
		shown[i] = v
		if answers[i] < minN {
			shown[i] = math.NaN()
			if answers[i] > 0 {
				low++
			}
		}
	}
	c := lineChart(id, title, months, []series{{name: name, class: "s0", values: shown}}, lo, hi)
	// The strip of answer counts, drawn into the plot's bottom fifth.
	top := 1
	for _, n := range answers {
		top = max(top, n)
	}
	plotW := chartW - padLeft - padRight
	slot := plotW / float64(max(len(months), 1))
	var b strings.Builder
	base := chartH - padBottom
	for i, n := range answers {
		if n == 0 {
			continue
		}
		h := 0.2 * (chartH - padTop - padBottom) * float64(n) / float64(top)
		cls := "nbar"
		if n < minN {
			cls += " low"
		}
		fmt.Fprintf(&b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>%s: %s</title></rect>`,
			cls, f1(padLeft+slot*float64(i)+slot*0.2), f1(base-h), f1(slot*0.6), f1(h), esc(monthLong(months[i])), esc(plural(n, "answer")))
	}
	step := max(1, int(math.Ceil(float64(len(months))/6)))
	for i, n := range answers {
		if i%step == 0 {
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" class="n">n %d</text>`, f1(padLeft+slot*(float64(i)+0.5)), f1(chartH-2), n)
		}
	}
	svg := string(c.SVG)
	if k := strings.Index(svg, `</svg>`); k >= 0 {
		svg = svg[:k] + b.String() + svg[k:]
	}
	c.SVG = template.HTML(svg) // built from escaped text only
	c.Note = fmt.Sprintf("n is how many answers each month had; a month with fewer than %d has no point.", minN)
	c.Table.Head = append(c.Table.Head, "Answers (n)")
	for i := range c.Table.Rows {
		if answers[i] > 0 && answers[i] < minN {
			c.Table.Rows[i][1] = "– (too few answers)"
		}
		c.Table.Rows[i] = append(c.Table.Rows[i], strconv.Itoa(answers[i]))
	}
	return c
}

// plural says "1 answer", "2 answers".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// barList draws labelled horizontal bars, one per row: the labels are
// text, the bars small SVGs scaled to the largest value.
func barList(id, title, head string, rows []barRow) *chart {
	c := &chart{ID: id, Title: title, Table: table{Head: []string{head, "Value"}}}
	top := 0.0
	for _, r := range rows {
		top = max(top, r.value)
	}
	var b strings.Builder
	b.WriteString(`<ul class="bars">`)
	for _, r := range rows {
		w := 0.0
		if top > 0 {
			w = 100 * r.value / top
		}
		fmt.Fprintf(&b, `<li><span class="bar-label">%s</span> <span class="bar-value">%s</span><svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect class="s0" width="%s" height="8" rx="1.5"/></svg></li>`,
			esc(r.label), esc(r.display), f1(w))
		c.Table.Rows = append(c.Table.Rows, []string{r.label, r.display})
	}
	if len(rows) == 0 {
		b.WriteString(`<li class="muted">No data yet.</li>`)
	}
	b.WriteString(`</ul>`)
	c.SVG = template.HTML(b.String()) // built from escaped text only
	return c
}

func names(ss []series) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.name
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}
