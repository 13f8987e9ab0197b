#!/usr/bin/env bash
# bench/run.sh: heed against Hugo on equal content, on this machine, in one
# run; writes bench/RESULTS.md.
#
#   bench/run.sh                                   # 1,000, 10,000 and 100,000 items
#   HEED_BENCH_SIZES="1000 10000" bench/run.sh     # a quicker run
#
# For each size it writes a synthetic corpus with cmd/heed-corpus (a feedback
# repository with git history, and the same items as a Hugo site), then times
# interleaved builds: heed build, the floor (bench/floor: read, split front
# matter, render Markdown, write a file per item, on all cores), Hugo, and
# heed build of the same files without the .git folder (no history walk). Each gets one untimed warm-up
# run (the page cache is warm for every timed run), then HEED_BENCH_RUNS timed
# runs (HEED_BENCH_RUNS_LARGE at 100,000 items and more). Also: heed check at
# 10,000 items, heed triage at the largest size when it is 100,000 or more, heed build at that size on a
# history where every change is a pull request (heed-corpus -prs 30), heed's history walk against git
# log on a 20,000-commit corpus, linear and made of pull requests,
# heed serve's edit latency at 10,000 items and at the largest size from 100,000 (bench/editlatency), and
# CPU profiles of the 10,000-item build, of every other missed target and of the history walk.
#
# Environment:
#   HEED_BENCH_DIR         work folder, outside any git repository (default /dev/shm/heed-bench
#                          when /dev/shm has 10 GiB free, else ${TMPDIR:-/tmp}/heed-bench; on the
#                          virtual machines this was written on, the disk slowed down with every
#                          site written and deleted, so a memory file system keeps the runs equal)
#   HEED_BENCH_SIZES       item counts (default "1000 10000 100000")
#   HEED_BENCH_RUNS        timed runs per tool below 100,000 items (default 5)
#   HEED_BENCH_RUNS_LARGE  timed runs per tool at 100,000 items and more (default 5)
#   HEED_BENCH_OUT         results file (default bench/RESULTS.md)
#   HEED_BENCH_SETTLE      seconds to wait at most, before starting, for the 1-minute load
#                          average to fall below 0.5 (default 150; 0 starts at once)
#
# Wall time, CPU time (user+sys) and peak memory (max RSS) come from GNU time;
# Debian's time, hugo and git packages are installed when missing. The results
# file keeps everything below a line "<!-- notes -->" of the previous one.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DEFAULT_WORK=${TMPDIR:-/tmp}/heed-bench
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt $((10 * 1024 * 1024)) ]; then
	DEFAULT_WORK=/dev/shm/heed-bench
fi
WORK=${HEED_BENCH_DIR:-$DEFAULT_WORK}
SIZES=${HEED_BENCH_SIZES:-"1000 10000 100000"}
RUNS=${HEED_BENCH_RUNS:-5}
RUNS_LARGE=${HEED_BENCH_RUNS_LARGE:-5}
RESULTS=${HEED_BENCH_OUT:-$ROOT/bench/RESULTS.md}
# Builds measure "now" from here: 2026-11-15T00:00:00Z.
export SOURCE_DATE_EPOCH=1794700800
export LC_ALL=C

log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- tools -------------------------------------------------------------------
missing=()
[ -x /usr/bin/time ] || missing+=(time)
command -v hugo >/dev/null || missing+=(hugo)
command -v git >/dev/null || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$WORK"
if git -C "$WORK" rev-parse --git-dir >/dev/null 2>&1; then
	echo "bench: $WORK is inside a git repository; heed would read its history. Set HEED_BENCH_DIR." >&2
	exit 2
fi
BIN=$WORK/bin
mkdir -p "$BIN"
log "building heed, heed-corpus and the helpers"
go build -o "$BIN/heed" ./cmd/heed
go build -o "$BIN/heed-corpus" ./cmd/heed-corpus
go build -o "$BIN/walk" ./bench/walk
go build -o "$BIN/profile" ./bench/profile
go build -o "$BIN/editlatency" ./bench/editlatency
go build -o "$BIN/floor" ./bench/floor
HEED=$BIN/heed
# The version measured: HEAD now, and whether the working tree (which was
# built) differs from it.
HEED_COMMIT=$(git rev-parse --short=12 HEAD)
dirty=$(git status --porcelain -- cmd generator templates go.mod go.sum | wc -l | tr -d ' ')
[ "$dirty" = 0 ] || HEED_COMMIT="$HEED_COMMIT plus uncommitted changes to $dirty files of cmd/, generator/ and templates/ (the working tree was built)"

RAW=$WORK/raw.tsv
: >"$RAW"
LOADS=$WORK/loads.txt
: >"$LOADS"
load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure LABEL SIZE RUN CMD...: time CMD with GNU time; one line to $RAW.
measure() {
	local label=$1 size=$2 run=$3
	shift 3
	local t=$WORK/time.out
	if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$WORK/cmd.log" 2>&1; then
		echo "bench: failed: $*" >&2
		tail -20 "$WORK/cmd.log" >&2
		exit 1
	fi
	# GNU time may put a line of its own before the numbers.
	read -r wall user sys rss < <(tail -1 "$t")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$size" "$run" "$wall" "$user" "$sys" "$rss" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')" >>"$RAW"
}

# median LABEL SIZE COLUMN: the median of a column of $RAW (4 wall, 7 rss, 8 cpu).
median() {
	awk -F'\t' -v l="$1" -v s="$2" -v c="$3" '$1==l && $2==s {print $c}' "$RAW" | sort -g |
		awk '{a[NR]=$1} END {if (NR==0) exit; if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}
runs_of() { awk -F'\t' -v l="$1" -v s="$2" '$1==l && $2==s' "$RAW" | wc -l | tr -d ' '; }

# corpus_shape N: themes customers commits for a corpus of N items.
corpus_shape() {
	local n=$1
	if [ "$n" -le 1000 ]; then echo "50 200 $((n / 2))"
	elif [ "$n" -le 10000 ]; then echo "100 500 $((n / 2))"
	else echo "200 2000 20000"; fi
}

# Building the tools (or whatever ran before) loads the machine: wait for the
# 1-minute load average to fall below 0.5, for at most HEED_BENCH_SETTLE seconds.
settle=${HEED_BENCH_SETTLE:-150}
while [ "$settle" -gt 0 ] && awk '{exit !($1 >= 0.5)}' /proc/loadavg; do
	[ $((settle % 30)) = 0 ] && log "waiting for the machine to settle (load $(load))"
	sleep 5
	settle=$((settle - 5))
done
START_LOAD=$(load)
START_TOP=$(ps -eo pcpu=,comm= --sort=-pcpu | head -5 | awk '{printf "%s (%s%%), ", $2, $1}' | sed 's/, $//')
START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
log "load at start: $START_LOAD"

# --- corpora ------------------------------------------------------------------
declare -A SHAPE GEN
for n in $SIZES; do
	read -r themes customers commits < <(corpus_shape "$n")
	SHAPE[$n]="$themes $customers $commits"
	dir=$WORK/corpus-$n
	rm -rf "$dir" "$WORK/hugo-$n" "$WORK/nogit-$n"
	log "writing the corpus of $n items ($themes themes, $customers customers, $commits commits)"
	measure corpus "$n" 1 "$BIN/heed-corpus" -q -items "$n" -themes "$themes" -customers "$customers" \
		-commits "$commits" -seed 1 -out "$dir" -hugo "$WORK/hugo-$n"
	GEN[$n]=$(median corpus "$n" 4)
	# The same files without .git: heed builds them without a history walk.
	cp -al "$dir" "$WORK/nogit-$n"
	rm -rf "$WORK/nogit-$n/.git"
done

# --- builds -------------------------------------------------------------------
heed_build() { rm -rf "$WORK/out-heed"; measure "$1" "$2" "$3" "$HEED" build "$4" --out "$WORK/out-heed"; }
hugo_build() { rm -rf "$WORK/out-hugo"; measure "$1" "$2" "$3" hugo --quiet -s "$4" -d "$WORK/out-hugo"; }
# The floor: read, split front matter, render Markdown, write a file per item, on all cores (bench/floor).
floor_build() { rm -rf "$WORK/out-floor"; measure "$1" "$2" "$3" "$BIN/floor" "$4" "$WORK/out-floor"; }
# site_stats DIR: HTML pages, files, MiB of file contents.
site_stats() {
	printf '%s %s %s\n' "$(find "$1" -name '*.html' | wc -l | tr -d ' ')" "$(find "$1" -type f | wc -l | tr -d ' ')" \
		"$(find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s/1048576}')"
}
declare -A STATS
for n in $SIZES; do
	r=$RUNS
	[ "$n" -ge 100000 ] && r=$RUNS_LARGE
	echo "$n $(load)" >>"$LOADS"
	log "$n items: warm-up"
	heed_build warmup-heed "$n" 0 "$WORK/corpus-$n"
	hugo_build warmup-hugo "$n" 0 "$WORK/hugo-$n"
	floor_build warmup-floor "$n" 0 "$WORK/corpus-$n"
	for i in $(seq 1 "$r"); do
		log "$n items: run $i of $r"
		if [ $((i % 2)) = 1 ]; then
			heed_build heed "$n" "$i" "$WORK/corpus-$n"
			floor_build floor "$n" "$i" "$WORK/corpus-$n"
			hugo_build hugo "$n" "$i" "$WORK/hugo-$n"
		else
			hugo_build hugo "$n" "$i" "$WORK/hugo-$n"
			floor_build floor "$n" "$i" "$WORK/corpus-$n"
			heed_build heed "$n" "$i" "$WORK/corpus-$n"
		fi
		heed_build heed-nohistory "$n" "$i" "$WORK/nogit-$n"
		# The floor of writing a site this size here: copy heed's output.
		rm -rf "$WORK/out-copy"
		measure copy-site "$n" "$i" cp -r "$WORK/out-heed" "$WORK/out-copy"
	done
	STATS[heed-$n]=$(site_stats "$WORK/out-heed")
	STATS[hugo-$n]=$(site_stats "$WORK/out-hugo")
	echo "$n $(load)" >>"$LOADS"
done

# --- heed check at 10,000 items -------------------------------------------------
CHECK_N=10000
if [ -d "$WORK/corpus-$CHECK_N" ]; then
	log "heed check at $CHECK_N items"
	measure warmup-check "$CHECK_N" 0 "$HEED" check "$WORK/corpus-$CHECK_N"
	for i in $(seq 1 "$RUNS"); do
		measure heed-check "$CHECK_N" "$i" "$HEED" check "$WORK/corpus-$CHECK_N"
	done
fi

# --- heed triage at the largest size ---------------------------------------------
# Suggestions for every unthemed item (a classifier trained on the themed
# ones), clusters and duplicates: the JSON a triage bot reads.
TRIAGE_N=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
if [ -n "$TRIAGE_N" ] && [ "$TRIAGE_N" -ge 100000 ] && [ -d "$WORK/corpus-$TRIAGE_N" ]; then
	log "heed triage at $TRIAGE_N items"
	measure warmup-triage "$TRIAGE_N" 0 "$HEED" triage --format json "$WORK/corpus-$TRIAGE_N"
	for i in $(seq 1 "$RUNS_LARGE"); do
		measure heed-triage "$TRIAGE_N" "$i" "$HEED" triage --format json "$WORK/corpus-$TRIAGE_N"
	done
fi

# --- pull requests at the largest size ---------------------------------------------
# The same changes, each a pull request made from main up to 30 merges back
# and merged with a merge commit, as teams that review feedback have it.
PRS=30
if [ -n "$TRIAGE_N" ] && [ "$TRIAGE_N" -ge 100000 ] && [ -d "$WORK/corpus-$TRIAGE_N" ]; then
	read -r themes customers commits <<<"${SHAPE[$TRIAGE_N]}"
	PR_DIR=$WORK/corpus-$TRIAGE_N-prs
	rm -rf "$PR_DIR"
	log "writing the corpus of $TRIAGE_N items as pull requests"
	measure corpus-prs "$TRIAGE_N" 1 "$BIN/heed-corpus" -q -items "$TRIAGE_N" -themes "$themes" -customers "$customers" \
		-commits "$commits" -prs "$PRS" -seed 1 -out "$PR_DIR"
	heed_build warmup-heed-prs "$TRIAGE_N" 0 "$PR_DIR"
	for i in $(seq 1 "$RUNS_LARGE"); do
		log "$TRIAGE_N items as pull requests: run $i of $RUNS_LARGE"
		heed_build heed-prs "$TRIAGE_N" "$i" "$PR_DIR"
	done
fi

# --- heed serve -----------------------------------------------------------------
SERVE_ROWS="| heed serve: save to reloaded page | 10000 | – | not measured: \`heed serve\` does not exist in this build | | | |"
SERVE_P50=()
SERVE_SIZES=$CHECK_N
if [ -n "$TRIAGE_N" ] && [ "$TRIAGE_N" -ge 100000 ] && [ -d "$WORK/corpus-$TRIAGE_N" ]; then
	SERVE_SIZES="$SERVE_SIZES $TRIAGE_N"
fi
if [ -d "$WORK/corpus-$CHECK_N" ] && "$HEED" serve --help >/dev/null 2>&1; then
	SERVE_ROWS=""
	for n in $SERVE_SIZES; do
		# Saves 300 ms after the page showed the last one (a writer saving
		# again at once: the rest of the site is still being rebuilt), then 2 s
		# after (a writer who reads the page first: at 10,000 items the rest is
		# done), and at 100,000 items 5 s after (the rest is done there too).
		pauses="300ms 2s"
		if [ "$n" -ge 100000 ]; then pauses="300ms 5s"; fi
		first=1
		for pause in $pauses; do
			log "heed serve at $n items: 20 edits, $pause apart"
			# bench/editlatency prints: startup S s; edit to page p50 X ms, p95 Y ms, max Z ms over N edits;
			# server CPU C s a save; peak RSS M MiB
			line=$("$BIN/editlatency" -n 20 -pause "$pause" "$HEED" "$WORK/corpus-$n")
			read -r startup p50 p95 cpu rss < <(echo "$line" | sed -E 's/^startup ([0-9.]+) s; edit to page p50 ([0-9.]+) ms, p95 ([0-9.]+) ms.*server CPU ([0-9.]+|unknown)( s)? a save; peak RSS ([0-9]+) MiB$/\1 \2 \3 \4 \6/')
			if [ -n "$first" ]; then
				SERVE_ROWS="$SERVE_ROWS${SERVE_ROWS:+
}| heed serve: start to serving (first build, history read) | $n | 1 | $startup | | | – |"
				first=
			fi
			SERVE_ROWS="$SERVE_ROWS
| heed serve: save to reloaded page, median (p95) of 20 edits of one item's title, saves $pause after the last showed; CPU: the server's a save | $n | 20 | $(awk -v a="$p50" -v b="$p95" 'BEGIN{printf "%.3f (%.3f)", a/1000, b/1000}') | $cpu | $rss | – |"
			if [ "$n" = "$CHECK_N" ]; then SERVE_P50+=("$pause $p50"); fi
		done
	done
fi

# --- history walk against git log ---------------------------------------------
HIST=$WORK/history-10000
rm -rf "$HIST"
log "writing the history corpus (10,000 items, 20,000 commits)"
measure corpus history 1 "$BIN/heed-corpus" -q -items 10000 -themes 100 -customers 500 -commits 20000 -seed 1 -out "$HIST"
measure warmup-walk history 0 "$BIN/walk" "$HIST"
measure warmup-gitlog history 0 git -C "$HIST" log --raw --no-renames
for i in $(seq 1 "$RUNS"); do
	log "history: run $i of $RUNS"
	measure heed-walk history "$i" "$BIN/walk" "$HIST"
	measure git-log-all history "$i" git -C "$HIST" log --raw --no-renames
	measure git-log-prefixes history "$i" git -C "$HIST" log --raw --no-renames -- feedback themes
done
WALKED=$("$BIN/walk" "$HIST" | sed 's/ in .*//')
# The same changes as pull requests: git log lists merges without comparing
# them with their parents; heed compares them with each.
HIST_PRS=$WORK/history-10000-prs
rm -rf "$HIST_PRS"
log "writing the history corpus as pull requests"
measure corpus history-prs 1 "$BIN/heed-corpus" -q -items 10000 -themes 100 -customers 500 -commits 20000 -prs "$PRS" -seed 1 -out "$HIST_PRS"
measure warmup-walk history-prs 0 "$BIN/walk" "$HIST_PRS"
measure warmup-gitlog history-prs 0 git -C "$HIST_PRS" log --raw --no-renames
for i in $(seq 1 "$RUNS"); do
	log "history as pull requests: run $i of $RUNS"
	measure heed-walk history-prs "$i" "$BIN/walk" "$HIST_PRS"
	measure git-log-all history-prs "$i" git -C "$HIST_PRS" log --raw --no-renames
	measure git-log-merges history-prs "$i" git -C "$HIST_PRS" log --raw --no-renames -m
done
WALKED_PRS=$("$BIN/walk" "$HIST_PRS" | sed 's/ in .*//')
END_LOAD=$(load)
log "load at end: $END_LOAD"

# --- targets and profiles of misses ---------------------------------------------
fmt() { awk -v x="$1" 'BEGIN{ if (x == "") print "–"; else printf "%.2f", x }'; }
mib() { awk -v x="$1" 'BEGIN{ if (x == "") print "–"; else printf "%.0f", x/1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a/b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a != "" && a <= b) }'; }
verdict() { if le "$1" "$2"; then echo met; else echo "**missed**"; fi; }

TARGETS=()
PROFILES=()
# Pipeline stages and hot spots worth a line in the by-stage view.
STAGES='generator\.(Build|Check|readHistory)$|generator/(source\.ReadDir|content\.Load|content\.\(\*Parser\)\.Parse(Item|Theme)|score\.Compute|insight\.Compute|sentiment\.\(\*Analyzer\)\.Score|group\.[A-Z][a-z]*|render\.Render|render\.\(\*layout\)\.execute|output\.Write|history\.Walk)(\.func[0-9]+)?$|runtime\.gcBgMarkWorker$|html/template\.\(\*Template\)\.ExecuteTemplate$|encoding/json\.(Marshal|MarshalIndent)$|os\.(WriteFile|MkdirAll)$'
pprof_header() { go tool pprof -top -nodecount=1 "$1" "$2" 2>/dev/null | grep -E '^(Duration|Total)' | head -1; }
profile_build() { # N
	local n=$1 p=$WORK/profile-build-$n
	rm -rf "$WORK/out-profile"
	"$BIN/profile" -cpu "$p.cpu" -mem "$p.mem" "$WORK/corpus-$n" "$WORK/out-profile" >"$p.txt"
	PROFILES+=("### heed build, $n items: CPU (\`$(cat "$p.txt")\`)" "" "$(pprof_header "$BIN/profile" "$p.cpu")" ""
		"By stage (cumulative):" "" '```'
		"$(go tool pprof -top -cum -nodecount=500 "$BIN/profile" "$p.cpu" 2>/dev/null | grep -E "$STAGES" | head -20)" '```' ""
		"Top functions (flat):" "" '```'
		"$(go tool pprof -top -nodecount=20 "$BIN/profile" "$p.cpu" 2>/dev/null | sed -n '/flat%/,$p')" '```' ""
		"### heed build, $n items: allocations" "" '```'
		"$(go tool pprof -top -sample_index=alloc_space -nodecount=15 "$BIN/profile" "$p.mem" 2>/dev/null | sed -n '/flat%/,$p')" '```' "")
}
for n in $SIZES; do
	w=$(median heed "$n" 4)
	h=$(median hugo "$n" 4)
	case $n in
	10000)
		half=$(awk -v h="$h" 'BEGIN{print h/2}')
		TARGETS+=("| heed build, 10,000 items, under 1.5 s | $(fmt "$w") s | $(verdict "$w" 1.5) |")
		TARGETS+=("| heed build, 10,000 items, at most half of Hugo's time ($(fmt "$h") s / 2 = $(fmt "$half") s) | $(fmt "$w") s | $(verdict "$w" "$half") |")
		# Profiled met or not: where the time goes at the size of the main target.
		profile_build "$n"
		;;
	100000)
		rss=$(median heed "$n" 7)
		f=$(median floor "$n" 4)
		twice=$(awk -v f="$f" 'BEGIN{print 2*f}')
		TARGETS+=("| heed build, 100,000 items, under 15 s | $(fmt "$w") s | $(verdict "$w" 15) |")
		TARGETS+=("| heed build, 100,000 items, within twice the floor ($(fmt "$f") s x 2 = $(fmt "$twice") s) | $(fmt "$w") s ($(ratio "$w" "$f")x) | $(verdict "$w" "$twice") |")
		TARGETS+=("| heed build, 100,000 items, peak memory under 1 GiB | $(mib "$rss") MiB | $(verdict "$rss" 1048576) |")
		w10=$(median heed 10000 4)
		if [ -n "$w10" ]; then
			growth=$(ratio "$w" "$w10")
			# Linear: 10 times the items take at most 10 times as long (10% slack for noise).
			TARGETS+=("| heed build time grows no faster than linearly (100k / 10k, 10x the items) | ${growth}x | $(verdict "$growth" 11) |")
		fi
		if ! le "$w" 15 || ! le "$w" "$twice" || ! le "$rss" 1048576 || { [ -n "$w10" ] && ! le "$growth" 11; }; then profile_build "$n"; fi
		;;
	esac
done
c=$(median heed-check "$CHECK_N" 4)
tr=""
if [ -n "${TRIAGE_N:-}" ]; then tr=$(median heed-triage "$TRIAGE_N" 4); fi
if [ -n "$tr" ]; then
	TARGETS+=("| heed triage, $TRIAGE_N items, under 30 s | $(fmt "$tr") s | $(verdict "$tr" 30) |")
fi
for sp in "${SERVE_P50[@]}"; do
	read -r pause p50 <<<"$sp"
	TARGETS+=("| heed serve, 10,000 items, save to reloaded page under 100 ms (median; saves $pause after the last showed) | $p50 ms | $(verdict "$p50" 100) |")
done
if [ -n "$c" ]; then
	TARGETS+=("| heed check, 10,000 items, under 0.5 s | $(fmt "$c") s | $(verdict "$c" 0.5) |")
	if ! le "$c" 0.5; then
		p=$WORK/profile-check
		"$BIN/profile" -check -cpu "$p.cpu" "$WORK/corpus-$CHECK_N" - >"$p.txt"
		PROFILES+=("### heed check, 10,000 items: CPU (\`$(cat "$p.txt")\`)" "" "$(pprof_header "$BIN/profile" "$p.cpu")" ""
			"By stage (cumulative):" "" '```'
			"$(go tool pprof -top -cum -nodecount=500 "$BIN/profile" "$p.cpu" 2>/dev/null | grep -E "$STAGES|yaml|goldmark.*Parse$" | head -20)" '```' ""
			"Top functions (flat):" "" '```'
			"$(go tool pprof -top -nodecount=15 "$BIN/profile" "$p.cpu" 2>/dev/null | sed -n '/flat%/,$p')" '```' "")
	fi
fi
wk=$(median heed-walk history 4)
gl=$(median git-log-all history 4)
"$BIN/walk" -cpu "$WORK/profile-walk.cpu" "$HIST" >/dev/null
PROFILES+=("### heed's history walk, 20,000 commits: CPU" "" "$(pprof_header "$BIN/walk" "$WORK/profile-walk.cpu")" ""
	"Cumulative:" "" '```'
	"$(go tool pprof -top -cum -nodecount=25 "$BIN/walk" "$WORK/profile-walk.cpu" 2>/dev/null | sed -n '/flat%/,$p')" '```' ""
	"Top functions (flat):" "" '```'
	"$(go tool pprof -top -nodecount=15 "$BIN/walk" "$WORK/profile-walk.cpu" 2>/dev/null | sed -n '/flat%/,$p')" '```' "")

# --- RESULTS.md ---------------------------------------------------------------------
row() { # LABEL SIZE NAME [REF]: a table row of medians, with the ratio of wall times to REF's
	local l=$1 n=$2 name=$3 ref=${4:-}
	local w c m rr
	w=$(median "$l" "$n" 4)
	[ -z "$w" ] && return
	c=$(median "$l" "$n" 8)
	m=$(median "$l" "$n" 7)
	rr="–"
	[ -n "$ref" ] && rr=$(ratio "$w" "$(median "$ref" "$n" 4)")
	local items=$n
	case $n in history*) items=10000 ;; esac
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$items" \
		"$(runs_of "$l" "$n")" "$(fmt "$w")" "$(fmt "$c")" "$(mib "$m")" "$rr"
}
notes=""
if [ -f "$RESULTS" ] && grep -q '^<!-- notes -->' "$RESULTS"; then
	notes=$(sed -n '/^<!-- notes -->/,$p' "$RESULTS")
fi
{
	echo "# heed benchmark results"
	echo
	echo "Written by \`bench/run.sh\` on $START_DATE. Reproduce from the repository root with:"
	echo
	echo '```sh'
	echo "bench/run.sh"
	echo '```'
	echo
	echo "## Machine and versions"
	echo
	echo "- cores (\`nproc\`): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(uname -sr)"
	echo "- heed: commit $HEED_COMMIT, built with $(go version | cut -d' ' -f3-)"
	echo "- Hugo: $(hugo version)"
	echo "- git: $(git --version | cut -d' ' -f3)"
	echo "- work folder (corpora and sites): \`$WORK\`, on $(df -PT "$WORK" | awk 'NR==2 {print $2}')"
	echo "- load average (1, 5, 15 min) at start: $START_LOAD; at end: $END_LOAD; per size (1-min load before and after its builds): $(awk 'NR%2==1 {b=$2} NR%2==0 {printf "%s items %s and %s; ", $1, b, $2}' "$LOADS" | sed 's/; $//')"
	echo "- busiest processes at start: $START_TOP"
	if awk -v l="${START_LOAD%% *}" -v c="$(nproc)" 'BEGIN{exit !(l > 0.5)}'; then
		echo "- **Other work was running on the machine during this run** (load above 0.5 at start): times are"
		echo "  slower and noisier than on an idle machine, for heed and Hugo alike; ratios are the fairer figure."
	fi
	echo "- \`SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH\` (2026-11-15); page cache warm (one untimed warm-up build per tool and size)."
	echo
	echo "## Corpora"
	echo
	echo "Written by \`heed-corpus -seed 1\` (cmd/heed-corpus): the same items as a heed repository with git"
	echo "history and as a Hugo site. Both render a page per published item and a page per theme listing its"
	echo "items (plus, for Hugo, the home page, the feedback list, the theme list, RSS feeds and a sitemap;"
	echo "heed renders its whole site: roadmap, insights, changelog, feeds, search index, JSON API)."
	echo
	echo "| items | themes | customers | commits | generation (s) | heed site: HTML pages / files / MiB of files | Hugo site: HTML pages / files / MiB of files |"
	echo "|---:|---:|---:|---:|---:|---|---|"
	for n in $SIZES; do
		read -r th cu co <<<"${SHAPE[$n]}"
		read -r hp hf hm <<<"${STATS[heed-$n]}"
		read -r gp gf gm <<<"${STATS[hugo-$n]}"
		echo "| $n | $th | $cu | $co | $(fmt "${GEN[$n]}") | $hp / $hf / $hm | $gp / $gf / $gm |"
	done
	echo
	echo "## Results (medians)"
	echo
	echo "| what | items | runs | wall (s) | CPU user+sys (s) | max RSS (MiB) | wall / reference |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	for n in $SIZES; do
		row heed "$n" "heed build (reference: Hugo)" hugo
		row heed "$n" "heed build (reference: the floor)" floor
		row floor "$n" "the floor: read, split, goldmark, write a file per item (bench/floor)"
		row hugo "$n" "Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)"
		row heed-nohistory "$n" "heed build without .git (reference: Hugo)" hugo
		row copy-site "$n" "cp -r of heed's site: the cost of writing its files here (reference: heed build)" heed
	done
	row heed-check "$CHECK_N" "heed check"
	if [ -n "${TRIAGE_N:-}" ]; then
		row heed-triage "$TRIAGE_N" "heed triage --format json"
		row heed-prs "$TRIAGE_N" "heed build, every change a pull request made up to $PRS merges back (reference: heed build)" heed
	fi
	echo "$SERVE_ROWS"
	row heed-walk history "heed history walk, 20,000 commits (reference: git log)" git-log-all
	row git-log-all history "git log --raw --no-renames"
	row git-log-prefixes history "git log --raw --no-renames -- feedback themes"
	row heed-walk history-prs "heed history walk, the same changes as pull requests (reference: git log)" git-log-all
	row git-log-all history-prs "git log --raw --no-renames of the pull requests (merges not compared)"
	row git-log-merges history-prs "git log --raw --no-renames -m of the pull requests (merges compared with each parent)"
	echo
	echo "The history rows walk a corpus of 10,000 items, 100 themes and 20,000 commits ($WALKED); heed's"
	echo "walk is \`bench/walk\`: history.Open and history.Walk of feedback/ and themes/ with themes' statuses, as"
	echo "heed build calls them. The pull request rows walk the same changes made with \`heed-corpus -prs $PRS\`:"
	echo "each a branch commit made from main 1 to $PRS merges back and its merge ($WALKED_PRS). The pull"
	echo "request build row is the largest corpus written the same way."
	echo
	echo "## Targets (2 cores)"
	echo
	echo "| target | measured (median) | |"
	echo "|---|---:|---|"
	printf '%s\n' "${TARGETS[@]}"
	echo
	echo "## Profiles"
	echo
	echo "CPU profiles of the 10,000-item build and of every other missed target (\`bench/profile\`: generator.Build or"
	echo "generator.Check with runtime/pprof; \`go tool pprof -top -cum\`), and of the history walk."
	echo
	printf '%s\n' "${PROFILES[@]}"
	echo "## All runs"
	echo
	echo "<details><summary>every timed run (warm-up runs are run 0)</summary>"
	echo
	echo "| what | items | run | wall (s) | user (s) | sys (s) | max RSS (KiB) |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$RAW"
	echo
	echo "</details>"
	if [ -n "$notes" ]; then
		echo
		echo "$notes"
	fi
} >"$RESULTS"
log "wrote $RESULTS"
