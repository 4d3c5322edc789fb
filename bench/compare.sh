#!/usr/bin/env bash
# Compare deals lint and deals build of this tree against a git revision,
# in one run, alternating the two binaries run by run.
#
#   bench/compare.sh REV [SIZE...]     # default size: 10000
#   RUNS=7 bench/compare.sh HEAD~3 1000 10000
#
# It builds deals from REV (in a temporary git worktree, removed at the end)
# and from the working tree, generates bench/out/N, then for each size runs,
# RUNS times each (default 5), in the order before, after, before, after...:
#   deals lint N --today 2026-11-26 --format json --no-cache > /dev/null
#   deals build N --today 2026-11-26 --out bench/out/site-N
# (COMMANDS="lint" or "build" measures one of them) and prints, per command, the median and the range (min-max) of the wall
# time and of the CPU time (user plus system, on all cores), the median peak
# memory, and the ratio of the medians (after / before: below 1 is faster).
set -euo pipefail

cd "$(dirname "$0")/.."
me=compare.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

if [ $# -lt 1 ]; then
	log "usage: bench/compare.sh REV [SIZE...]"
	exit 2
fi
rev=$1
shift
read_sizes "10000" "$@"
runs=${RUNS:-5}

need_gnu_time
commit=$(git rev-parse --verify --quiet "$rev^{commit}") || { log "$me: unknown revision $rev"; exit 2; }
mkdir -p "$out"
tree=$(mktemp -d "${TMPDIR:-/tmp}/deals-bench-before.XXXXXX")
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git worktree add --quiet --detach "$tree" "$commit"
log "building deals at ${commit:0:7} (before) and of the working tree (after)"
(cd "$tree" && go build -o "$out/deals-before" ./cmd/deals)
go build -o "$out/deals-after" ./cmd/deals
go build -o "$out/gen" ./bench/gen

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-)"
echo "| size | command | binary | wall s, median (range) | CPU s, median (range) | peak MiB | after/before wall | after/before CPU |"
echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
	ensure_deals "$n"
	dir="$out/$n"
	find "$dir/deals" -type f -exec cat {} + >/dev/null # into the page cache for both
	for command in ${COMMANDS:-lint build}; do
		declare -A walls=() cpus=() rsss=()
		for ((i = 0; i < runs; i++)); do
			for which in before after; do
				if [ "$command" = lint ]; then
					time_once "0 1" "$out/deals-$which" lint "$dir" --config "$dir/deals.config.yaml" \
						--today "$today" --format json --color never --no-cache >/dev/null
				else
					rm -rf "$out/site-$n"
					time_once "0" "$out/deals-$which" build "$dir" --config "$dir/deals.config.yaml" \
						--out "$out/site-$n" --today "$today" >/dev/null
				fi
				record "$which" $((i + 1))
			done
		done
		for which in before after; do
			pair_row "$which" before
			echo "| $n | deals $command | $which | $row | $row_ratios |"
		done
		unset walls cpus rsss
	done
done
