// Package corpus reads the labelled sentiment data heed's model is trained
// and measured on: the public sets kept in ../shared/data beside the
// repository (see its README.md), never copied into the repository.
//
//   - vader/tweets_GroundTruth.tsv and vader/amazonReviewSnippets_GroundTruth.tsv:
//     texts rated -4..+4 by about 20 people each (Hutto and Gilbert, ICWSM
//     2014; MIT licence). The mean rating, normalised to [-1, 1], is cut
//     into three classes at ±0.05, as the VADER paper does.
//   - app-reviews/golden_set.csv: Google Play reviews with their star
//     rating (Ciurumelea et al., SANER 2017; MIT licence): 1-2 stars
//     negative, 3 neutral, 4-5 positive.
package corpus

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Doc is one labelled text.
type Doc struct {
	Text  string
	Label string // "negative", "neutral" or "positive"
	Group string // the data set: Tweets, Amazon or AppReviews
	// Rating is the people's: a mean of -4..+4, or 1..5 stars.
	Rating float64
}

// The data sets, by group name.
const (
	Tweets     = "tweets"
	Amazon     = "amazon"
	AppReviews = "app-reviews"
)

// Groups lists the data sets in the order Load returns them.
var Groups = []string{Tweets, Amazon, AppReviews}

// Dir returns the shared data folder beside the root of the module that
// holds dir (a folder with go.mod in it or above it).
func Dir(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", "data"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("corpus: no go.mod above " + dir)
		}
		dir = parent
	}
}

// NeutralBand is the half-width of the band of normalised mean ratings
// that training takes for neutral. The VADER paper's 0.05 leaves hardly a
// text neutral (a mean of ±0.2 on the -4..+4 scale); 0.075 (±0.3) counts
// texts that most raters called neither. Of 0.05, 0.075 and 0.1, it
// measured best on data sets in other domains (see the README): 0.1 is
// behind on most of them, and 0.05, as good on average, finds fewer of
// the texts people called neutral where they often did (restaurant
// sentences, newspaper editorials).
const NeutralBand = 0.075

// PaperBand is the VADER paper's neutral band, which its figures (and
// heed's reports of them) use.
const PaperBand = 0.05

// Load reads every data set from the shared data folder dir, in the order
// of Groups, each in its file's order. A mean rating normalised to [-1, 1]
// within ±neutral of 0 is neutral (the VADER paper uses 0.05).
func Load(dir string, neutral float64) ([]Doc, error) {
	var docs []Doc
	for _, f := range []struct{ group, file string }{
		{Tweets, "tweets_GroundTruth.tsv"},
		{Amazon, "amazonReviewSnippets_GroundTruth.tsv"},
	} {
		rows, err := readGroundTruth(filepath.Join(dir, "vader", f.file))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			docs = append(docs, Doc{Text: r.text, Label: RatingLabel(r.rating/4, neutral), Group: f.group, Rating: r.rating})
		}
	}
	rows, err := readAppReviews(filepath.Join(dir, "app-reviews", "golden_set.csv"))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		docs = append(docs, Doc{Text: r.text, Label: StarLabel(r.rating), Group: AppReviews, Rating: r.rating})
	}
	return docs, nil
}

// RatingLabel classes a mean rating normalised to [-1, 1]: positive from
// neutral up, negative from -neutral down.
func RatingLabel(r, neutral float64) string {
	switch {
	case r >= neutral:
		return "positive"
	case r <= -neutral:
		return "negative"
	}
	return "neutral"
}

// StarLabel classes a star rating: 1-2 negative, 3 neutral, 4-5 positive.
func StarLabel(stars float64) string {
	switch {
	case stars <= 2:
		return "negative"
	case stars >= 4:
		return "positive"
	}
	return "neutral"
}

type rated struct {
	text   string
	rating float64
}

// readGroundTruth reads a VADER ground-truth file: id, mean rating (-4..+4),
// text, tab-separated.
func readGroundTruth(path string) ([]rated, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []rated
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) != 3 {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields, got %d", path, line, len(fields))
		}
		r, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		rows = append(rows, rated{text: fields[2], rating: r})
	}
	return rows, sc.Err()
}

// readAppReviews reads the app reviews' text and star rating.
func readAppReviews(path string) ([]rated, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	textCol, okText := col["reviewText"]
	starsCol, okStars := col["ratingStars"]
	if !okText || !okStars {
		return nil, fmt.Errorf("%s: no reviewText or ratingStars column", path)
	}
	var rows []rated
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		stars, err := strconv.ParseFloat(rec[starsCol], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: ratingStars %q: %v", path, len(rows)+2, rec[starsCol], err)
		}
		rows = append(rows, rated{text: rec[textCol], rating: stars})
	}
	return rows, nil
}

// ReadTSV reads a file of label<TAB>text lines, the form of further data
// sets kept outside the repository for measurement.
func ReadTSV(path, group string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<22)
	for line := 1; sc.Scan(); line++ {
		label, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok || (label != "positive" && label != "neutral" && label != "negative") {
			return nil, fmt.Errorf("%s:%d: want label<TAB>text", path, line)
		}
		docs = append(docs, Doc{Text: text, Label: label, Group: group})
	}
	return docs, sc.Err()
}

// Agreement is how well predicted labels match gold ones over the three
// classes, as scikit-learn's classification report gives it.
type Agreement struct {
	N int
	// F1 of each class, by name.
	F1 map[string]float64
	// WeightedF1 averages the classes' F1 weighted by their gold support,
	// as WeightedPrecision and WeightedRecall do theirs.
	WeightedF1                        float64
	WeightedPrecision, WeightedRecall float64
	MacroF1                           float64
	Accuracy                          float64
}

// Labels lists the three classes.
var Labels = []string{"negative", "neutral", "positive"}

// Agree compares pred with gold, label by label.
func Agree(gold, pred []string) Agreement {
	a := Agreement{N: len(gold), F1: map[string]float64{}}
	if len(gold) == 0 {
		return a
	}
	correct := 0
	for i := range gold {
		if gold[i] == pred[i] {
			correct++
		}
	}
	a.Accuracy = float64(correct) / float64(len(gold))
	for _, c := range Labels {
		var tp, fp, fn int
		for i := range gold {
			switch {
			case gold[i] == c && pred[i] == c:
				tp++
			case pred[i] == c:
				fp++
			case gold[i] == c:
				fn++
			}
		}
		var p, r, f1 float64
		if tp > 0 {
			p, r = float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
			f1 = 2 * p * r / (p + r)
		}
		a.F1[c] = f1
		w := float64(tp+fn) / float64(len(gold))
		a.WeightedF1 += f1 * w
		a.WeightedPrecision += p * w
		a.WeightedRecall += r * w
		a.MacroF1 += f1 / float64(len(Labels))
	}
	return a
}
