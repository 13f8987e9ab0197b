package config

// Commented is the heed.yaml that `heed init` writes: every key with its
// default value and a comment saying what it does. Parsing it gives Default().
const Commented = `# heed.yaml: settings of this feedback repository. Every key is optional;
# the values below are the defaults. See https://github.com/heedhq/heed#configuration

# The site.
title: "Product roadmap"
description: ""
# The address the site is published at: https://example.org/roadmap/ (feeds
# and search engines need the host), or a path such as /roadmap/. "./" links
# every page relative to itself: the site works in any folder of any host,
# and opened from disk.
baseURL: "./"
language: en
# The repository's web URL: "tell us" links open GitHub's editor for a new
# feedback file there (a pull request is the vote). Empty hides the links.
contribute: ""
branch: main
# Link pattern for a commit in status timelines, e.g.
# https://github.com/acme/feedback/commit/{commit}
commit_url: ""

# Vocabularies. Replace a list to use your own words (publish.sources, below,
# says which sources are public).
sources: [survey, interview, support, review, social, sales, usage, form, community, advisory, other]
types: [bug, request, usability, praise, question, complaint]
# Each status maps to a kind: open, active, done, declined or duplicate.
# Theme statuses may also name the roadmap column (now, next, later).
statuses:
  items:
    new: open
    acknowledged: open
    planned: active
    in-progress: active
    shipped: done
    declined: declined
    duplicate: duplicate
  themes:
    exploring: {kind: open, horizon: later}
    planned: {kind: active, horizon: next}
    in-progress: {kind: active, horizon: now}
    shipped: done
    declined: declined

# Scoring. Demand sums, per theme and once per customer, the item's
# source weight x segment weight x recency decay x mentions.
weights:
  sources: {interview: 1.5, advisory: 1.5, sales: 1.2, support: 1, survey: 1, usage: 1, form: 1, community: 0.8, review: 0.8, social: 0.6, other: 0.8}
  segments: {enterprise: 3, mid-market: 2, smb: 1}
demand:
  # Recent demand (and the trend window) covers this many days.
  window_days: 90
  # An item's weight halves every this many days.
  half_life_days: 180
  # Fewer recent items than this make no trend.
  trend_min_items: 3

# Long lists (the feedback list, the changelog, a theme's quotes) go on
# over numbered pages of this many entries: /feedback/page/2/ and so on.
pagination:
  page_size: 50
# Survey charts (NPS, CSAT, CES per month) draw no point for a month with
# fewer answers than this, and show how many answers each month had.
charts:
  min_sample: 5

# Company objectives a theme can serve (its objective field); the weight
# enters the priority formula as objective_weight (1 when a theme has none).
objectives: []
#  - id: retention
#    title: Keep the customers we have
#    weight: 1.5

# The priority formula, an expression over demand, revenue, reach, impact,
# confidence, effort, rice, trend, sentiment, customers, items and
# objective_weight.
priority: "` + DefaultPriority + `"

# Feedback bodies. A body whose block quotes or lists nest deeper than this
# is shown as plain text, with a warning (at most 256).
markdown:
  max_nesting: 64

# What a public build may publish (heed build --internal shows everything
# but contacts, for the team; never publish it).
publish:
  items: true            # a page per feedback item
  # The sources whose items' words (title, body, tags, links) are published:
  # channels customers use in public. Items from other sources (support
  # tickets, sales calls, interviews, surveys...) count in every total and
  # score but show no words, unless the item says public: true. An item
  # that says private: true is never shown, whatever its source.
  sources: [review, social, form, community]
  customers: false       # customer names and aliases, also where they occur in words
  revenue: false         # revenue figures and the value/effort matrix
  scores: true           # priority numbers and how they are made
  authors: false         # commit author names
  private_counts: true   # private items count in totals (never shown)
`
