package render

import (
	"fmt"
	"unicode/utf8"

	"github.com/heedhq/heed/generator/config"
)

// badgeColours are the right-hand side colours by status kind (white text
// on each has a contrast of at least 4.5:1).
var badgeColours = map[string]string{
	config.KindOpen:      "#55606b",
	config.KindActive:    "#9a5200",
	config.KindDone:      "#1a7a3f",
	config.KindDeclined:  "#b3261e",
	config.KindDuplicate: "#6750a4",
}

// badge draws a theme's status badge: "roadmap | in-progress".
func badge(t *themeView) []byte {
	left, right := "roadmap", t.Status
	w := func(s string) int { return 6*utf8.RuneCountInString(s) + 12 }
	lw, rw := w(left), w(right)
	colour := badgeColours[t.Kind]
	if colour == "" {
		colour = badgeColours[config.KindOpen]
	}
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" viewBox="0 0 %d 20" role="img" aria-label="%s: %s">
<title>%s: %s</title>
<rect width="%d" height="20" rx="3" fill="#3b434b"/>
<rect x="%d" width="%d" height="20" rx="3" fill="%s"/>
<rect x="%d" width="4" height="20" fill="%s"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="%d" y="14">%s</text>
<text x="%d" y="14">%s</text>
</g>
</svg>
`, lw+rw, lw+rw, esc(left), esc(right), esc(left), esc(right),
		lw+rw, lw, rw, colour, lw, colour,
		lw/2, esc(left), lw+rw/2, esc(right))
}
