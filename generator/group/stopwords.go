package group

import "strings"

// Stop words are dropped before stemming. The list is chosen from principle,
// not from any evaluation data:
//
//   - English function words: articles, pronouns, auxiliary and modal verbs,
//     prepositions, conjunctions, and their contractions (with and without
//     the apostrophe, since customers often leave it out);
//   - the filler of written feedback that says nothing about its subject:
//     greetings, thanks, sign-offs and "please";
//   - generic evaluation ("good", "great", "love", "terrible"): how a customer
//     feels is the sentiment stage's business; grouping is about what the
//     feedback is about, and these words would otherwise pull unrelated items
//     together.
//
// Domain words such as "app", "feature" or "update" are deliberately not stop
// words: whether they discriminate depends on the repository, and inverse
// document frequency already weighs them down where they are everywhere.
var stopWords = makeSet(
	// articles, determiners, quantifiers
	`a an the this that these those some any each every either neither no none
	all both few many much more most less least other others another such
	same own several enough`,
	// pronouns
	`i me my mine myself we us our ours ourselves you your yours yourself
	yourselves he him his himself she her hers herself it its itself they them
	their theirs themselves one ones someone something anyone anything
	everyone everything nobody nothing somebody anybody everybody who whom
	whose which what whatever whoever`,
	// auxiliaries and modals
	`am is are was were be been being have has had having do does did doing
	done will would shall should can could may might must ought get gets got
	gotten getting`,
	// contractions, with and without the apostrophe
	`i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've
	we'd we'll they're they've they'd they'll that's there's here's what's
	who's let's isn't aren't wasn't weren't hasn't haven't hadn't doesn't
	don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
	mustn't mightn't needn't ain't
	im ive youre youve youll hes shes thats theres heres whats lets
	isnt arent wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt
	shouldnt cant couldnt mustnt aint`,
	// prepositions and conjunctions
	`about above across after against along among around as at before behind
	below beneath beside besides between beyond but by despite down during
	except for from in inside into like near of off on onto out outside over
	past per since than through throughout till to toward towards under
	underneath unlike until up upon via with within without and or nor so yet
	if then else because although though while whereas whether unless once
	where when why how there here`,
	// adverbs and particles that carry no subject
	`not very too also just only even still again ever really quite rather
	almost already always often sometimes never now soon maybe perhaps please
	actually basically literally simply totally definitely absolutely
	probably well anyway however therefore thus hence etc yes yeah yep nope
	ok okay oh ah wow lol`,
	// feedback filler: greetings, thanks, sign-offs
	`hi hello hey dear thanks thank thankyou thx ty pls plz regards cheers
	guys team folks sir madam`,
	// generic evaluation (sentiment, not subject)
	`good great nice love loved loving loves like liked likes best better
	awesome amazing excellent fantastic wonderful superb perfect cool fine
	bad worse worst terrible horrible awful poor hate hated hates sucks
	lovely brilliant`,
)

func makeSet(lists ...string) map[string]bool {
	set := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			set[w] = true
		}
	}
	return set
}
