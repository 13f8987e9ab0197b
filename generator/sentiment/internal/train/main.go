// Command train fits heed's sentiment model (package model) to the public
// labelled data in ../shared/data beside the repository and writes it as
// Go source; `go generate ./generator/sentiment` runs it. Run again on the
// same data, it writes the same bytes.
//
// With -report it writes nothing and measures instead: each data set
// predicted by a model trained on the others, k-fold cross-validation,
// and, with -eval, further label<TAB>text sets kept outside the repository
// (measured only, never trained on), each beside plain VADER and VADER
// with heed's product lexicon. The flags that change training are there to
// measure choices; the table is written with the defaults.
package main

import (
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/heedhq/heed/generator/sentiment"
	"github.com/heedhq/heed/generator/sentiment/internal/corpus"
	"github.com/heedhq/heed/generator/sentiment/internal/model"
	"github.com/heedhq/heed/generator/sentiment/internal/training"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("train: ")
	an := sentiment.New()
	var (
		data   = flag.String("data", "", "shared data folder (default: ../shared/data beside the module root)")
		out    = flag.String("out", "internal/model/table.go", "file to write")
		report = flag.Bool("report", false, "measure instead of writing")
		folds  = flag.Int("folds", 5, "with -report: folds of cross-validation (0: none)")
		eval   = flag.String("eval", "", "with -report: folder of further label<TAB>text sets to measure on")
		dump   = flag.String("dump", "", "with -eval: write each further set's predictions to this folder")
		band   = flag.Float64("neutral", corpus.NeutralBand, "half-width of the neutral band of normalised mean ratings")
		rated  = flag.Bool("rated", true, "leave the words VADER rates to VADER")
		opt    = training.Options(an)
	)
	flag.Float64Var(&opt.Lambda, "lambda", opt.Lambda, "L2 penalty")
	flag.IntVar(&opt.MinDocs, "mindocs", opt.MinDocs, "texts a term must occur in")
	flag.IntVar(&opt.MinGroups, "mingroups", opt.MinGroups, "data sets a term must occur in")
	flag.Float64Var(&opt.Balance, "balance", opt.Balance, "evening out of classes (0..1)")
	flag.IntVar(&opt.Iterations, "iterations", opt.Iterations, "iterations of Adam")
	flag.Func("weight", "a data set's weight, as `set=w` (repeatable; default as shipped)", func(s string) error {
		g, w, ok := strings.Cut(s, "=")
		x, err := strconv.ParseFloat(w, 64)
		if !ok || err != nil || !slices.Contains(corpus.Groups, g) {
			return fmt.Errorf("want set=weight with set one of %s", strings.Join(corpus.Groups, ", "))
		}
		opt.Weights = maps.Clone(opt.Weights)
		opt.Weights[g] = x
		return nil
	})
	flag.Parse()
	if !*rated {
		opt.Rated = nil
	}

	if *data == "" {
		wd, err := os.Getwd()
		if err != nil {
			log.Fatal(err)
		}
		if *data, err = corpus.Dir(wd); err != nil {
			log.Fatal(err)
		}
	}
	docs, err := corpus.Load(*data, *band)
	if err != nil {
		log.Fatal(err)
	}
	if !*report {
		if err := os.WriteFile(*out, training.Source(an, docs, *band, opt), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	paper, err := corpus.Load(*data, corpus.PaperBand)
	if err != nil {
		log.Fatal(err)
	}
	plain := sentiment.NewPlain()
	if *eval == "" || *folds > 0 {
		fmt.Println("# each data set, the model trained on the others")
		for _, f := range training.LeaveOneOut(an, plain, docs, paper, opt) {
			fmt.Println(f)
		}
	}
	if *folds > 0 {
		fmt.Printf("# %d-fold cross-validation over all three, by fold and data set\n", *folds)
		for k, figs := range training.CrossValidate(an, plain, docs, paper, opt, *folds) {
			for _, f := range figs {
				f.Set = fmt.Sprintf("fold %d %s", k, f.Set)
				fmt.Println(f)
			}
		}
	}
	if *eval != "" {
		further(an, plain, model.New(model.Train(training.Examples(an, docs), opt)), *eval, *dump)
	}
}

// further measures m on every label<TAB>text set in dir, writing its
// predictions to dump when it is not "".
func further(an, plain *sentiment.Analyzer, m *model.Model, dir, dump string) {
	fmt.Println("# further data sets, the model trained on all three")
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		log.Fatal(err)
	}
	slices.Sort(files)
	var sums [3]float64
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".tsv")
		test, err := corpus.ReadTSV(file, name)
		if err != nil {
			log.Fatal(err)
		}
		f := training.Measure(name, an, plain, m, test)
		fmt.Println(f)
		sums[0] += f.VADER.WeightedF1
		sums[1] += f.Lexicon.WeightedF1
		sums[2] += f.Model.WeightedF1
		if dump != "" {
			var b strings.Builder
			for _, d := range test {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", d.Label, training.Predict(an, m, d.Text), d.Text)
			}
			if err := os.WriteFile(filepath.Join(dump, name+".tsv"), []byte(b.String()), 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	n := float64(len(files))
	fmt.Printf("mean weighted F1 over %d further sets: vader %.3f lexicon %.3f model %.3f\n", len(files), sums[0]/n, sums[1]/n, sums[2]/n)
}
