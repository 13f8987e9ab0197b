package group

import "strings"

// Stop words are chosen from principle, not from any evaluation data. There
// are three kinds:
//
//   - functionWords and negationWords: articles, pronouns, auxiliary and modal verbs,
//     prepositions, conjunctions, and their contractions (with and without
//     the apostrophe, since customers often leave it out);
//   - fillerWords: what written feedback says around its subject: greetings,
//     thanks, sign-offs and "please";
//   - vagueWords: everyday nouns and verbs whose meaning comes from the
//     rest of the sentence ("thing", "stuff", "lot", "way", "say", "want");
//   - evaluativeWords: generic praise and blame ("good", "great", "love",
//     "terrible"). How a customer feels is the sentiment stage's business;
//     themes and clusters are about what the feedback is about, and these
//     words would pull unrelated items together. They do count when
//     comparing two texts for duplication: "Good comic reader" and "Great
//     comic reader" are two different reviews.
//
// Domain words such as "app", "feature" or "update" are deliberately not stop
// words: whether they discriminate depends on the repository, and inverse
// document frequency already weighs them down where they are everywhere.
//
// The sets are read-only tables.
var functionWords = makeSet(
	// articles, determiners, quantifiers
	`a an the this that these those some any each every either
	all both few many much more most less least other others another such
	same own several enough`,
	// pronouns
	`i me my mine myself we us our ours ourselves you your yours yourself
	yourselves he him his himself she her hers herself it its itself they them
	their theirs themselves one ones someone something anyone anything
	everyone everything somebody anybody everybody who whom
	whose which what whatever whoever`,
	// auxiliaries and modals
	`am is are was were be been being have has had having do does did doing
	done will would shall should can could may might must ought get gets got
	gotten getting`,
	// contractions, with and without the apostrophe
	`i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've
	we'd we'll they're they've they'd they'll that's there's here's what's
	who's let's
	im ive youre youve youll hes shes thats theres heres whats lets`,
	// prepositions and conjunctions
	`about above across after against along among around as at before behind
	below beneath beside besides between beyond but by despite down during
	except for from in inside into like near of off on onto out outside over
	past per since than through throughout till to toward towards under
	underneath unlike until up upon via with within without and or so yet
	if then else because although though while whereas whether unless once
	where when why how there here`,
	// adverbs and particles that carry no subject
	`very too also just only even still again ever really quite rather
	almost already always often sometimes now soon maybe perhaps
	actually basically literally simply totally definitely absolutely
	probably well anyway however therefore thus hence etc yes yeah yep
	ok okay oh ah wow lol`,
)

// negationWords are function words that turn a statement around: "working"
// and "not working" are not duplicates. In text vectors they all read "not".
var negationWords = makeSet(
	`not no none nor never nothing nobody neither nope cannot
	isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't
	won't wouldn't shan't shouldn't can't couldn't mustn't mightn't needn't
	ain't isnt arent wasnt werent hasnt havent hadnt doesnt dont didnt wont
	wouldnt shouldnt cant couldnt mustnt aint`,
)

var fillerWords = makeSet(
	`hi hello hey dear please thanks thank thankyou thx ty pls plz regards cheers
	guys team folks sir madam`,
)

var vagueWords = makeSet(
	`thing things stuff kind sort lot lots bit way ways far seen see saw
	say said says tell told know knew think thought want wanted wants`,
)

var evaluativeWords = makeSet(
	`good great nice love loved loving loves liked likes best better
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

// isTopicStop reports whether a word is left out of the topic vectors used
// for themes and clusters.
func isTopicStop(w string) bool {
	return functionWords[w] || negationWords[w] || fillerWords[w] ||
		vagueWords[w] || evaluativeWords[w]
}

// isTextStop reports whether a word is left out of the text vectors used to
// find duplicates.
func isTextStop(w string) bool {
	return functionWords[w] || fillerWords[w]
}
