package content

import (
	"encoding/json"

	"github.com/heedhq/heed/generator/config"
)

// The JSON Schema (2020-12) of item and theme front matter, for editors. It
// says what ParseItem and ParseTheme check in a single file; references to
// other files (themes, customers, items, objectives) need the whole
// repository and are checked by heed only. Unknown fields are allowed here
// because heed only warns about them.

const (
	slugPattern = `^[a-z0-9][a-z0-9-]*$`
	datePattern = `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$`
)

type schema = map[string]any

// ItemSchema returns the JSON Schema of a feedback item's front matter
// under the vocabularies of cfg.
func ItemSchema(cfg *config.Config) []byte {
	customer := schema{
		"type": "object",
		"properties": schema{
			"id": schema{"type": "string", "pattern": slugPattern}, "name": schema{"type": "string", "maxLength": 200},
			"aliases": schema{"type": "array", "items": schema{"type": "string", "minLength": 1}, "description": "other names people write; published only with publish.customers"},
			"segment": schema{"type": "string", "maxLength": 100}, "plan": schema{"type": "string", "maxLength": 100},
			"revenue": schema{"type": "number", "minimum": 0}, "region": schema{"type": "string", "maxLength": 100},
			"contact": schema{"type": "string", "maxLength": 500, "description": "never published"},
		},
	}
	s := schema{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://heedhq.github.io/schema/item.json",
		"title":       "heed feedback item",
		"description": "Front matter of a feedback item (feedback/**/*.md).",
		"type":        "object",
		"required":    []string{"title", "date", "source", "type"},
		"properties": schema{
			"id":           schema{"type": "string", "pattern": slugPattern, "description": "defaults to the file name"},
			"title":        schema{"type": "string", "minLength": 1, "maxLength": MaxTitle, "pattern": `\S`},
			"date":         schema{"type": "string", "pattern": datePattern, "description": "YYYY-MM-DD or RFC 3339"},
			"source":       schema{"enum": cfg.Sources},
			"type":         schema{"enum": cfg.Types},
			"customer":     schema{"oneOf": []any{schema{"type": "string", "pattern": slugPattern}, customer}},
			"themes":       schema{"type": "array", "items": schema{"type": "string", "pattern": slugPattern}},
			"status":       schema{"enum": config.Names(cfg.ItemStatuses)},
			"duplicate_of": schema{"type": "string", "pattern": slugPattern},
			"nps":          schema{"type": "integer", "minimum": 0, "maximum": 10},
			"csat":         schema{"type": "integer", "minimum": 1, "maximum": 5},
			"ces":          schema{"type": "integer", "minimum": 1, "maximum": 7},
			"sentiment":    schema{"enum": Sentiments},
			"mentions":     schema{"type": "integer", "minimum": 1},
			"tags":         schema{"type": "array", "items": schema{"type": []string{"string", "number"}}},
			"links":        schema{"type": "array", "items": schema{"type": "string", "pattern": `^https?://[^/\s]+`}},
			"public":       schema{"type": "boolean", "description": "publish this item's words although its source is not public (publish.sources in heed.yaml)"},
			"private":      schema{"type": "boolean", "description": "never published in any form"},
			"origin":       schema{"type": "string", "maxLength": MaxOrigin, "pattern": `^[^\n\r]*$`, "description": "where an imported item came from; an import skips a row whose origin exists"},
			"score_only":   schema{"type": "boolean", "description": "a survey answer that is only a score: left out of text analysis"},
		},
	}
	return encode(s)
}

// ThemeSchema returns the JSON Schema of a theme's front matter.
func ThemeSchema(cfg *config.Config) []byte {
	objective := schema{"type": "string"}
	if len(cfg.Objectives) > 0 {
		ids := make([]string, len(cfg.Objectives))
		for i, o := range cfg.Objectives {
			ids[i] = o.ID
		}
		objective = schema{"enum": ids}
	}
	s := schema{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://heedhq.github.io/schema/theme.json",
		"title":       "heed theme",
		"description": "Front matter of a theme (themes/*.md).",
		"type":        "object",
		"required":    []string{"title", "status"},
		"properties": schema{
			"id":         schema{"type": "string", "pattern": slugPattern},
			"title":      schema{"type": "string", "minLength": 1, "maxLength": MaxTitle, "pattern": `\S`},
			"summary":    schema{"type": "string", "maxLength": 500},
			"status":     schema{"enum": config.Names(cfg.ThemeStatuses)},
			"horizon":    schema{"enum": config.Horizons},
			"target":     schema{"type": "string", "pattern": `^\d{4}-(Q[1-4]|H[12]|0[1-9]|1[0-2])$|` + datePattern},
			"shipped":    schema{"type": "string", "pattern": datePattern},
			"owner":      schema{"type": "string", "maxLength": 100},
			"objective":  objective,
			"reach":      schema{"type": "number", "minimum": 0},
			"impact":     schema{"type": "number", "minimum": 0},
			"confidence": schema{"type": "number", "minimum": 0, "maximum": 1},
			"effort":     schema{"type": "number", "exclusiveMinimum": 0},
			"keywords":   schema{"type": "array", "items": schema{"type": []string{"string", "number"}}},
		},
	}
	return encode(s)
}

func encode(s schema) []byte {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // a literal map of strings and numbers always encodes
	}
	return append(b, '\n')
}
