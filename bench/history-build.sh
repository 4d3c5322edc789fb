#!/usr/bin/env bash
# Benchmark deals build with the git history against deals build without it.
#
#   bench/history-build.sh                 # 1000 deals and 9,985 commits
#   RUNS=5 bench/history-build.sh 1000 10000
#
# For each size N it writes bench/out/history-N with bench/out/gen -history
# (52 weeks, about ten commits per deal; unless it is there already) and a
# copy of its work tree without .git (bench/out/history-N-tree), then runs,
# alternating run by run, RUNS times each:
#   - deals build of the copy: the site without the history;
#   - deals build of the repository with an empty cache folder: the history
#     read and every version linted from scratch;
#   - deals build of the repository again, with the cache folder of the run
#     before: what a site built again on the same commit pays.
# It prints the median and range of the wall and CPU time (user plus
# system, git included) and the median peak memory of each, and the ratios
# of the medians to the build without the history. The target for the
# second build with the history is at most 1.3x the CPU of the build
# without.
#
# Environment: SEED (default 1), RUNS (runs of each; default 3).
set -euo pipefail

cd "$(dirname "$0")/.."
me=history-build.sh
RUNS=${RUNS:-3}
# shellcheck source=bench/lib.sh
. bench/lib.sh

read_sizes "1000" "$@"

need_gnu_time
mkdir -p "$out"
log "building deals and gen"
go build -o "$out/deals" ./cmd/deals
go build -o "$out/gen" ./bench/gen

printf '| deals | commits | build | wall s, median (range) | CPU s, median (range) | peak MiB | wall / without | CPU / without |\n'
printf '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n'
for n in "${sizes[@]}"; do
	repo="$out/history-$n"
	tree="$out/history-$n-tree"
	if ! git -C "$repo" rev-parse --verify -q HEAD >/dev/null 2>&1; then
		log "generating $n deals and their history into $repo"
		"$out/gen" -history -n "$n" -seed "$seed" -weeks 52 -per-week $((n * 192 / 1000)) -out "$repo" -force -q
	fi
	rm -rf "$tree"
	mkdir -p "$tree"
	cp -r "$repo/deals" "$repo/deals.config.yaml" "$tree/"
	commits=$(git -C "$repo" rev-list --count HEAD)
	cache="$out/history-$n-cache"
	rm -rf "$cache"
	declare -A walls=() cpus=() rsss=()
	# The cache of the build before the first "again".
	DEALS_CACHE_DIR="$cache" "$out/deals" build "$repo" --out "$out/history-$n-site" --today "$today" >/dev/null
	for ((r = 1; r <= runs; r++)); do
		time_once "0" "$out/deals" build "$tree" --out "$out/history-$n-site-tree" --today "$today" >/dev/null
		record without "$r"
		rm -rf "$cache-cold"
		DEALS_CACHE_DIR="$cache-cold" time_once "0" "$out/deals" build "$repo" --out "$out/history-$n-site-cold" --today "$today" >/dev/null
		record cold "$r"
		DEALS_CACHE_DIR="$cache" time_once "0" "$out/deals" build "$repo" --out "$out/history-$n-site" --today "$today" >/dev/null
		record again "$r"
	done
	for which in without cold again; do
		pair_row "$which" without
		case $which in
		without) label="without the history" ;;
		cold) label="with the history, from scratch" ;;
		again) label="with the history, built again" ;;
		esac
		printf '| %s | %s | %s | %s | %s |\n' "$n" "$commits" "$label" "$row" "$row_ratios"
	done
	unset walls cpus rsss
done
