package importer

import (
	"regexp"
	"strings"
)

var (
	emailRE = regexp.MustCompile(`(?i)(mailto:)?[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}`)
	phoneRE = regexp.MustCompile(`[+(]?\d[\d ().-]{5,}\d\)?`)
	// handleRE is a handle on GitHub and elsewhere: @octocat.
	handleRE = regexp.MustCompile(`(^|[\s(<\[,;])(@[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38}))\b`)
)

// splitPerson separates what a requester, author or respondent column
// says into a person's or company's name and their contact details
// (e-mail addresses, phone numbers and handles such as a GitHub login):
// "Jane Doe <jane@acme.example>" is the name "Jane Doe" and the contact
// "jane@acme.example", "@octocat" the contact "@octocat" and no name.
func splitPerson(s string) (name string, contacts []string) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	rest := s
	if strings.IndexByte(s, '@') >= 0 {
		rest = emailRE.ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasPrefix(strings.ToLower(m), "mailto:") {
				m = m[len("mailto:"):]
			}
			contacts = append(contacts, m)
			return " "
		})
	}
	if strings.IndexByte(rest, '@') >= 0 {
		rest = handleRE.ReplaceAllStringFunc(rest, func(m string) string {
			sub := handleRE.FindStringSubmatch(m)
			contacts = append(contacts, sub[2])
			return sub[1] + " "
		})
	}
	if countDigits(rest) >= 7 {
		var b strings.Builder
		last := 0
		for _, m := range phoneRE.FindAllStringIndex(rest, -1) {
			number := strings.TrimRight(rest[m[0]:m[1]], " .-")
			if m[0] > 0 && isWordByte(rest[m[0]-1]) {
				continue // inside a longer word or number
			}
			if n := countDigits(number); n < 7 || n > 15 {
				continue
			}
			contacts = append(contacts, number)
			b.WriteString(rest[last:m[0]] + " ")
			last = m[0] + len(number)
		}
		rest = b.String() + rest[last:]
	}
	name = strings.Join(strings.Fields(rest), " ")
	name = strings.Trim(name, " <>()[]\"',;:|/-")
	name = strings.TrimSpace(name)
	if contacts != nil {
		// What is left around an address is a label, not a name.
		switch strings.ToLower(strings.TrimSuffix(name, ":")) {
		case "email", "e-mail", "mail", "phone", "tel", "mobile":
			name = ""
		}
	}
	return name, contacts
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// redact removes from public text the e-mail addresses (any) and the
// row's own contact details (a requester's phone number in their
// signature), which heed would otherwise publish, and says how many it
// removed.
func redact(s string, contacts []string) (string, int) {
	n := 0
	if strings.IndexByte(s, '@') >= 0 {
		s = emailRE.ReplaceAllStringFunc(s, func(string) string {
			n++
			return "[e-mail removed]"
		})
	}
	for _, c := range contacts {
		if strings.IndexByte(c, '@') < 0 && strings.Contains(s, c) {
			n += strings.Count(s, c)
			s = strings.ReplaceAll(s, c, "[phone removed]")
		}
	}
	return s, n
}
