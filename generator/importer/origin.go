package importer

import (
	"crypto/sha256"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// An item's origin says where an imported row came from, in its front
// matter (content.Item's Origin), so that importing the same row again
// writes nothing whatever the export file is called or which folder it
// goes to:
//
//   - a row with an id: the export's name for itself and the id,
//     "support:4412" (the name is Options.Origin, else the preset, else
//     the id column's name: "ticket-id:4412"); an id that is a web address
//     (a GitHub issue's) is the origin as it is;
//   - a row without one: the name and a key of what the row says (its
//     date, title, words, customer and contact), "survey#k2j3h4g5f6". An
//     answer that is only a score has its scores in the key too, and the
//     second of two equal answers in one export "#k2j3h4g5f6-2": two
//     people who gave the same score on the same day are two answers.
//
// An import skips a row whose origin an item has, unless that item's date
// is not the row's: then two exports share a name, and the row fails,
// asking for Options.Origin.

// originName is the name an export's rows are known by: named, else the
// preset, else the id column's name as a slug ("import" without one).
func originName(named, preset string, idColumns []string) string {
	switch {
	case named != "":
		return named
	case preset != "":
		return preset
	case len(idColumns) > 0:
		if s := slugWords(idColumns[0]); s != "" {
			return s
		}
	}
	return "import"
}

// slugWords is s in lower case with every run of anything but letters and
// digits one dash.
func slugWords(s string) string {
	return strings.ReplaceAll(normWord(s), " ", "-")
}

// rowOrigin returns a row's origin (see above). get reads the row's
// fields; id is its id ("" for none); scoreOnly says that the row is a
// score and no words; nth counts the earlier rows of the export with the
// same content key (for scoreOnly rows only).
func rowOrigin(name, id string, get func(string) string, scoreOnly bool, nth int) string {
	if id = strings.TrimSpace(id); id != "" {
		if u, err := url.Parse(id); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return id
		}
		return name + ":" + oneLine(id)
	}
	return name + "#" + contentKey(get, scoreOnly, nth)
}

// contentKey is the key of what a row says (see rowOrigin).
func contentKey(get func(string) string, scoreOnly bool, nth int) string {
	h := sha256.New()
	fields := []string{"date", "title", "body", "customer", "contact"}
	if scoreOnly {
		fields = append(fields, "nps", "csat", "ces")
	}
	for _, f := range fields {
		h.Write([]byte("\x00" + f + "\x00" + strings.Join(strings.Fields(get(f)), " ")))
	}
	k := keyOfSum(h.Sum(nil)).String()
	if nth > 0 {
		k += "-" + strconv.Itoa(nth+1)
	}
	return k
}

// originKey is the key an imported item's id ends with: of its origin.
func originKey(origin string) key {
	sum := sha256.Sum256([]byte(origin))
	return keyOfSum(sum[:])
}

// originOf is the item of the repository that has an origin: where, and
// its date (a row of the same origin and another date is another row).
type originOf struct {
	path string
	date time.Time
}
