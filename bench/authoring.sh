#!/usr/bin/env bash
# Benchmark the authoring commands on generated repositories.
#
#   bench/authoring.sh                       # 1000 and 10000 deals
#   RUNS=3 SAVES=5 bench/authoring.sh 10000  # three runs of each, five saves a serve run
#
# For each size N it writes bench/out/N with bench/out/gen (unless it holds
# N deals already) and measures, with GNU time -v (the median of RUNS runs: wall time and its range, CPU time, peak memory):
#   - deals fmt --check on the generated files, none of them canonical
#     (every file is formatted and checked, then nothing is written);
#   - deals fmt on a fresh copy of them (bench/out/fmt-N): every file rewritten;
#   - deals fmt --check on the copy, now canonical: what CI pays on each run;
#   - deals export --format csv of bench/out/N;
#   - deals import --from csv of that export into an empty repository
#     (bench/out/import-N), one deal file per row;
# and prints a Markdown table. Then, in runs that alternate, deals build of
# bench/out/N (GNU time) and deals serve bench/out/N (bench/servetime): its
# first build, and SAVES saves of one deal, each with a new title, timed
# from the save until the server answers with the new page (the debounce
# included), with the rebuild time the server logs and the CPU it used; and
# its peak memory. A second table gives the medians and ranges, and the
# save against the build: the targets are 1/5 of the build at 1,000 deals
# and 1/20 at 10,000, and 400 MiB of peak memory at 10,000.
#
# Environment: SEED (default 1), RUNS (runs per measurement; default 1),
# SAVES (saves per serve run; default 5).
set -euo pipefail

cd "$(dirname "$0")/.."
me=authoring.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

read_sizes "1000 10000" "$@"

need_gnu_time
mkdir -p "$out"
log "building deals and gen"
go build -o "$out/deals" ./cmd/deals
go build -o "$out/gen" ./bench/gen

saves=${SAVES:-5}
if ! [[ $saves =~ ^[1-9][0-9]*$ ]]; then
	log "$me: SAVES='$saves' is not a positive number"
	exit 2
fi
go build -o "$out/servetime" ./bench/servetime

# field NAME LINE: the value of NAME=... in a servetime result line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

serve_rows=()
printf '| deals | fmt --check, unformatted | fmt, all rewritten | fmt --check, canonical | export csv | import csv |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in "${sizes[@]}"; do
	dir="$out/$n"
	ensure_deals "$n"
	copy="$out/fmt-$n"
	fresh_copy() { rm -rf "$copy" && cp -r "$dir" "$copy"; }
	row="| $n"

	log "$n: fmt --check (unformatted)"
	measure "fmt --check" "0 1" : "$out/deals" fmt --check "$dir" --config "$dir/deals.config.yaml" >/dev/null
	row+=" | $(printf '%.2f' "$wall") s ($spread), $(printf '%.2f' "$cpu") s CPU, $(rate "$n" "$wall")/s, $(mib "$rss") MiB"

	log "$n: fmt (rewrite)"
	measure "fmt" "0" fresh_copy "$out/deals" fmt "$copy" --config "$copy/deals.config.yaml" >/dev/null
	row+=" | $(printf '%.2f' "$wall") s ($spread), $(printf '%.2f' "$cpu") s CPU, $(rate "$n" "$wall")/s, $(mib "$rss") MiB"

	log "$n: fmt --check (canonical)"
	measure "fmt --check canonical" "0" : "$out/deals" fmt --check "$copy" --config "$copy/deals.config.yaml"
	row+=" | $(printf '%.2f' "$wall") s ($spread), $(printf '%.2f' "$cpu") s CPU, $(rate "$n" "$wall")/s, $(mib "$rss") MiB"

	log "$n: export"
	csv="$out/export-$n.csv"
	measure "export" "0 1" : "$out/deals" export "$dir" --config "$dir/deals.config.yaml" --today "$today" --out "$csv"
	row+=" | $(printf '%.2f' "$wall") s ($spread), $(printf '%.2f' "$cpu") s CPU, $(rate "$n" "$wall")/s, $(mib "$rss") MiB"

	log "$n: import"
	target="$out/import-$n"
	empty_target() { rm -rf "$target" && mkdir -p "$target" && cp "$dir/deals.config.yaml" "$target/"; }
	measure "import" "0 1" empty_target "$out/deals" import --from csv "$csv" --out "$target/deals" --config "$target/deals.config.yaml" 2>/dev/null
	row+=" | $(printf '%.2f' "$wall") s ($spread), $(printf '%.2f' "$cpu") s CPU, $(rate "$n" "$wall")/s, $(mib "$rss") MiB"

	printf '%s |\n' "$row"

	# deals build and deals serve, run after run.
	bws=() bcs=() firsts=() firstcpus=() served=() rebuilt=() savecpus=() peaks=()
	for ((r = 1; r <= runs; r++)); do
		log "$n: build, run $r"
		me="$me (build)" time_once "0" "$out/deals" build "$dir" --config "$dir/deals.config.yaml" --today "$today" --out "$out/site-$n" >/dev/null
		bws+=("$wall") bcs+=("$cpu")
		log "$n: serve, run $r"
		result=$("$out/servetime" -deals "$out/deals" -dir "$dir" -today "$today" -saves "$saves" | tee /dev/stderr | grep '^result ')
		firsts+=("$(field first_ms "$result")") firstcpus+=("$(field first_cpu_ms "$result")") peaks+=("$(field peak_kib "$result")")
		IFS=, read -r -a v <<<"$(field served_ms "$result")" && served+=("${v[@]}")
		IFS=, read -r -a v <<<"$(field rebuilt_ms "$result")" && rebuilt+=("${v[@]}")
		IFS=, read -r -a v <<<"$(field cpu_ms "$result")" && savecpus+=("${v[@]}")
	done
	build_ms=$(awk -v s="$(median "${bws[@]}")" 'BEGIN { printf "%.0f", s * 1000 }')
	save_ms=$(median "${served[@]}")
	target=5
	if [ "$n" -ge 10000 ]; then target=20; fi
	met="met"
	if awk -v s="$save_ms" -v b="$build_ms" -v t="$target" 'BEGIN { exit !(s * t > b) }'; then met="not met"; fi
	peak=$(mib "$(median "${peaks[@]}")")
	if [ "$n" -ge 10000 ] && [ "$peak" -gt 400 ]; then met="$met; memory not met"; fi
	serve_rows+=("| $n | $(stats "${bws[@]}") s, $(printf '%.2f' "$(median "${bcs[@]}")") s CPU | $(stats_ms "${firsts[@]}") ms, $(median "${firstcpus[@]}") ms CPU | $(stats_ms "${served[@]}") ms | $(stats_ms "${rebuilt[@]}") ms, $(median "${savecpus[@]}") ms CPU | $peak MiB | 1/$(awk -v s="$save_ms" -v b="$build_ms" 'BEGIN { printf "%.0f", b / s }') (target 1/$target: $met) |")
done

printf '\n| deals | deals build | serve: first build | serve: save → page served | serve: rebuild (logged) | serve: peak memory | save against build |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
printf '%s\n' "${serve_rows[@]}"
