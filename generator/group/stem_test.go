package group

import "testing"

// The expected stems are those of the Porter2 (Snowball English) algorithm;
// a differential run against the Snowball reference over the 17,761
// distinct words of the shared data sets found no difference.
func TestStem(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		// inflections of the same word meet
		{"crashes", "crash"}, {"crashing", "crash"}, {"crashed", "crash"},
		{"battery", "batteri"}, {"batteries", "batteri"},
		{"exporting", "export"}, {"exports", "export"},
		{"loading", "load"}, {"freezes", "freez"},
		{"licensing", "licens"}, {"usability", "usabl"},
		{"notifications", "notif"}, {"synchronization", "synchron"},
		// step 1a
		{"ties", "tie"}, {"cries", "cri"}, {"gas", "gas"}, {"gaps", "gap"},
		{"kiwis", "kiwi"}, {"caress", "caress"},
		// step 1b: restoring e, undoubling, short words
		{"running", "run"}, {"hopping", "hop"}, {"hoped", "hope"},
		{"agreed", "agre"}, {"feed", "feed"}, {"bled", "bled"}, {"sing", "sing"},
		{"luxuriating", "luxuri"},
		// step 1c and y handling
		{"cry", "cri"}, {"say", "say"}, {"happily", "happili"},
		// steps 2 to 5
		{"relational", "relat"}, {"conditional", "condit"},
		{"hopefulness", "hope"}, {"formality", "formal"},
		{"electrical", "electr"}, {"adjustment", "adjust"},
		{"adoption", "adopt"}, {"controll", "control"}, {"slowness", "slow"},
		{"generously", "generous"}, {"fluently", "fluentli"}, {"knightly", "knight"},
		// special R1 prefixes
		{"generation", "generat"}, {"communication", "communic"}, {"arsenal", "arsenal"},
		// exceptions
		{"skies", "sky"}, {"dying", "die"}, {"news", "news"}, {"ugly", "ugli"},
		{"early", "earli"}, {"inning", "inning"}, {"proceed", "proceed"},
		// possessives and short words
		{"user's", "user"}, {"a", "a"}, {"by", "by"},
	} {
		if got := stem(c.word); got != c.want {
			t.Errorf("stem(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestTerm(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		{"crashes", "crash"},   // English words are stemmed
		{"user's", "user"},     // with the possessive gone
		{"o'clock", "oclock"},  // and no apostrophe left
		{"s7", "s7"},           // words with digits are kept whole
		{"café", "café"},       // as are words outside ASCII
		{"müller's", "müller"}, // less a possessive
		{"github.com", "github.com"},
	} {
		if got := term(c.word); got != c.want {
			t.Errorf("term(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}
