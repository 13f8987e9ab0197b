package diag

// Closest returns the option nearest to word by edit distance when it is
// close enough to be a likely typo, else "". Ties go to the earlier option.
func Closest(word string, options []string) string {
	best, bestD := "", len(word)/2+2
	for _, o := range options {
		if d := distance(word, o); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// DidYouMean returns " (did you mean X?)" for the closest option, or "".
func DidYouMean(word string, options []string) string {
	if c := Closest(word, options); c != "" {
		return " (did you mean " + c + "?)"
	}
	return ""
}

// distance is the Levenshtein distance between a and b, counted in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
