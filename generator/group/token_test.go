package group

import (
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"lower-cases and splits on punctuation",
			"Export to CSV times-out!! Fix :(",
			[]string{"export", "to", "csv", "times", "out", "fix"}},
		{"keeps stop words for later stages",
			"Please, it is not working",
			[]string{"please", "it", "is", "not", "working"}},
		{"a URL becomes its host",
			"See https://www.Example.com/path?q=1, or (http://foo.org).",
			[]string{"see", "example.com", "or", "foo.org"}},
		{"a bare www address becomes its host",
			"www.github.com/heed rocks",
			[]string{"github.com", "rocks"}},
		{"an e-mail address is dropped",
			"mail me: john.doe@example.com thanks",
			[]string{"mail", "me", "thanks"}},
		{"numbers alone are dropped, words with digits kept",
			"Version 2.06 on my Galaxy S7, 3rd time, 4G, mp3 in the 1990s",
			[]string{"version", "on", "my", "galaxy", "s7", "time", "4g", "mp3", "in", "the"}},
		{"apostrophes inside words stay, typographic ones normalised",
			"I don’t like it's UI; user's 'quoted'",
			[]string{"don't", "like", "it's", "ui", "user's", "quoted"}},
		{"letters of any script",
			"Café crème, Привет мир",
			[]string{"café", "crème", "привет", "мир"}},
		{"Chinese and Japanese become character pairs",
			"机器学习 and カタカナ 好",
			[]string{"机器", "器学", "学习", "and", "カタ", "タカ", "カナ", "好"}},
		{"one-letter and over-long words are dropped",
			"a b c x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ok",
			[]string{"ok"}},
		{"mis-decoded emoji are dropped",
			"Superb Nice! _ÙÔ\u008d but où",
			[]string{"superb", "nice", "but", "où"}},
		{"empty text", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := tokenize(c.text, nil); !slices.Equal(got, c.want) {
				t.Errorf("tokenize(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

func TestGrams(t *testing.T) {
	for _, c := range []struct {
		word string
		want []string
	}{
		{"crash", []string{" cr", "cra", "ras", "ash", "sh "}},
		{"ui", []string{" ui", "ui "}},
		{"é", []string{" é "}},
	} {
		if got := grams(c.word); !slices.Equal(got, c.want) {
			t.Errorf("grams(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestStopWordKinds(t *testing.T) {
	for _, c := range []struct {
		word        string
		topic, text bool // left out of topic vectors, of text vectors
	}{
		{"the", true, true},
		{"please", true, true},
		{"not", true, false}, // negation tells "working" from "not working"
		{"great", true, false},
		{"thing", true, false},
		{"app", false, false}, // IDF, not a list, decides about domain words
		{"export", false, false},
	} {
		if got := isTopicStop(c.word); got != c.topic {
			t.Errorf("isTopicStop(%q) = %v, want %v", c.word, got, c.topic)
		}
		if got := isTextStop(c.word) && !negationWords[c.word]; got != c.text {
			t.Errorf("left out of text vectors (%q) = %v, want %v", c.word, got, c.text)
		}
	}
}
