package render

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

// TestScoreChart: a survey chart draws no point for a month under the
// minimum sample, so no line runs through it; it shows n for every month
// (bars with titles, labels, a table column) and says why a month has no
// point.
func TestScoreChart(t *testing.T) {
	months := []string{"2026-01", "2026-02", "2026-03", "2026-04"}
	c := scoreChart("nps", "NPS per month", "NPS", months, []float64{40, -100, 25, math.NaN()}, []int{12, 1, 7, 0}, -100, 100, 5)
	svg := string(c.SVG)
	if n := strings.Count(svg, `<circle class="dot`); n != 2 {
		t.Errorf("%d points, want 2 (January and March; February has one answer, April none)", n)
	}
	paths := regexp.MustCompile(`<path class="line s0" d="([^"]*)"`).FindAllStringSubmatch(svg, -1)
	if len(paths) != 1 || strings.Contains(paths[0][1], "L") {
		t.Errorf("a line joins months across one under the minimum: %q", paths)
	}
	for _, want := range []string{"<title>Jan 2026: 12 answers</title>", "<title>Feb 2026: 1 answer</title>", ">n 12<", ">n 1<", ">n 7<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	if !strings.Contains(c.Note, "fewer than 5") {
		t.Errorf("note %q", c.Note)
	}
	want := [][]string{{"Jan 2026", "40", "12"}, {"Feb 2026", "– (too few answers)", "1"}, {"Mar 2026", "25", "7"}, {"Apr 2026", "–", "0"}}
	for i, row := range c.Table.Rows {
		if strings.Join(row, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, row, want[i])
		}
	}
}
