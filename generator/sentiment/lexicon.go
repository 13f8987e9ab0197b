package sentiment

// domainWords returns the single-word additions that product feedback needs,
// on VADER's scale (-4 extremely negative .. +4 extremely positive).
//
// The words and their valences come from what the words mean in software
// feedback, set beside VADER's own entries of similar strength ("error" -1.7,
// "broken" -2.1, "fail" -2.5, "bad" -2.5, "easy" 1.9, "great" 3.1); they were
// not fitted to any evaluation data. A word that VADER already rates is listed
// here only when its product meaning differs from its everyday one ("freezes"
// is weather to VADER, -0.1; in feedback it is a hung application).
//
// A fresh map is returned on every call: callers may merge it into their own.
func domainWords() map[string]float64 {
	return map[string]float64{
		// Failures: the software stops doing its job.
		"crash": -2.3, "crashes": -2.3, "crashed": -2.3, "crashing": -2.3, "crashy": -2.3,
		"freeze": -1.8, "freezes": -2.0, "froze": -2.0, "freezing": -1.8,
		"hangs":   -1.6,
		"timeout": -1.8, "timeouts": -1.8, "time-out": -1.8, "time-outs": -1.8,
		"bug": -1.5, "bugs": -1.5, "buggy": -2.3, "bugged": -1.9,
		"glitch": -1.6, "glitches": -1.6, "glitchy": -2.0, "glitching": -1.8,
		"corrupt": -2.2, "corrupted": -2.4, "corrupts": -2.4, "corruption": -2.4,
		"outage": -2.2, "outages": -2.2, "downtime": -1.8,
		"unresponsive": -2.2, "nonresponsive": -2.2,
		"unusable": -2.8, "bricked": -3.0,
		"force-close": -2.3, "force-closes": -2.3, "force-closed": -2.3, "force-closing": -2.3,
		"unreliable": -2.0, "flaky": -1.7, "unstable": -1.5,
		"regression": -1.5, "regressions": -1.5,
		"disconnects": -1.5, "disconnecting": -1.5,
		"overheats": -1.8, "overheating": -1.8,
		"drains": -1.6, "draining": -1.5,
		"issue": -0.8, "issues": -0.8,
		"errored": -1.7, "erroring": -1.7,

		// Friction: it works, but it costs the user time or patience.
		"slow": -1.3, "slower": -1.3, "slowness": -1.5,
		"laggy": -1.9, "lags": -1.5, "lagging": -1.5,
		"choppy": -1.3, "stutters": -1.4, "stuttering": -1.4,
		"clunky": -1.7, "janky": -1.8, "wonky": -1.3, "finicky": -1.3,
		"tedious": -1.6, "cumbersome": -1.6, "hassle": -1.5,
		"convoluted": -1.6, "overcomplicated": -1.6,
		"unintuitive": -1.8, "counterintuitive": -1.3,
		"cluttered": -1.3, "bloated": -1.5,
		"inconsistent": -1.2, "inaccurate": -1.5, "incorrect": -1.3,
		"workaround": -0.9, "workarounds": -0.9,
		"nightmare": -2.6, "rubbish": -2.2, "garbage": -2.4, "junk": -2.0,
		"pointless": -1.8, "overpriced": -1.7, "spammy": -1.5,
		"uninstall": -1.5, "uninstalled": -1.6, "uninstalling": -1.6,

		// Praise for how a product behaves.
		"seamless": 2.2, "seamlessly": 2.2,
		"intuitive": 2.0, "effortless": 2.1, "effortlessly": 2.0,
		"snappy": 1.8, "smooth": 1.8, "smoothly": 1.8, "speedy": 1.5,
		"fast": 1.3, "faster": 1.4, "instant": 1.2, "instantly": 1.0,
		"reliable": 1.8, "reliably": 1.4, "polished": 1.8, "sleek": 1.8,
		"handy": 1.6, "convenient": 1.7, "straightforward": 1.2,
		"life-saver": 2.8, "timesaver": 2.2, "time-saver": 2.2,
		"gamechanger": 2.5, "game-changer": 2.5,
		"user-friendly": 2.0, "bug-free": 2.0, "rock-solid": 2.2,
		"pricey": -1.0,
	}
}

// neutralWords are VADER entries that name things in product feedback rather
// than feel anything: "excel" is the spreadsheet people export to (VADER
// rates the verb, 2.0). They are removed from the lexicon.
var neutralWords = []string{"excel"}

// Synthetic words: each phrase rule below collapses the words it matches into
// one of these, which the lexicon rates. They contain an underscore, which
// VADER's tokenizer keeps inside a word and people do not type in prose.
const (
	wordCannot         = "cannot_do"       // a negated ability: "can't log in", "won't open"
	wordStoppedWorking = "stopped_working" // "stopped syncing", "quit responding"
	wordKeepsFailing   = "keeps_failing"   // "keeps crashing", "kept freezing"
	wordTimesOut       = "times_out"       // "times out", "timed out"
	wordForceClose     = "force_close"     // "force closes" (Android's wording for a crash)
	wordDataLoss       = "data_loss"       // "data loss", "lost all my notes"
	wordBatteryDrain   = "battery_drain"   // "battery drain", "drains my battery"
	wordBlankScreen    = "blank_screen"    // "black screen", "blank page"
	wordTakesForever   = "takes_forever"   // "takes forever", "took ages"
	wordNoWay          = "no_way_to"       // "no way to", "no option to": a missing capability
	wordPleaseFix      = "please_fix"      // "please fix": a problem, not politeness
	wordNeedsFix       = "needs_fix"       // "needs fixing", "needs to be fixed"
	wordRequest        = "feature_request" // "please add", "would be nice if", "I wish there was"
	wordBugFree        = "bug_free"        // "bug free", "no bugs" as one idea
	wordUserFriendly   = "user_friendly"   // "user friendly", "easy to use"
	wordGameChanger    = "game_changer"    // "game changer"
	wordTimeSaver      = "time_saver"      // "time saver", "saves me hours"
	wordRockSolid      = "rock_solid"      // "rock solid"
	wordNoBetter       = "no_better"       // "can't find a better", "couldn't ask for a better"
	wordNeverLetDown   = "never_let_down"  // "never lets me down"
)

// phraseWords returns the valences of the synthetic words, on VADER's scale.
// A request is rated 0: asking for something is neither praise nor complaint,
// though VADER alone reads "please" (+1.3), "nice" (+1.8) and "wish" (+1.7)
// in it.
func phraseWords() map[string]float64 {
	return map[string]float64{
		wordCannot:         -2.0,
		wordStoppedWorking: -2.3,
		wordKeepsFailing:   -2.6,
		wordTimesOut:       -1.9,
		wordForceClose:     -2.3,
		wordDataLoss:       -2.8,
		wordBatteryDrain:   -1.9,
		wordBlankScreen:    -1.8,
		wordTakesForever:   -1.9,
		wordNoWay:          -1.3,
		wordPleaseFix:      -1.3,
		wordNeedsFix:       -1.2,
		wordRequest:        0,
		wordBugFree:        2.0,
		wordUserFriendly:   2.0,
		wordGameChanger:    2.5,
		wordTimeSaver:      2.2,
		wordRockSolid:      2.2,
		wordNoBetter:       2.5,
		wordNeverLetDown:   2.3,
	}
}

// Word classes used to write the phrase rules. "a|b" lists alternatives.
const (
	// Negators of ability: whatever follows is something the user cannot do.
	negInability = "can't|cant|cannot|couldn't|couldnt"
	// Negators of function: whatever follows is something the product does not do.
	negMalfunction = "doesn't|doesnt|don't|dont|didn't|didnt|won't|wont|wouldn't|wouldnt|" +
		"isn't|isnt|aren't|arent|wasn't|wasnt|not|never"
	// Words that may stand between a negator and the verb it negates.
	fillers = "even|ever|always|still|really|actually|just|seem|seems|properly"

	// What a product is expected to do, in the forms that follow a negator
	// ("doesn't load", "not loading").
	functionVerbs = "work|works|working|load|loads|loading|open|opens|opening|" +
		"sync|syncs|syncing|save|saves|saving|start|starts|starting|" +
		"launch|launches|launching|connect|connects|connecting|" +
		"respond|responds|responding|install|installs|installing|" +
		"download|downloads|downloading|upload|uploads|uploading|" +
		"export|exports|exporting|import|imports|importing|" +
		"update|updates|updating|print|prints|printing|send|sends|sending|" +
		"display|displays|displaying|show|shows|showing|appear|appears|appearing|" +
		"play|plays|playing|run|runs|running|refresh|refreshes|refreshing|" +
		"close|closes|closing|finish|finishes|finishing|" +
		"allow|allows|allowing|support|supports|supporting|" +
		"recognize|recognizes|recognise|recognises|register|registers|registering"
	// What a user expects to be able to do ("can't log in", "unable to edit").
	userVerbs = "log|login|log-in|sign|access|use|edit|delete|add|change|find|search|" +
		"scroll|submit|pay|reset|restore|create|share|attach|verify|get|enter|type|" +
		"select|click|tap|see|read|view|watch|hear|copy|paste|move|rename|upgrade|" +
		"purchase|buy|cancel|unsubscribe|remove|stream|backup|turn|charge|pair"

	// Words after a negated ability that turn it into praise or into a
	// different idiom: "couldn't work without it", "can't find a better app",
	// "can't find anything wrong", "can't get enough".
	praiseGuard = "without|better|wrong|fault|faults|complaint|complaints|enough|over"
)

// phraseRule collapses a phrase into a synthetic word.
type phraseRule struct {
	// pattern is a space-separated list of slots; a slot lists alternatives
	// separated by "|"; a slot ending in "?" is optional. The first slot is
	// never optional.
	pattern string
	// word is the synthetic word the matched tokens become.
	word string
	// unless, when not empty, lists words that cancel the rule when one of
	// them appears within guardWindow tokens after the match.
	unless string
}

// guardWindow is how far after a match a rule's unless words are looked for.
const guardWindow = 4

// phraseRules returns the multi-word rules of the product-feedback analyzer.
// Where two rules match at the same place, the longer match wins.
func phraseRules() []phraseRule {
	const opt = "? "
	inability := []string{
		negInability,
		"can not", "could not", "unable to", "not able to", "no longer able to", "never able to",
		"fail to", "fails to", "failed to", "can no longer", "could no longer",
	}
	malfunction := []string{
		negMalfunction,
		"does not", "do not", "did not", "will not", "would not", "is not", "are not",
		"was not", "no longer",
	}
	var rules []phraseRule
	for _, neg := range inability {
		rules = append(rules, phraseRule{
			pattern: neg + " " + fillers + opt + "to" + opt + userVerbs + "|" + functionVerbs,
			word:    wordCannot, unless: praiseGuard,
		})
	}
	for _, neg := range malfunction {
		rules = append(rules, phraseRule{
			pattern: neg + " " + fillers + opt + "to" + opt + functionVerbs,
			word:    wordCannot, unless: praiseGuard,
		}, phraseRule{
			// "won't let me sign in", but "never lets me down" is praise.
			pattern: neg + " " + fillers + opt + "let|lets",
			word:    wordCannot, unless: praiseGuard + "|down",
		})
	}
	return append(rules, []phraseRule{
		{pattern: "stopped|stops|quit|quits working|loading|syncing|opening|responding|updating|saving|connecting", word: wordStoppedWorking},
		{pattern: "keeps|keep|kept constantly|always? crashing|freezing|hanging|closing|failing|restarting|rebooting|" +
			"disconnecting|lagging|stopping|glitching|buffering|erroring|logging|kicking|signing|resetting|reloading",
			word: wordKeepsFailing},
		{pattern: "times|timed|timing out", word: wordTimesOut},
		{pattern: "force close|closes|closed|closing|quit|quits|stop|stops", word: wordForceClose},
		{pattern: "data loss", word: wordDataLoss},
		{pattern: "lost|lose|loses|losing|deleted|erased|wiped all? my|our|the|of? my|our? " +
			"data|work|files|notes|progress|photos|pictures|contacts|messages|changes|history|documents|entries|settings|everything",
			word: wordDataLoss},
		{pattern: "battery drain|drainer|hog", word: wordBatteryDrain},
		{pattern: "drains|draining|kills|killing|eats|eating my|the? battery", word: wordBatteryDrain},
		{pattern: "black|blank|white|grey|gray screen|page", word: wordBlankScreen},
		{pattern: "takes|took|taking|take forever|ages", word: wordTakesForever},
		{pattern: "no way|option|ability to", word: wordNoWay},
		{pattern: "please|pls|plz fix", word: wordPleaseFix},
		{pattern: "needs|need fixing|fixed", word: wordNeedsFix},
		{pattern: "needs|need to be fixed", word: wordNeedsFix},
		{pattern: "please|pls|plz add|make|allow|support|bring|include|consider|implement|let|give", word: wordRequest},
		{pattern: "would|it'd|that'd be nice|great|awesome|good|cool|helpful|useful|amazing|fantastic|perfect if|to", word: wordRequest},
		{pattern: "wish there was|were|would|is", word: wordRequest},
		{pattern: "wish it|you|i|we|they would|could|had|was|were|did|supported|allowed|let|can", word: wordRequest},
		{pattern: "bug free", word: wordBugFree},
		{pattern: "user friendly", word: wordUserFriendly},
		{pattern: "easy to use|learn|set|setup", word: wordUserFriendly},
		{pattern: "game changer", word: wordGameChanger},
		{pattern: "time saver", word: wordTimeSaver},
		{pattern: "saves|saved me|us hours|time", word: wordTimeSaver},
		{pattern: "rock solid", word: wordRockSolid},
		{pattern: negInability + "|not|never find|ask|imagine|wish|get for? a|an|any? better", word: wordNoBetter},
		{pattern: "never|hasn't|hasnt|didn't|didnt|won't|wont has|have? let|lets|letting me|us|you down", word: wordNeverLetDown},
	}...)
}
