# Shared by the benchmark scripts: their settings, the sizes they measure,
# generating data, measuring commands and formatting results. Source it from
# the repository's root after setting me (the script's name).

root=$(pwd)
out="$root/bench/out"
seed=${SEED:-1}
runs=${RUNS:-1}
# shellcheck disable=SC2034 # the date every script judges deals by
today=2026-11-26

log() { printf '%s\n' "$*" >&2; }

apt_install() {
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		sudo=sudo
	fi
	$sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_gnu_time installs Debian's time package when /usr/bin/time -v fails.
need_gnu_time() {
	if ! /usr/bin/time -v true >/dev/null 2>&1; then
		log "GNU time (/usr/bin/time -v) is missing: installing Debian's time package"
		apt_install time
		/usr/bin/time -v true >/dev/null 2>&1 || { log "$me: still no GNU time"; exit 2; }
	fi
}

# measure LABEL OKCODES PREPARE CMD...: runs PREPARE (a command, : for none)
# and then CMD under GNU time, RUNS times, and sets wall and cpu (seconds,
# the medians; cpu is user plus system on all cores), spread ("min-max" of
# the wall times) and rss (the median peak KiB). OKCODES is a list of
# acceptable exit codes such as "0 1".
measure() {
	local label=$1 ok=$2 prepare=$3
	shift 3
	local i ws=() cs=() rs=()
	for ((i = 0; i < runs; i++)); do
		$prepare
		me="$me ($label)" time_once "$ok" "$@"
		ws+=("$wall") cs+=("$cpu") rs+=("$rss")
	done
	wall=$(median "${ws[@]}")
	cpu=$(median "${cs[@]}")
	rss=$(median "${rs[@]}")
	# shellcheck disable=SC2034 # read by the scripts
	spread=$(printf '%s\n' "${ws[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.005; printf "%.0f", n / s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.2f", a / b }'; }
pages() { find "$1" -name '*.html' -type f | wc -l | tr -d ' '; }

# read_sizes DEFAULTS [SIZE...]: sets sizes to the SIZEs given, or to the
# space-separated DEFAULTS, and checks them and RUNS.
read_sizes() {
	local defaults=$1 n
	shift
	sizes=("$@")
	if [ ${#sizes[@]} -eq 0 ]; then
		read -r -a sizes <<<"$defaults"
	fi
	for n in "${sizes[@]}"; do
		if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
			log "$me: size '$n' is not a positive number"
			exit 2
		fi
	done
	if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
		log "$me: RUNS='$runs' is not a positive number"
		exit 2
	fi
}

# ensure_deals N: makes bench/out/N hold N generated deals, unless it does
# already (generating 100,000 takes a while).
ensure_deals() {
	local n=$1 dir="$out/$1" have=0
	if [ -f "$dir/deals.config.yaml" ] && [ -d "$dir/deals" ]; then
		have=$(find "$dir/deals" -name '*.yaml' -type f | wc -l)
	fi
	if [ "$have" -ne "$n" ]; then
		log "generating $n deals into bench/out/$n"
		"$out/gen" -n "$n" -seed "$seed" -out "$dir" -force -q
	else
		log "bench/out/$n already holds $n deals"
	fi
}

# time_once OKCODES CMD...: runs CMD once under GNU time and sets wall and
# cpu (seconds; cpu is user plus system, on all cores) and rss (peak KiB).
time_once() {
	local ok=$1 tf rc=0
	shift
	tf=$(mktemp)
	/usr/bin/time -v -o "$tf" "$@" || rc=$?
	if [[ " $ok " != *" $rc "* ]]; then
		log "$me: $1 exited with status $rc"
		cat "$tf" >&2
		rm -f "$tf"
		exit 2
	fi
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (k = 1; k <= n; k++) s = s * 60 + p[k]
		print s }' "$tf")
	cpu=$(awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 } END { print u + s }' "$tf")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tf")
	rm -f "$tf"
}

# stats V...: "median (min-max)" of numbers.
stats() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f (%.2f-%.2f)", m, v[1], v[NR] }'
}

# stats_ms V...: "median (min-max)" of whole numbers (milliseconds).
stats_ms() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.0f (%.0f-%.0f)", m, v[1], v[NR] }'
}

# median V...: the median of numbers.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# record WHICH RUN: adds the run time_once just measured to WHICH's in the
# associative arrays walls, cpus and rsss, and logs it.
record() {
	walls[$1]+="$wall "
	cpus[$1]+="$cpu "
	rsss[$1]+="$rss "
	log "run $2 $1: ${wall}s wall, ${cpu}s CPU, $(mib "$rss") MiB"
}

# pair_row WHICH BASE: the figures of WHICH from the runs recorded in the
# associative arrays walls, cpus and rsss (space-separated, by name), as
# "wall | CPU | peak MiB", and in row_ratios "wall ratio | CPU ratio" of
# its medians to BASE's ("|" when WHICH is BASE).
pair_row() {
	local which=$1 base=$2 w c r bw bc
	read -r -a w <<<"${walls[$which]}"
	read -r -a c <<<"${cpus[$which]}"
	read -r -a r <<<"${rsss[$which]}"
	row_ratios=" | "
	if [ "$which" != "$base" ]; then
		read -r -a bw <<<"${walls[$base]}"
		read -r -a bc <<<"${cpus[$base]}"
		row_ratios="$(ratio "$(median "${w[@]}")" "$(median "${bw[@]}")") | $(ratio "$(median "${c[@]}")" "$(median "${bc[@]}")")"
	fi
	row_median_wall=$(median "${w[@]}")
	row="$(stats "${w[@]}") | $(stats "${c[@]}") | $(mib "$(median "${r[@]}")")"
}
