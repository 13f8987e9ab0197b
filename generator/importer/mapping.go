package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/heedhq/heed/generator/diag"
)

// Fields returns the keys a column can be mapped to, in the order they are
// written: the item's front matter fields (but duplicate_of), plus body,
// contact (the customer's private contact: e-mail, phone, the requester's
// name) and the inline customer's segment, plan, region and revenue. id
// is the column holding each row's stable id in the export.
func Fields() []string {
	return []string{"id", "title", "body", "date", "source", "type", "customer", "contact", "segment", "plan",
		"region", "revenue", "themes", "status", "nps", "csat", "ces", "sentiment", "mentions", "tags", "links", "private", "public"}
}

// multiColumn lists the fields that can take several columns, joined
// (body, contact) or merged (tags).
var multiColumn = map[string]string{"body": "\n\n", "contact": " ", "tags": ", "}

func isField(k string) bool { return slices.Contains(Fields(), k) }

// ParseMap reads a mapping of columns (Options.Columns) as one string: comma-separated field=column pairs, as in
// "title=Subject,date=Created At,body=Description". A piece without "=" is
// part of the previous column name, so a column may contain commas
// ("body=Why, in a few words?"). Several columns for body, contact or tags
// are joined with "+": "body=Details+Steps to reproduce".
func ParseMap(s string) (map[string]string, error) {
	out := map[string]string{}
	last := ""
	for _, piece := range strings.Split(s, ",") {
		key, col, ok := strings.Cut(piece, "=")
		if !ok {
			if last == "" {
				if strings.TrimSpace(piece) == "" {
					continue
				}
				return nil, diag.Option("Columns", fmt.Errorf("%q: want field=column", piece))
			}
			out[last] += "," + piece
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		if !isField(key) {
			return nil, diag.Option("Columns", fmt.Errorf("unknown field %q (fields: %s)%s", key, strings.Join(Fields(), ", "), diag.DidYouMean(key, Fields())))
		}
		if _, dup := out[key]; dup {
			return nil, diag.Option("Columns", fmt.Errorf("field %q is mapped twice", key))
		}
		out[key] = col
		last = key
	}
	for k, v := range out {
		out[k] = strings.TrimSpace(v)
		if out[k] == "" {
			return nil, diag.Option("Columns", fmt.Errorf("field %q has no column", k))
		}
	}
	return out, nil
}

// mappingFile is the shape of a mapping file (see ReadMapping).
type mappingFile struct {
	Preset     string                       `yaml:"preset"`
	Columns    map[string]string            `yaml:"columns"`
	Values     map[string]map[string]string `yaml:"values"`
	Source     string                       `yaml:"source"`
	Type       string                       `yaml:"type"`
	DateFormat string                       `yaml:"date_format"`
	Delimiter  string                       `yaml:"delimiter"`
	Encoding   string                       `yaml:"encoding"`
	Folder     string                       `yaml:"folder"`
	Origin     string                       `yaml:"origin"`
	Tags       []string                     `yaml:"tags"`
	Private    bool                         `yaml:"private"`
}

// ReadMapping reads a mapping file: YAML with the keys preset, columns
// (field: column), values (field: {export word: heed word}), source, type,
// date_format, delimiter, encoding, folder, origin, tags and private, each meaning
// what the flag of the same name means. A team keeps one per export it
// imports regularly.
func ReadMapping(data []byte) (Options, error) {
	var m mappingFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return Options{}, fmt.Errorf("invalid mapping file: %w", err)
	}
	o := Options{Preset: m.Preset, Source: m.Source, Type: m.Type, DateFormat: m.DateFormat,
		Encoding: m.Encoding, Folder: m.Folder, Origin: m.Origin, Tags: m.Tags, Private: m.Private}
	if m.Delimiter != "" {
		d, err := ParseDelimiter(m.Delimiter)
		if err != nil {
			return Options{}, err
		}
		o.Delimiter = d
	}
	if len(m.Columns) > 0 {
		o.Columns = map[string]string{}
		for k, v := range m.Columns {
			k = strings.ToLower(strings.TrimSpace(k))
			if !isField(k) {
				return Options{}, fmt.Errorf("columns: unknown field %q (fields: %s)%s", k, strings.Join(Fields(), ", "), diag.DidYouMean(k, Fields()))
			}
			o.Columns[k] = strings.TrimSpace(v)
		}
	}
	if len(m.Values) > 0 {
		o.Values = map[string]map[string]string{}
		for field, words := range m.Values {
			if !slices.Contains(vocabFields, field) {
				return Options{}, fmt.Errorf("values: %q has no vocabulary to translate into (want one of %s)", field, strings.Join(vocabFields, ", "))
			}
			o.Values[field] = words
		}
	}
	return o, nil
}

// ParseDelimiter reads a --delimiter value: one character, or "tab".
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "tab", `\t`, "\t":
		return '\t', nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	}
	r := []rune(s)
	if len(r) != 1 || r[0] == '"' || r[0] == '\n' || r[0] == '\r' {
		return 0, diag.Option("Delimiter", fmt.Errorf("%q: want one character such as , ; | or tab", s))
	}
	return r[0], nil
}

// preset is a built-in mapping for a common shape of export: for each
// field, the column names tried in order (compared without case; a name
// starting with ~ matches any column containing it).
type preset struct {
	source, typ string
	columns     [][2]string // field, candidates separated by |
}

// Presets returns the names of the built-in presets.
func Presets() []string { return []string{"board", "support", "survey"} }

func presetNamed(name string) (preset, bool) {
	switch name {
	case "survey":
		// A survey tool's export (Typeform, SurveyMonkey, Delighted, ...):
		// a score and a free-text answer per response.
		return preset{source: "survey", typ: "request", columns: [][2]string{
			{"id", "response id|responseid|response_id|respondent id|submission id|id|#"},
			{"date", "submitted at|submitted|submission date|date submitted|completed at|end date|response date|created at|created|timestamp|date"},
			{"nps", "nps|nps score|score|~recommend"},
			{"csat", "csat|csat score|satisfaction"},
			{"ces", "ces|effort|effort score"},
			{"body", "comment|comments|feedback|answer|response|reason|open answer|verbatim|~reason|~why|~improve|~tell us|~comment|~feedback"},
			{"title", "title|subject|summary"},
			{"customer", "company|organization|organisation|account|customer"},
			{"contact", "respondent|name|email|e-mail|email address|respondent email|respondent.name|respondent.email|phone"},
			{"segment", "segment"},
			{"plan", "plan"},
			{"region", "region|country"},
			{"tags", "tags|labels|channel"},
		}}, true
	case "support":
		// A help desk's ticket export (Zendesk, Freshdesk, Help Scout, ...).
		return preset{source: "support", typ: "question", columns: [][2]string{
			{"id", "ticket id|id|ticket|ticket #|ticket number|#"},
			{"title", "subject|title|summary"},
			{"body", "description|body|message|first message|content|details|comment"},
			{"date", "created at|created|created date|date created|requested|opened|date|submitted at"},
			{"customer", "organization|organisation|company|account|requester organization"},
			{"contact", "requester|requester name|requester email|requester e-mail|requester phone|requester.name|requester.email|requester.phone|from|email|e-mail|phone|contact"},
			{"type", "type|ticket type"},
			{"segment", "segment"},
			{"plan", "plan"},
			{"region", "region|country"},
			{"tags", "tags|labels"},
		}}, true
	case "github":
		// GitHub issues (githubReader's columns), with the answers of the
		// issue form heed init writes, by their headings.
		return preset{source: "community", typ: "request", columns: [][2]string{
			{"id", "url"},
			{"links", "link"},
			{"title", "title"},
			{"date", "created at"},
			{"mentions", "mentions"},
			{"type", "labels"},
			{"customer", "who are you?|who are you|company|organization|organisation|your company|team"},
			{"contact", "author|e-mail|email|your e-mail|your email"},
			{"themes", "which theme, if you know it?|which theme|theme|themes"},
		}}, true
	case "board":
		// A feedback board's export (Canny, UserVoice, Featurebase, ...):
		// posts with votes and a status.
		return preset{source: "community", typ: "request", columns: [][2]string{
			{"id", "id|post id|idea id|suggestion id"},
			{"title", "title|name|idea|suggestion|post title|post"},
			{"body", "details|description|body|content|text"},
			{"date", "created at|created|created date|date created|date|submitted at"},
			{"mentions", "votes|vote count|votes count|upvotes|voters"},
			{"status", "status|state"},
			{"customer", "company|organization|organisation|account|author company"},
			{"contact", "author|author name|author email|author.name|author.email|created by|submitter|email|e-mail"},
			{"tags", "tags|labels|category|categories|board"},
		}}, true
	}
	return preset{}, false
}

// normColumn folds a column name for lenient comparison: "Created At",
// "created_at" and "createdAt" are all "created at".
func normColumn(s string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		switch {
		case r == '_' || unicode.IsSpace(r):
			r = ' '
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = r
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// findColumn returns the column of header that is name: exactly, else
// without regard to case and spacing.
func findColumn(header []string, name string) (string, bool) {
	if slices.Contains(header, name) {
		return name, true
	}
	n := normColumn(name)
	for _, h := range header {
		if normColumn(h) == n {
			return h, true
		}
	}
	return "", false
}

// resolve works out which columns of header feed which field: the preset's
// guesses, then the explicit columns over them. With strict, an explicit
// column that is not in header is an error (a CSV header is complete; a
// JSON row may leave keys out).
func resolve(header []string, p preset, explicit map[string]string, strict bool) (map[string][]string, error) {
	out := map[string][]string{}
	used := map[string]bool{}
	for _, fc := range p.columns {
		field := fc[0]
		if _, ok := explicit[field]; ok {
			continue
		}
		// Tags and contact gather every column that fits (Requester and
		// Requester email); the others take the first.
		gather := field == "tags" || field == "contact"
		for _, cand := range strings.Split(fc[1], "|") {
			if len(out[field]) > 0 && !gather {
				break
			}
			for _, h := range header {
				if !used[h] && candidateMatches(cand, h) {
					out[field] = append(out[field], h)
					used[h] = true
					break
				}
			}
		}
	}
	for _, field := range Fields() {
		spec, ok := explicit[field]
		if !ok {
			continue
		}
		cols, err := explicitColumns(header, field, spec, strict)
		if err != nil {
			return nil, err
		}
		out[field] = cols
	}
	return out, nil
}

// namedColumns completes the mapping of an export imported without a
// preset when it lacks a date, or a title and a body: every field that no
// --map names takes the column named as the field (compared as --map
// compares), unless --map took that column. An export in heed's own words
// (title, date, Body, NPS, ...) needs no --map. A mapping that works
// already is left alone, so an export imported before makes the same items
// and keys again.
func namedColumns(header []string, cols map[string][]string) {
	if len(cols["date"]) > 0 && (len(cols["title"]) > 0 || len(cols["body"]) > 0) {
		return
	}
	used := map[string]bool{}
	for _, cs := range cols {
		for _, c := range cs {
			used[c] = true
		}
	}
	for _, field := range Fields() {
		if _, ok := cols[field]; ok {
			continue
		}
		for _, h := range header {
			if !used[h] && normColumn(h) == field {
				cols[field] = []string{h}
				used[h] = true
				break
			}
		}
	}
}

func candidateMatches(cand, column string) bool {
	if rest, ok := strings.CutPrefix(cand, "~"); ok {
		return strings.Contains(normColumn(column), rest)
	}
	return normColumn(column) == cand
}

// explicitColumns finds the columns named by one --map value.
func explicitColumns(header []string, field, spec string, strict bool) ([]string, error) {
	if c, ok := findColumn(header, spec); ok {
		return []string{c}, nil
	}
	parts := strings.Split(spec, "+")
	if len(parts) > 1 && multiColumn[field] == "" {
		return nil, fmt.Errorf("%s=%s: only body, contact and tags take several columns", field, spec)
	}
	var cols []string
	for _, part := range parts {
		part = strings.TrimSpace(part)
		c, ok := findColumn(header, part)
		if !ok {
			if strict {
				return nil, fmt.Errorf("%s=%s: no column %q in the header (columns: %s)%s", field, spec, part,
					quoteList(header), diag.DidYouMean(part, header))
			}
			c = part
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
