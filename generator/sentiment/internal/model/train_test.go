package model

import (
	"math"
	"testing"
)

// TestExampleWeights: each data set weighs in total what Weights says,
// however many texts it has, and the classes within it are evened out by
// Balance.
func TestExampleWeights(t *testing.T) {
	var exs []Example
	add := func(group string, label, n int) {
		for range n {
			exs = append(exs, Example{Group: group, Label: label})
		}
	}
	add("a", Positive, 90)
	add("a", Negative, 10)
	add("b", Positive, 5)
	add("b", Neutral, 5)
	add("c", Negative, 3)

	for _, tt := range []struct {
		name    string
		balance float64
		groups  map[string]float64
		want    map[string]float64 // total weight of each data set
		// the total weight of a's negatives over that of its positives
		aNegOverPos float64
	}{
		{"every set the same", 0, nil, map[string]float64{"a": 1.0 / 3, "b": 1.0 / 3, "c": 1.0 / 3}, 10.0 / 90},
		{"b four times", 0, map[string]float64{"b": 4}, map[string]float64{"a": 1.0 / 6, "b": 4.0 / 6, "c": 1.0 / 6}, 10.0 / 90},
		{"classes evened out", 1, map[string]float64{"b": 4}, map[string]float64{"a": 1.0 / 6, "b": 4.0 / 6, "c": 1.0 / 6}, 1},
	} {
		w := exampleWeights(exs, tt.balance, tt.groups)
		got := map[string]float64{}
		var aNeg, aPos float64
		for i, ex := range exs {
			got[ex.Group] += w[i]
			if ex.Group == "a" && ex.Label == Negative {
				aNeg += w[i]
			}
			if ex.Group == "a" && ex.Label == Positive {
				aPos += w[i]
			}
		}
		for g, want := range tt.want {
			if math.Abs(got[g]-want) > 1e-12 {
				t.Errorf("%s: data set %s weighs %.4f, want %.4f", tt.name, g, got[g], want)
			}
		}
		if r := aNeg / aPos; math.Abs(r-tt.aNegOverPos) > 1e-12 {
			t.Errorf("%s: a's negatives weigh %.4f of its positives, want %.4f", tt.name, r, tt.aNegOverPos)
		}
	}
}
