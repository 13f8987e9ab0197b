package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// fill puts an area into a phrase: %s and %[1]s become its name, %[2]s its
// objects.
func fill(s string, a *area) string {
	return strings.NewReplacer("%[1]s", a.name, "%[2]s", a.obj, "%s", a.name).Replace(s)
}

// itemTitle writes a title in the voice of the item's type.
func itemTitle(r *rand.Rand, typ string, a *area, f *facet) string {
	var t string
	switch typ {
	case "bug":
		t = capFirst(a.name) + " " + fill(one(r, f.problems), a)
	case "request":
		t = one(r, []string{"Let us ", "Please let us ", "Option to ", "Ability to "}) + fill(one(r, f.wishes), a)
	case "usability":
		t = one(r, []string{"Hard to ", "Confusing to ", "Too many clicks to "}) + fill(one(r, f.tasks), a)
	case "praise":
		t = capFirst(fill(one(r, f.praise), a))
	case "question":
		t = one(r, []string{"Can we ", "Is there a way to ", "How do we "}) + fill(one(r, f.wishes), a) + "?"
	default: // complaint
		t = one(r, []string{"Frustrated: ", "Again: ", ""}) + capFirst(a.name) + " " + fill(one(r, f.problems), a)
	}
	// Most titles name a circumstance: where, when, for whom.
	if r.IntN(10) < 6 {
		q := detail(r, one(r, qualifiers))
		if rest, ok := strings.CutSuffix(t, "?"); ok {
			t = rest + " " + q + "?"
		} else {
			t += " " + q
		}
	}
	return capFirst(t)
}

// itemSentences writes the sentences of an item's first paragraph.
func itemSentences(r *rand.Rand, it *Item, a *area, f *facet) []string {
	s := []string{one(r, openers[it.Type])}
	switch it.Type {
	case "bug":
		s = append(s, capFirst(a.name)+" "+fill(one(r, f.problems), a)+" when we "+
			one(r, []string{"filter by last month", "switch to our second entity", "use the app", "have more than a few hundred " + a.obj})+".")
	case "request", "question":
		ask := []string{"We would like to %s.", "Could you let us %s?", "Please make it possible to %s.", "Is there a way to %s?"}
		s = append(s, fmt.Sprintf(one(r, ask), fill(one(r, f.wishes), a)))
	case "usability":
		s = append(s, one(r, []string{"It is hard to ", "Nobody on our team knows how to ", "It takes far too many clicks to "})+fill(one(r, f.tasks), a)+".")
	case "praise":
		s = append(s, capFirst(fill(one(r, f.praise), a))+"!")
	default:
		s = append(s, one(r, []string{"Every month ", "Once again ", "Yet again "})+a.name+" "+fill(one(r, f.problems), a)+".")
	}
	// Then the circumstances and some of the area's and the facet's
	// context, in varying order.
	var rest []string
	for _, c := range pickN(r, contexts, 1+r.IntN(2)) {
		rest = append(rest, detail(r, c))
	}
	if r.IntN(2) == 0 {
		rest = append(rest, one(r, a.details))
	}
	if r.IntN(2) == 0 {
		rest = append(rest, fill(one(r, f.details), a))
	}
	r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	return append(s, rest...)
}

// retell writes a duplicate of orig: another title and its sentences
// reworded and reordered, the way a second customer reports the same thing.
func retell(r *rand.Rand, orig *Item) (string, []string) {
	title := itemTitle(r, orig.Type, orig.area, orig.facet)
	if title == orig.Title {
		title = "Still: " + title
	}
	s := append([]string(nil), orig.sentences...)
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	s[0] = one(r, []string{"Same problem as others have reported.", "We have the same issue.", "Adding our voice to this.", "Seeing this too."})
	return title, s
}

// itemBody writes the Markdown body: a line, a paragraph, or several
// paragraphs with a list, emphasis and links.
func itemBody(r *rand.Rand, it *Item, a *area) string {
	f := it.facet
	var paras []string
	switch x := r.IntN(100); {
	case x < 25: // one line, with one circumstance
		paras = append(paras, it.sentences[1]+" "+detail(r, one(r, contexts)))
	case x < 65: // one paragraph
		paras = append(paras, wrap(emphasise(r, strings.Join(it.sentences, " "))))
	default: // several paragraphs
		paras = append(paras, wrap(emphasise(r, strings.Join(it.sentences, " "))))
		switch it.Type {
		case "bug":
			var list []string
			for i, step := range pickN(r, steps, 3+r.IntN(3)) {
				list = append(list, fmt.Sprintf("%d. %s", i+1, fill(step, a)))
			}
			paras = append(paras, "Steps:\n\n"+strings.Join(list, "\n"))
		default:
			list := []string{"- " + capFirst(fill(one(r, f.wishes), a))}
			for _, b := range pickN(r, bullets, 1+r.IntN(3)) {
				list = append(list, "- "+detail(r, b))
			}
			paras = append(paras, "What would help:\n\n"+strings.Join(list, "\n"))
		}
		p := impact(r)
		if r.IntN(3) == 0 {
			p += " " + fill(one(r, f.details), a)
		}
		if r.IntN(3) == 0 {
			p += fmt.Sprintf(" There is more context in [our earlier ticket](https://support.example.com/tickets/%d).", 1000+r.IntN(90000))
		}
		paras = append(paras, wrap(p))
		if r.IntN(2) == 0 {
			paras = append(paras, one(r, closers))
		}
	}
	if it.Private && r.IntN(2) == 0 {
		name := one(r, firstNames)
		paras = append(paras, fmt.Sprintf("Internal note: follow up with %s at %s@customer.example.com before the renewal call.", name, strings.ToLower(name)))
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// impact says what the problem costs the customer.
func impact(r *rand.Rand) string {
	role, n := one(r, roles), 2+r.IntN(30)
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("It costs %s about %d hours every month.", role, n)
	case 1:
		return capFirst(fmt.Sprintf("%s has to work late on %d days every close.", role, n%5+2))
	case 2:
		return fmt.Sprintf("We have %d people waiting on this, and %s keeps asking me about it.", n, role)
	default:
		return capFirst(fmt.Sprintf("without it %s spends roughly %d hours a week on workarounds.", role, n%12+1))
	}
}

// themeBody writes a theme's problem statement.
func themeBody(r *rand.Rand, t *Theme) string {
	a, f := t.area, t.facet
	p1 := wrap(fmt.Sprintf("Customers use %s every week. %s %s", a.name, fill(one(r, a.details), a), fill(one(r, f.details), a)))
	p2 := wrap(fmt.Sprintf("What they ask for, in their words: %s, and to %s.", fill(f.wishes[0], a), fill(f.wishes[len(f.wishes)-1], a)))
	return p1 + "\n\n" + p2 + "\n"
}

// shippedNote is the "What changed" section a theme gets when it ships.
func shippedNote(t *Theme) string {
	var b strings.Builder
	b.WriteString("\n## What changed\n\n")
	for _, c := range t.facet.changes {
		b.WriteString("- " + capFirst(fill(c, t.area)) + "\n")
	}
	return b.String()
}

// emphasise puts one phrase of a paragraph in bold or italics.
func emphasise(r *rand.Rand, s string) string {
	if r.IntN(3) > 0 {
		return s
	}
	words := strings.Fields(s)
	if len(words) < 6 {
		return s
	}
	i := 1 + r.IntN(len(words)-4)
	n := 1 + r.IntN(2)
	phrase := strings.Join(words[i:i+n], " ")
	if strings.ContainsAny(phrase, "*_[]`") || strings.ContainsAny(phrase[len(phrase)-1:], ".,?!:") {
		return s
	}
	mark := one(r, []string{"**", "*", "_"})
	return strings.Join(words[:i], " ") + " " + mark + phrase + mark + " " + strings.Join(words[i+n:], " ")
}

// wrap breaks a paragraph into lines of at most 76 characters.
func wrap(s string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		if i > 0 {
			if n+1+len(w) > 76 {
				b.WriteByte('\n')
				n = 0
			} else {
				b.WriteByte(' ')
				n++
			}
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

func pickN(r *rand.Rand, xs []string, n int) []string {
	idx := r.Perm(len(xs))
	out := make([]string, 0, n)
	for _, i := range idx[:min(n, len(xs))] {
		out = append(out, xs[i])
	}
	return out
}
