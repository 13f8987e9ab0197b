package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The files of the feedback repository, as heed reads them.

// heedYAML is the repository's configuration.
func heedYAML() []byte {
	var b strings.Builder
	b.WriteString(`# heed.yaml of Ledgerline, a fictional spend-management product: a synthetic
# corpus written by heed-corpus for heed's benchmarks.
title: "Ledgerline roadmap"
description: "What Ledgerline's customers ask for, what we are building, and what shipped."
baseURL: "/"
language: en
contribute: "https://github.com/example/ledgerline-feedback"
branch: main

# Every item's words are published, as the Hugo site of the same corpus
# publishes them all: the two builds make the same pages.
publish:
  sources: [survey, interview, support, review, social, sales, usage, form, community, advisory, other]

objectives:
`)
	for _, o := range objectives {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n    weight: %s\n", o.id, o.title, o.weight)
	}
	return []byte(b.String())
}

// customersYAML is the customer registry.
func customersYAML(cs []*Customer) []byte {
	var b strings.Builder
	b.WriteString("# Customer registry of Ledgerline. Every company and address is invented.\n")
	b.WriteString("# id -> {name, segment, plan, revenue, region, contact}\n")
	for _, c := range cs {
		fmt.Fprintf(&b, "\n%s:\n  name: %s\n  segment: %s\n  plan: %s\n  revenue: %d\n  region: %s\n  contact: %s\n",
			c.ID, yamlString(c.Name), c.Segment, c.Plan, c.Revenue, c.Region, c.Contact)
	}
	return []byte(b.String())
}

// readme describes the corpus repository.
func readme(p Params) []byte {
	return fmt.Appendf(nil, `# Ledgerline feedback

A synthetic feedback repository for benchmarking heed, written by
heed-corpus -items %d -themes %d -customers %d -commits %d -seed %d.

Feedback lives under feedback/YYYY/MM/DD/, themes under themes/.
`, p.Items, p.Themes, p.Customers, p.Commits, p.Seed)
}

// themeFile is a theme's file while it has the status at step k of its
// path; the last step is the file as it is today.
func themeFile(t *Theme, k int) []byte {
	status := t.Path[k]
	final := k == len(t.Path)-1
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(t.Title))
	fmt.Fprintf(&b, "summary: %s\n", yamlString(t.Summary))
	fmt.Fprintf(&b, "status: %s\n", status)
	if final && t.Horizon != "" {
		fmt.Fprintf(&b, "horizon: %s\n", t.Horizon)
	}
	if t.Target != "" && (status == "planned" || status == "in-progress") {
		fmt.Fprintf(&b, "target: %s\n", t.Target)
	}
	if final && !t.Shipped.IsZero() {
		fmt.Fprintf(&b, "shipped: %s\n", t.Shipped.Format(time.DateOnly))
	}
	fmt.Fprintf(&b, "owner: %s\n", t.Owner)
	if t.Objective != "" {
		fmt.Fprintf(&b, "objective: %s\n", t.Objective)
	}
	if t.RICE != nil {
		for i, k := range []string{"reach", "impact", "confidence", "effort"} {
			fmt.Fprintf(&b, "%s: %s\n", k, strconv.FormatFloat(t.RICE[i], 'f', -1, 64))
		}
	}
	fmt.Fprintf(&b, "keywords: [%s]\n", strings.Join(t.Keywords, ", "))
	b.WriteString("---\n\n")
	b.WriteString(t.Body)
	if status == "shipped" {
		b.WriteString(shippedNote(t))
	}
	return []byte(b.String())
}

// itemFile is an item's file; without themes, status or tags for the
// versions before triage.
func itemFile(it *Item, withThemes, withStatus, withTags bool) []byte {
	var b strings.Builder
	b.Grow(len(it.Body) + 300)
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", yamlString(it.Title))
	if it.RFC3339 {
		fmt.Fprintf(&b, "date: %s\n", it.Date.Format(time.RFC3339))
	} else {
		fmt.Fprintf(&b, "date: %s\n", it.Date.Format(time.DateOnly))
	}
	fmt.Fprintf(&b, "source: %s\ntype: %s\n", it.Source, it.Type)
	if it.Customer != nil {
		fmt.Fprintf(&b, "customer: %s\n", it.Customer.ID)
	} else if c := it.Inline; c != nil {
		fmt.Fprintf(&b, "customer:\n  id: %s\n  name: %s\n  segment: %s\n  region: %s\n", c.ID, yamlString(c.Name), c.Segment, c.Region)
	}
	if withThemes && len(it.Themes) > 0 {
		fmt.Fprintf(&b, "themes: [%s]\n", strings.Join(it.Themes, ", "))
	}
	if withStatus && it.Status != "" {
		fmt.Fprintf(&b, "status: %s\n", it.Status)
	}
	if it.DuplicateOf != "" {
		fmt.Fprintf(&b, "duplicate_of: %s\n", it.DuplicateOf)
	}
	if it.NPS > 0 {
		fmt.Fprintf(&b, "nps: %d\n", it.NPS-1)
	}
	if it.CSAT > 0 {
		fmt.Fprintf(&b, "csat: %d\n", it.CSAT)
	}
	if it.CES > 0 {
		fmt.Fprintf(&b, "ces: %d\n", it.CES)
	}
	if it.Sentiment != "" {
		fmt.Fprintf(&b, "sentiment: %s\n", it.Sentiment)
	}
	if it.Mentions > 0 {
		fmt.Fprintf(&b, "mentions: %d\n", it.Mentions)
	}
	if withTags && len(it.Tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(it.Tags, ", "))
	}
	if len(it.Links) > 0 {
		b.WriteString("links:\n")
		for _, l := range it.Links {
			fmt.Fprintf(&b, "  - %s\n", l)
		}
	}
	if it.Private {
		b.WriteString("private: true\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(it.Body)
	return []byte(b.String())
}

// yamlString writes s as a plain YAML scalar when that reads back as the
// same string, else double-quoted.
func yamlString(s string) string {
	plain := s != "" && !strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@` ") &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") &&
		!strings.HasSuffix(s, " ") && !strings.ContainsAny(s, "\"\\\n\t")
	if plain {
		switch strings.ToLower(s) {
		case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
			plain = false
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			plain = false
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s) // ASCII text: Go's escapes are YAML's
}
