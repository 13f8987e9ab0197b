package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// The vocabulary of Ledgerline, the fictional spend-management and invoicing
// product whose feedback the corpus holds. A theme is an area of the product
// seen through one facet (speed, bulk actions, rules, ...); items about a
// theme are written from the area's nouns and the facet's phrases, so that
// items of one theme share words the way real feedback does.

// area is a part of the product.
type area struct {
	id       string   // slug, first half of a theme id
	name     string   // "expense reports", as in "slow expense reports"
	obj      string   // what users handle there, plural: "expenses"
	keywords []string // words customers use about it
	details  []string // sentences about working in this area
}

// facet is a kind of problem, shared by every area.
type facet struct {
	id       string
	title    string   // theme title; %s is the area's name
	summary  string   // theme summary; %s is the area's name
	keywords []string // words customers use about it
	problems []string // "times out on big months": what goes wrong (for bugs, complaints)
	wishes   []string // "select many %[2]s at once": what they want (requests, questions)
	tasks    []string // "find the right %[2]s": what is hard (usability)
	praise   []string // "the new import saves us hours": what they like
	details  []string // sentences explaining the situation
	changes  []string // "What changed" bullets once a theme ships
}

// In problems, wishes, tasks, praise, details and changes, %[1]s is the
// area's name and %[2]s its objects.

var areas = []area{
	{"expenses", "expense reports", "expenses", []string{"expense", "report", "claim", "submit", "reimbursement"},
		[]string{"Most of our staff submit expenses from their phones on the train home.", "We process a few hundred expense reports at every month-end.", "Our field teams file expenses in batches once a week."}},
	{"receipts", "receipt capture", "receipts", []string{"receipt", "scan", "photo", "ocr", "total"},
		[]string{"People photograph receipts in restaurants with bad light.", "Half of our receipts are long thermal paper slips from fuel stations.", "We get a lot of receipts forwarded as PDF attachments."}},
	{"cards", "company cards", "card payments", []string{"card", "limit", "merchant", "spend", "freeze"},
		[]string{"We have about sixty cards out with site managers.", "Cards are our main way of paying for software subscriptions.", "Travel spend goes almost entirely on company cards."}},
	{"approvals", "approvals", "approval requests", []string{"approval", "approver", "chain", "manager", "threshold"},
		[]string{"Our policy needs a second approver above a certain amount.", "Department heads approve on their phones between meetings.", "Approvers are often travelling and approve in bursts."}},
	{"invoices", "invoicing", "invoices", []string{"invoice", "numbering", "template", "pdf", "due"},
		[]string{"We send around two hundred invoices a month.", "Our customers expect invoices in their own language.", "Invoices go out on the first working day of the month."}},
	{"bills", "bill payments", "bills", []string{"bill", "vendor", "payment", "supplier", "due date"},
		[]string{"Supplier bills arrive by e-mail and by post.", "We pay suppliers in two payment runs a month.", "Late supplier payments cost us early-payment discounts."}},
	{"exports", "exports", "export files", []string{"export", "csv", "excel", "download", "rows"},
		[]string{"Our accountant works from the monthly export.", "The auditors want the full year in one spreadsheet.", "We export to load the numbers into our planning tool."}},
	{"reports", "reports", "reports", []string{"report", "dashboard", "chart", "filter", "breakdown"},
		[]string{"The board pack is built from these reports every month.", "Managers look at spend by department every Monday.", "We compare this quarter against the last one constantly."}},
	{"ledger-sync", "accounting sync", "ledger entries", []string{"sync", "ledger", "erp", "accounting", "journal"},
		[]string{"Everything has to land in the general ledger before close.", "We run the sync to the ERP every night.", "Our accounting team lives in the ERP, not in Ledgerline."}},
	{"bank-feeds", "bank feeds", "bank transactions", []string{"bank", "feed", "transaction", "reconcile", "statement"},
		[]string{"We reconcile three bank accounts in two countries.", "The bank feed is the first thing finance checks in the morning.", "Reconciliation is the slowest part of our month-end."}},
	{"reimbursements", "reimbursements", "payouts", []string{"payout", "reimburse", "transfer", "bank account", "paid"},
		[]string{"Staff expect their money back within the week.", "We reimburse people in four currencies.", "Payouts go out every Friday afternoon."}},
	{"mileage", "mileage claims", "trips", []string{"mileage", "distance", "trip", "car", "rate"},
		[]string{"Our sales team drives a lot between customer sites.", "Mileage is a third of our expense volume.", "People log trips days after they made them."}},
	{"per-diem", "per diem allowances", "allowances", []string{"allowance", "travel", "daily rate", "country", "meals"},
		[]string{"Our consultants travel abroad most weeks.", "Daily rates differ by country and by city.", "Per diem rules change every year with the tax tables."}},
	{"budgets", "budgets", "budget lines", []string{"budget", "department", "overspend", "forecast", "limit"},
		[]string{"Every department has a yearly budget split by quarter.", "We only find out about overspend at month-end.", "Budget owners want to see what is committed, not only what is spent."}},
	{"vendors", "vendor management", "vendors", []string{"vendor", "onboarding", "tax id", "supplier", "contract"},
		[]string{"We onboard a few new suppliers every week.", "Procurement keeps contracts for every supplier.", "Duplicate vendors keep creeping into our records."}},
	{"sso", "single sign-on", "logins", []string{"sso", "saml", "login", "identity", "provisioning"},
		[]string{"IT requires every tool to go through our identity provider.", "We have staff joining and leaving every week.", "Security reviews ask about sign-in before anything else."}},
	{"roles", "roles and permissions", "roles", []string{"role", "permission", "admin", "access", "viewer"},
		[]string{"Only a handful of people should see salaries and bonuses.", "Our auditors need read-only access for a few weeks a year.", "Team leads should see their team and nobody else."}},
	{"audit", "the audit trail", "changes", []string{"audit", "log", "history", "auditor", "trail"},
		[]string{"We are audited twice a year.", "Our auditors ask who approved what and when.", "Compliance asks for evidence of every change to payment details."}},
	{"mobile", "the mobile app", "screens", []string{"app", "phone", "offline", "android", "ios"},
		[]string{"Most of our people never open the web app.", "Our engineers work on sites with poor signal.", "The app is the first thing new hires install."}},
	{"notifications", "notifications", "reminders", []string{"email", "reminder", "alert", "digest", "chat"},
		[]string{"People ignore anything that looks like a bulk e-mail.", "Approvers get dozens of messages a day.", "We rely on reminders to hit our month-end deadline."}},
	{"currencies", "multi-currency accounting", "foreign amounts", []string{"currency", "exchange rate", "fx", "conversion", "rounding"},
		[]string{"We operate in euros, pounds and dollars.", "Our subsidiaries each report in their own currency.", "Exchange differences are a constant source of questions."}},
	{"tax", "tax handling", "tax lines", []string{"vat", "tax", "rate", "reclaim", "jurisdiction"},
		[]string{"We reclaim VAT in several countries.", "Tax rates changed twice this year.", "Our tax adviser checks the VAT report every quarter."}},
	{"api", "the public API", "API calls", []string{"api", "webhook", "endpoint", "token", "rate limit"},
		[]string{"Our developers built an internal tool on top of the API.", "We push data from our HR system through the API.", "Webhooks drive our internal notifications."}},
	{"onboarding", "onboarding", "new users", []string{"setup", "invite", "import", "trial", "getting started"},
		[]string{"We rolled Ledgerline out to four offices this quarter.", "New hires get an invite on their first day.", "We moved from spreadsheets and imported three years of data."}},
	{"search", "search", "search results", []string{"search", "find", "filter", "keyword", "results"},
		[]string{"We keep several years of history in Ledgerline.", "Finance gets asked to find one old transaction every day.", "People search by supplier, amount or reference."}},
	{"subscriptions", "subscription tracking", "subscriptions", []string{"subscription", "recurring", "renewal", "seat", "saas"},
		[]string{"We pay for more than a hundred software subscriptions.", "Renewals surprise us every month.", "Nobody knows which subscriptions are still used."}},
}

var facets = []facet{
	{
		id: "speed", title: "Faster %s on large workspaces",
		summary:  "Large teams wait minutes for %s, and some operations time out before they finish.",
		keywords: []string{"slow", "timeout", "loading", "wait", "performance"},
		problems: []string{"takes minutes to load", "times out on busy months", "freezes with a few thousand %[2]s", "gets slower every week", "spins forever at month-end"},
		wishes:   []string{"open a full year of %[2]s without waiting", "load %[1]s in a few seconds", "work through big months without timeouts"},
		tasks:    []string{"get through %[2]s quickly", "work with a full month of %[2]s"},
		praise:   []string{"%[1]s became much faster after the last release", "the speed of %[1]s is night and day now"},
		details:  []string{"It worked fine when we were smaller, but we have doubled in size this year.", "The page shows a spinner for a minute or more before anything appears.", "At month-end, when everyone is in the tool, it gets much worse.", "We have tried different browsers and networks with the same result."},
		changes:  []string{"%[1]s load in pages, so large workspaces open in seconds.", "Long operations run in the background and notify you when done.", "Month-end peaks no longer slow down everyone else."},
	},
	{
		id: "bulk", title: "Bulk actions in %s",
		summary:  "Teams handle %s one at a time, which does not scale to hundreds a month.",
		keywords: []string{"bulk", "select all", "batch", "many", "at once"},
		problems: []string{"only lets us handle one of the %[2]s at a time", "loses the selection when we change page"},
		wishes:   []string{"select many %[2]s at once", "apply one change to a batch of %[2]s", "approve %[2]s in bulk"},
		tasks:    []string{"change many %[2]s at once", "act on a whole page of %[2]s"},
		praise:   []string{"bulk editing of %[2]s saves us hours", "selecting all %[2]s at once is a lifesaver"},
		details:  []string{"Right now someone spends an afternoon clicking through them one by one.", "We would happily select all and apply the same category.", "With a hundred or more each week, one at a time does not work for us."},
		changes:  []string{"Select any number of %[2]s and apply one action to all of them.", "Selections survive paging and filtering.", "A summary shows what changed and what could not be changed."},
	},
	{
		id: "custom", title: "Customisable %s",
		summary:  "Every finance team runs %s its own way, and the fixed layout forces workarounds.",
		keywords: []string{"custom", "field", "layout", "configure", "template"},
		problems: []string{"has no place for our own fields", "forces a layout that does not fit our process"},
		wishes:   []string{"add our own fields to %[2]s", "choose which columns %[1]s show", "save our own views of %[2]s"},
		tasks:    []string{"fit %[1]s to our process", "find where to configure %[1]s"},
		praise:   []string{"custom fields on %[2]s fit our process perfectly", "saved views in %[1]s are great"},
		details:  []string{"We track a project code on everything and it has nowhere to go.", "Each subsidiary wants slightly different columns.", "We keep a side spreadsheet just for the extra fields."},
		changes:  []string{"Admins can add custom fields to %[2]s.", "Columns and saved views can be set per team.", "Custom fields appear in exports and in the API."},
	},
	{
		id: "rules", title: "Automatic rules for %s",
		summary:  "Finance checks %s by hand against policies the product could apply automatically.",
		keywords: []string{"rule", "policy", "automatic", "limit", "condition"},
		problems: []string{"ignores our spending policy", "lets through things our policy forbids"},
		wishes:   []string{"set rules that check %[2]s automatically", "flag %[2]s that break our policy", "route %[2]s by amount and department"},
		tasks:    []string{"set up a policy for %[2]s", "understand why a rule fired on %[2]s"},
		praise:   []string{"the policy rules for %[2]s catch problems before we do", "automatic checks on %[2]s made our audit easy"},
		details:  []string{"Today our controller checks every line against the policy by hand.", "Anything above our limit needs a second look, and we miss some.", "We would like the rule to explain itself to the submitter."},
		changes:  []string{"Rules check %[2]s against amount, category and department.", "Policy breaches are flagged with the rule that caught them.", "Rules can require a second approver instead of rejecting."},
	},
	{
		id: "integration", title: "%s in sync with other systems",
		summary:  "Data about %s is keyed in twice because it does not flow to the systems teams already use.",
		keywords: []string{"integration", "sync", "connect", "import", "duplicate entry"},
		problems: []string{"does not sync with our accounting system", "creates duplicates when the sync runs twice"},
		wishes:   []string{"sync %[2]s with our ERP", "import %[2]s from our HR system", "push %[2]s to our data warehouse"},
		tasks:    []string{"map %[2]s to our chart of accounts", "see whether %[2]s were synced"},
		praise:   []string{"the sync of %[2]s just works", "not keying %[2]s in twice anymore is great"},
		details:  []string{"Someone re-types the numbers into our ERP every week.", "When the sync fails, nobody notices until month-end.", "We need the department and cost centre to come across as well."},
		changes:  []string{"%[2]s sync both ways with the connected systems.", "Sync errors show on the item and in a daily digest.", "Mappings to accounts and cost centres are configurable."},
	},
	{
		id: "mobile", title: "%s from the mobile app",
		summary:  "People away from a desk cannot deal with %s until they are back at a computer.",
		keywords: []string{"mobile", "phone", "app", "offline", "on the go"},
		problems: []string{"cannot be done from the phone", "crashes the app on older phones"},
		wishes:   []string{"handle %[2]s from the app", "work on %[2]s offline and sync later"},
		tasks:    []string{"find %[1]s in the app", "finish %[2]s on a small screen"},
		praise:   []string{"doing %[1]s from the app is so convenient", "the app makes %[1]s painless"},
		details:  []string{"Our managers are on the road three days a week.", "Half of our staff never sit at a desk.", "Signal on our sites is patchy at best."},
		changes:  []string{"%[1]s work fully in the mobile app.", "The app queues changes offline and syncs when back online.", "Screens were redesigned for one-handed use."},
	},
	{
		id: "alerts", title: "Reminders and alerts for %s",
		summary:  "Deadlines around %s slip because nobody is told in time.",
		keywords: []string{"reminder", "notify", "alert", "digest", "deadline"},
		problems: []string{"sends no reminder before the deadline", "floods people with notifications"},
		wishes:   []string{"get a reminder about pending %[2]s", "receive one daily digest of %[2]s", "alert the owner when %[2]s are overdue"},
		tasks:    []string{"turn notifications about %[2]s on or off", "tell which alerts about %[2]s matter"},
		praise:   []string{"the weekly digest about %[2]s is exactly right", "reminders about %[2]s got our month-end on time"},
		details:  []string{"Things sit for days because the person did not know it was waiting.", "We chase people by hand every month-end.", "A single summary would be better than one message per item."},
		changes:  []string{"Reminders go out before deadlines, at a time the team chooses.", "A daily or weekly digest replaces one message per item.", "Each person can choose e-mail, chat or both."},
	},
	{
		id: "reporting", title: "Reporting on %s",
		summary:  "Managers cannot answer simple questions about %s without exporting to a spreadsheet.",
		keywords: []string{"report", "totals", "breakdown", "trend", "dashboard"},
		problems: []string{"gives no totals by department", "shows numbers that do not match the export"},
		wishes:   []string{"see %[2]s by department and month", "schedule a report on %[2]s", "compare %[2]s with last year"},
		tasks:    []string{"build a report on %[2]s", "find totals for %[2]s"},
		praise:   []string{"the new reports on %[2]s answer our board's questions", "the breakdown of %[2]s by team is brilliant"},
		details:  []string{"Our finance director asks for this every Monday morning.", "We build the same pivot table every month.", "The board wants a trend, not a list."},
		changes:  []string{"Reports break %[2]s down by department, project and month.", "Reports can be scheduled and sent by e-mail.", "Totals match the exports to the cent."},
	},
	{
		id: "reliability", title: "Reliable %s without silent failures",
		summary:  "Operations on %s sometimes fail without a message, and teams find out too late.",
		keywords: []string{"error", "fails", "lost", "retry", "broken"},
		problems: []string{"fails without any error message", "lost our changes", "shows an error and then half-saves"},
		wishes:   []string{"see a clear error when %[2]s fail", "retry failed %[2]s automatically"},
		tasks:    []string{"tell whether %[2]s went through", "recover %[2]s after an error"},
		praise:   []string{"%[1]s have been rock solid since the fix", "no failures in %[1]s for months now"},
		details:  []string{"We only noticed because a supplier called us.", "It happens maybe once a week, never when we try to reproduce it.", "The support team asked for a screenshot, but there is no message to capture."},
		changes:  []string{"Failures show a message that says what to do.", "Failed operations retry and report when they give up.", "An activity log lists every failure with its cause."},
	},
	{
		id: "access", title: "Finer access control for %s",
		summary:  "Either everyone sees %s or nobody does; teams need roles in between.",
		keywords: []string{"permission", "role", "restrict", "access", "read-only"},
		problems: []string{"shows everything to every user", "has no read-only role"},
		wishes:   []string{"restrict who sees %[2]s", "give auditors read-only access to %[2]s", "limit team leads to their own %[2]s"},
		tasks:    []string{"work out who can see %[2]s", "set up permissions for %[2]s"},
		praise:   []string{"the new roles for %[1]s are exactly what security wanted", "read-only access to %[2]s made the audit painless"},
		details:  []string{"Our security team flagged this in the last review.", "We give people admin rights just so they can see one page.", "The works council asked us to limit who sees what."},
		changes:  []string{"Roles control who can see and change %[2]s.", "A read-only role for auditors and accountants.", "Team leads see only their own teams."},
	},
	{
		id: "history", title: "Change history for %s",
		summary:  "Nobody can tell who changed %s, when, or what the value was before.",
		keywords: []string{"history", "audit", "changed", "undo", "log"},
		problems: []string{"keeps no record of who changed what", "overwrote a value with no way back"},
		wishes:   []string{"see the history of %[2]s", "undo a change to %[2]s", "know who edited %[2]s"},
		tasks:    []string{"find out who changed %[2]s", "see an older version of %[2]s"},
		praise:   []string{"the history on %[2]s settled an argument in minutes", "being able to undo changes to %[2]s is great"},
		details:  []string{"An amount changed after approval and nobody knows who did it.", "Our auditors asked for this and we had no answer.", "We need to show the value before and after each change."},
		changes:  []string{"Every change to %[2]s is recorded with who, when and the old value.", "Changes can be undone by admins.", "The history can be exported for auditors."},
	},
	{
		id: "global", title: "%s for several countries and currencies",
		summary:  "Teams working across borders find %s built for one country and one currency.",
		keywords: []string{"currency", "country", "language", "local", "exchange rate"},
		problems: []string{"only works in one currency", "uses the wrong date format for our country"},
		wishes:   []string{"handle %[2]s in several currencies", "translate %[1]s for our offices abroad", "use local rules for %[2]s in each country"},
		tasks:    []string{"switch %[1]s to another country", "read foreign %[2]s correctly"},
		praise:   []string{"multi-currency %[2]s made our expansion easy", "local formats in %[1]s are a small joy"},
		details:  []string{"We opened an office abroad this year.", "Our team in the other office works in their own language.", "The exchange rate used is never the one our bank used."},
		changes:  []string{"%[2]s carry their own currency and the rate used.", "Dates, numbers and languages follow each office's locale.", "Country rules can be set per entity."},
	},
}

var (
	// roles say who is speaking.
	roles = []string{"our controller", "the AP team", "our CFO", "the finance manager", "our bookkeeper", "the office manager",
		"our head of operations", "the payroll team", "our auditors", "the sales team", "our IT admin", "the procurement lead"}
	// openers start a body, by item type.
	openers = map[string][]string{
		"bug": {"Something is broken for us.", "We found a bug today.", "This started after the last update.", "Reporting a problem that keeps coming back.",
			"Not sure if this is known already.", "Looks like a regression.", "Hit this twice this week.", "Bug report from the finance team."},
		"request": {"A request from our team.", "One thing we would really like:", "Feature request.", "This would make our month-end much easier.",
			"Suggestion from our last retro.", "Our wish list has one item at the top.", "Adding this to the pile of requests.", "Top of our list for next year."},
		"usability": {"This took us a while to figure out.", "Not a bug, but it is confusing.", "Our new hires keep getting stuck here.", "Small thing, big annoyance.",
			"We had to write an internal guide for this.", "I had to ask a colleague how this works.", "The screen does not explain itself.", "Took three of us to work this out."},
		"praise": {"Just wanted to say thanks.", "Great work on this.", "Our team loves this.", "Credit where it is due.",
			"Happy customer here.", "This made my week.", "Whoever built this, thank you.", "A rare thank-you note."},
		"question": {"Quick question.", "We could not find this in the help centre.", "Maybe we are missing something.", "Is this possible today?",
			"Wondering about something.", "A colleague asked me and I did not know.", "Before we build a workaround:", "Checking before our rollout."},
		"complaint": {"Honestly, we are frustrated.", "This is not acceptable for a tool we pay for.", "Third time we raise this.", "We are seriously considering alternatives.",
			"I am running out of patience.", "Our management is asking why we pay for this.", "Disappointed, to be honest.", "This keeps costing us time."},
	}
	// bullets are further items of a "What would help" list.
	bullets = []string{"Something %group can use without training", "It has to work on %device", "Separate settings for the %city office",
		"An export we can load into %tool", "Visible only to our %role", "Ready before %season", "A way to test it with %group first",
		"Clear messages when something goes wrong", "The same in the app and on the web", "Keyboard shortcuts for the %role",
		"Defaults we can set once for everyone", "An audit note whenever it changes", "Works for %vendor as well",
		"Fewer clicks for %group", "A short how-to in the help centre"}
	// closers end a body.
	closers = []string{"Thanks!", "Happy to jump on a call.", "Let me know if you need more detail.", "Any idea when this could happen?",
		"Cheers.", "Thanks for listening.", "We can test a beta if that helps.", "Would appreciate an update."}
	// steps are reproduction steps for bugs; %[1]s is the area's name.
	steps = []string{"Open %[1]s", "Filter by last month", "Select everything", "Click **Export**", "Change the date range",
		"Switch to the other entity", "Refresh the page", "Wait a minute", "Open the same page on the phone"}
	// segmentTags and generalTags label items.
	generalTags = []string{"month-end", "renewal", "churn-risk", "quarterly-survey", "onboarding", "enterprise", "quick-win",
		"escalation", "beta", "year-end", "audit", "expansion"}
	firstNames = []string{"Amara", "Ben", "Chen", "Dana", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kofi", "Lena",
		"Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe"}
	owners     = []string{"Priya", "Daniel", "Marta", "Joost", "Aiko", "Samir", "Helen", "Tomás"}
	objectives = []struct{ id, title, weight string }{
		{"retention", "Keep the finance teams we have", "1.5"},
		{"enterprise-ready", "Win and keep enterprise accounts", "1.2"},
		{"self-serve-growth", "Grow self-serve sign-ups", "1.0"},
		{"efficiency", "Make month-end faster", "1.1"},
	}
	companyFirst = []string{"Alder", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Juniper",
		"Kestrel", "Lumen", "Maple", "Nimbus", "Orchid", "Pioneer", "Quarry", "Ridge", "Summit", "Tidewater", "Umber",
		"Vantage", "Willow", "Xenon", "Yarrow", "Zephyr", "Atlas", "Beacon", "Cedar", "Drift", "Evergreen", "Falcon"}
	companySecond = []string{"Logistics", "Health", "Retail", "Energy", "Foods", "Studios", "Consulting", "Labs", "Construction",
		"Events", "Dental", "Legal", "Media", "Robotics", "Farms", "Travel", "Architects", "Software", "Clinics", "Freight",
		"Hotels", "Motors", "Textiles", "Analytics"}
	companySuffix = []string{"", "", "", "Group", "Partners", "Co", "Ltd", "Inc", "Holdings", "GmbH", "BV", "AB"}
	regions       = []string{"na", "emea", "apac", "latam"}
	sourceLinks   = map[string]string{
		"support":   "https://support.example.com/tickets/%d",
		"community": "https://community.example.com/t/%d",
		"review":    "https://reviews.example.com/ledgerline/%d",
		"social":    "https://social.example.com/status/%d",
		"sales":     "https://crm.example.com/opportunities/%d",
		"interview": "https://notes.example.com/calls/%d",
		"advisory":  "https://notes.example.com/advisory/%d",
		"survey":    "https://survey.example.com/responses/%d",
	}
)

// Details that make each item its own: the places, people, tools and
// moments real feedback names. Two items about one theme share the theme's
// words but rarely these.
var (
	cities = []string{"Lisbon", "Rotterdam", "Austin", "Leeds", "Lyon", "Krakow", "Osaka", "Denver", "Porto", "Toronto",
		"Melbourne", "Dublin", "Valencia", "Hamburg", "Nairobi", "Seoul", "Calgary", "Bristol", "Turin", "Antwerp",
		"Malmo", "Bergen", "Tallinn", "Riga", "Ghent", "Bilbao", "Graz", "Utrecht", "Perth", "Auckland", "Cork",
		"Boise", "Tucson", "Halifax", "Lagos", "Accra", "Pune", "Cebu", "Brno", "Aarhus"}
	industries = []string{"logistics", "dental care", "architecture", "event catering", "solar installation", "legal services",
		"veterinary care", "film production", "software consulting", "freight forwarding", "hospitality", "recruitment",
		"property management", "construction", "online retail", "charity work", "facility maintenance", "clinical research",
		"landscaping", "marine engineering", "translation", "fitness studios", "craft brewing", "wholesale flowers"}
	groups = []string{"contractors", "interns", "the sales team", "field engineers", "new hires", "our auditors",
		"part-time staff", "the warehouse crew", "board members", "consultants abroad", "store managers", "our drivers",
		"the marketing agency", "seasonal workers", "remote staff", "the support desk"}
	tools = []string{"our payroll system", "the HR platform", "Excel", "Google Sheets", "the data warehouse", "our BI tool",
		"the CRM", "the travel booking tool", "our old expense tool", "paper forms", "a shared inbox", "the intranet",
		"our ticketing system", "the procurement portal", "the time tracker"}
	devices = []string{"an iPhone 12", "a Pixel 7", "a Galaxy A52", "an old iPad", "Firefox on Windows", "Safari on a Mac",
		"Edge on a locked-down laptop", "a Chromebook", "a Fairphone", "an Android tablet"}
	months   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	seasons  = []string{"year-end", "the summer holidays", "budget season", "the quarterly close", "the audit", "our busy season",
		"the fiscal year change", "the trade fair weeks"}
	vendorKinds = []string{"Fuel", "Taxis", "Office Supply", "Print", "Catering", "Hotels", "Airlines", "Telecom", "Couriers", "Rentals"}
	roleNouns   = []string{"controller", "bookkeeper", "finance lead", "office manager", "AP clerk", "CFO", "ops manager",
		"payroll specialist", "IT admin", "team lead"}
	qualifiers = []string{"for our %city office", "on %device", "since the %month update", "during %season", "for %group",
		"with %vendor receipts", "for %group in %city", "every %weekday", "after the %month release"}
	contexts = []string{
		"We are a team of about %n in %city, mostly in %industry.",
		"%name, our %role, ran into this on %weekday while closing %month.",
		"It happened again with a batch from %vendor.",
		"We moved to Ledgerline from %tool in %month.",
		"Most of this still comes through %tool.",
		"On %device it is even worse.",
		"Our %city office noticed it first.",
		"This matters most during %season.",
		"It mostly affects %group.",
		"Our auditors flagged it in %month.",
		"%name from our %city team asked me to pass this on.",
		"We tried it on %device as well, same thing.",
		"Before Ledgerline we handled this in %tool, which was clunky but worked.",
		"The same happened last %month, so it is not a one-off.",
		"We are in %industry, so %season is when this hurts.",
	}
)

// detail fills a template with one random detail per slot.
func detail(r *rand.Rand, s string) string {
	for _, slot := range []struct {
		key  string
		fill func() string
	}{
		{"%city", func() string { return one(r, cities) }},
		{"%industry", func() string { return one(r, industries) }},
		{"%group", func() string { return one(r, groups) }},
		{"%tool", func() string { return one(r, tools) }},
		{"%device", func() string { return one(r, devices) }},
		{"%month", func() string { return one(r, months) }},
		{"%weekday", func() string { return one(r, weekdays) }},
		{"%season", func() string { return one(r, seasons) }},
		{"%vendor", func() string { return one(r, companyFirst) + " " + one(r, vendorKinds) }},
		{"%role", func() string { return one(r, roleNouns) }},
		{"%name", func() string { return one(r, firstNames) }},
		{"%n", func() string { return strconv.Itoa(5 + r.IntN(400)) }},
	} {
		for strings.Contains(s, slot.key) {
			s = strings.Replace(s, slot.key, slot.fill(), 1)
		}
	}
	return s
}
