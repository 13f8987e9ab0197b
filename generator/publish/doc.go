// Package publish is what a build shows of a feedback repository's
// content, made once for every page, feed, index and API file of the site.
//
// A public build shows an item's words (title, body, tags and links) only
// when the item is published (content.Item.Published): not private, and
// from a source heed.yaml's publish.sources lists (community, review,
// social and form by default) or marked public: true. A support ticket or
// the notes of a sales call count in every total but show no words. In the
// words that are shown, and in themes, every customer's name and alias is
// replaced by neutral words ("[an enterprise customer]") unless heed.yaml
// says publish.customers: true; an id made of a file name that names a
// customer is renamed ("2026-03-02-customer-sso"). Contacts are never
// kept. The team's view (Options.Internal) keeps every item and every word
// as written, contacts aside.
//
// Content.Set holds the result as a content.Set whose items and themes are
// copies: what a build does not show is not there to be shown by mistake,
// by a template or by a later change. Scores, insights and groups are
// computed from the repository's own set; Content maps their ids to the
// view's where a renamed id differs.
package publish
