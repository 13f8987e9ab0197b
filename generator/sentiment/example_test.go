package sentiment_test

import (
	"fmt"

	"github.com/heedhq/heed/generator/sentiment"
)

func ExampleAnalyzer_Score() {
	domain, plain := sentiment.New(), sentiment.NewPlain()
	for _, text := range []string{
		"it crashes every time I export",
		"export is now instant, thank you!",
		"how do I add a second approver?",
	} {
		fmt.Printf("%-34q plain %-8s domain %s\n", text,
			sentiment.Label(plain.Score(text)), sentiment.Label(domain.Score(text)))
	}
	// Output:
	// "it crashes every time I export"   plain neutral  domain negative
	// "export is now instant, thank you!" plain positive domain positive
	// "how do I add a second approver?"  plain neutral  domain neutral
}
