package score

import (
	"time"

	"github.com/heedhq/heed/generator/content"
)

// Compute scores every item and theme of set as of now.
func Compute(set *content.Set, now time.Time) *Result {
	return &Result{Now: now, Items: map[string]*ItemScore{}}
}
