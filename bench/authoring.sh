#!/usr/bin/env bash
# Benchmark the authoring commands on generated repositories.
#
#   bench/authoring.sh                # 1000 and 10000 deals
#   RUNS=3 bench/authoring.sh 10000   # each measurement three times, the median kept
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
#   - deals serve bench/out/N: the first build, and the rebuild after one
#     deal file is saved, as deals serve logs them (in milliseconds).
# and prints a Markdown table.
#
# Environment: SEED (default 1), RUNS (runs per measurement; default 1).
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

# serve_times DIR: the first build and one rebuild of deals serve, in ms.
serve_times() {
	local dir=$1 logf pid first="" again="" file saved i
	logf=$(mktemp)
	"$out/deals" serve "$dir" --config "$dir/deals.config.yaml" --addr 127.0.0.1:0 --today "$today" >/dev/null 2>"$logf" &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		first=$(sed -n 's/^built in \([0-9]*\) ms.*/\1/p' "$logf")
		[ -n "$first" ] && break
		sleep 0.1
	done
	file=$(find "$dir/deals" -name '*.yaml' -print -quit)
	sleep 0.5
	# Write the same bytes back, as an editor saves: a write event.
	saved=$(mktemp)
	cp "$file" "$saved"
	cat "$saved" >"$file"
	rm -f "$saved"
	for ((i = 0; i < 600; i++)); do
		again=$(sed -n 's/^rebuilt in \([0-9]*\) ms.*/\1/p' "$logf" | head -n 1)
		[ -n "$again" ] && break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$logf"
	echo "${first:-n/a} ${again:-n/a}"
}

printf '| deals | fmt --check, unformatted | fmt, all rewritten | fmt --check, canonical | export csv | import csv | serve: first build | serve: rebuild |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
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

	log "$n: serve"
	read -r first again < <(serve_times "$dir")
	row+=" | $first ms | $again ms |"
	printf '%s\n' "$row"
done
