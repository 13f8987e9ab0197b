package importer

import (
	"regexp"
	"strings"
)

var (
	emailRE = regexp.MustCompile(`(?i)(mailto:)?[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}`)
	phoneRE = regexp.MustCompile(`(\+|\b)\(?\d[\d ().-]{5,}\d\b`)
)

// splitPerson separates what a requester, author or respondent column
// says into a person's or company's name and their contact details
// (e-mail addresses and phone numbers): "Jane Doe <jane@acme.example>"
// is the name "Jane Doe" and the contact "jane@acme.example".
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
	if countDigits(rest) >= 7 {
		rest = phoneRE.ReplaceAllStringFunc(rest, func(m string) string {
			if n := countDigits(m); n < 7 || n > 15 {
				return m
			}
			contacts = append(contacts, strings.TrimSpace(m))
			return " "
		})
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

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// redactEmails replaces the e-mail addresses in public text, which heed
// would otherwise publish, and says how many there were.
func redactEmails(s string) (string, int) {
	if strings.IndexByte(s, '@') < 0 {
		return s, 0
	}
	n := 0
	out := emailRE.ReplaceAllStringFunc(s, func(string) string {
		n++
		return "[e-mail removed]"
	})
	return out, n
}
