package insight

import (
	"fmt"
	"time"

	"github.com/heedhq/heed/generator/config"
	"github.com/heedhq/heed/generator/content"
	"github.com/heedhq/heed/generator/history"
)

// StaleAfter is how long a theme's status may stay unchanged while its
// feedback rises before the theme is called stale.
const StaleAfter = 180 * 24 * time.Hour

// Stale is a theme whose status looks out of date.
type Stale struct {
	Theme  string `json:"theme"`
	Reason string `json:"reason"`
}

// StaleThemes lists, in the set's order, the open and active themes whose
// status has not changed for StaleAfter before now while they are rising
// (ins.Rising with a positive growth). When a status last changed comes
// from git history (the theme file's last status change, else its
// creation); without history nothing is stale. The result is never nil.
func StaleThemes(set *content.Set, hist *history.History, ins *Insights, now time.Time) []Stale {
	out := []Stale{}
	if hist == nil {
		return out
	}
	rising := map[string]Rising{}
	for _, r := range ins.Rising {
		if r.Growth > 0 {
			rising[r.Theme] = r
		}
	}
	for _, th := range set.Themes {
		r, ok := rising[th.ID]
		kind := set.StatusKind(th)
		if !ok || (kind != config.KindOpen && kind != config.KindActive) {
			continue
		}
		f := hist.Files[th.Path]
		if f == nil {
			continue
		}
		since := f.Created
		if n := len(f.Statuses); n > 0 {
			since = f.Statuses[n-1].Date
		}
		if now.Sub(since) < StaleAfter {
			continue
		}
		days := int(now.Sub(since).Hours() / 24)
		out = append(out, Stale{Theme: th.ID, Reason: fmt.Sprintf(
			"status %s unchanged since %s (%d days) while feedback rose from %d to %d in the last %d days",
			th.Status, since.Format("2006-01-02"), days, r.Previous, r.Recent, set.Config.DemandWindowDays)})
	}
	return out
}
