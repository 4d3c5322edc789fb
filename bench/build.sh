#!/usr/bin/env bash
# Benchmark `deals build` against Hugo rendering a comparable site.
#
#   bench/build.sh                    # 1000, 10000, 50000 and 100000 deals
#   bench/build.sh 1000 10000         # only these sizes
#   RUNS=3 bench/build.sh 10000       # three runs of each tool (default 5)
#
# For each size N it
#   - writes bench/out/N with bench/out/gen -n N -seed 1 -force, unless
#     bench/out/N already holds exactly N deals and a deals.config.yaml;
#   - converts bench/out/N into a Hugo site bench/out/hugo-N with
#     bench/hugo/convert (templates from bench/hugo/site; not measured);
#   - measures with GNU time -v (wall time, CPU time as user plus system on
#     all cores, and peak resident memory), RUNS times each, alternating the
#     two tools run by run:
#       bench/out/deals build bench/out/N --config bench/out/N/deals.config.yaml \
#           --out SITES/site-N --today 2026-11-26
#       hugo --source bench/out/hugo-N --destination SITES/hugo-public-N --quiet \
#           --ignoreCache --cacheDir bench/out/hugo-N/.hugo_cache --noBuildLock
#     Before every run the output folder is removed, so both tools do a full
#     build; for Hugo also its file cache (--cacheDir, ignored anyway with
#     --ignoreCache) and resources/ (Hugo's cache of processed resources).
#   - counts the HTML pages each tool wrote;
# and prints Markdown tables: per tool the median and the range of wall and
# CPU time, and the ratios of Hugo's medians to deals'. When `deals build --help` fails (the command
# is not there yet), the deals columns say n/a.
#
# Environment: SEED (default 1), RUNS (runs of each tool; default 5), SITES
# (the folder both sites are written to; default bench/out).
set -euo pipefail

cd "$(dirname "$0")/.."
me=build.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

read_sizes "1000 10000 50000 100000" "$@"
runs=${RUNS:-5}
# SITES is where both tools write their sites: bench/out, or a tmpfs such as
# /dev/shm/deals-bench to measure the tools without the disk.
sites=${SITES:-$out}
mkdir -p "$sites"


# --- tools -------------------------------------------------------------------


need_gnu_time
if ! hugo version >/dev/null 2>&1; then
	# --no-install-recommends: hugo recommends golang-any, which would put an
	# old Go at /usr/bin/go.
	log "hugo is missing: installing Debian's hugo package"
	apt_install hugo
	hugo version >/dev/null 2>&1 || { log "build.sh: still no hugo"; exit 2; }
fi

mkdir -p "$out"
log "building deals, the generator and the Hugo converter"
go build -o "$out/gen" ./bench/gen
go build -o "$out/hugo-convert" ./bench/hugo/convert
have_deals=1
if ! go build -o "$out/deals" ./cmd/deals; then
	log "deals: the binary does not build"
	have_deals=0
elif ! "$out/deals" build --help >/dev/null 2>&1; then
	have_deals=0
fi
if [ "$have_deals" -eq 0 ]; then
	echo "deals build: not available yet"
fi

# --- measuring ---------------------------------------------------------------



log ""
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
log "$(go version | cut -d' ' -f3-); $(hugo version)"

# The folders the prepare steps clear; set per size below.
site_dir="" hugo_dir="" hugo_public=""
clean_site() { rm -rf "$site_dir"; }
clean_hugo() { rm -rf "$hugo_public" "$hugo_dir/resources" "$hugo_dir/.hugo_cache"; }

echo "| size | tool | wall s, median (range) | CPU s, median (range) | peak MiB | deals/s | HTML pages |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"
ratios=()
for n in "${sizes[@]}"; do
	dir="$out/$n"
	site_dir="$sites/site-$n"
	hugo_dir="$out/hugo-$n"
	hugo_public="$sites/hugo-public-$n"
	log ""
	log "== $n deals =="
	ensure_deals "$n"
	"$out/hugo-convert" -in "$dir" -out "$hugo_dir" -templates "$root/bench/hugo/site" -today "$today"
	# Read every input once, so that both tools find them in the page cache.
	find "$dir/deals" -type f -exec cat {} + >/dev/null
	find "$hugo_dir/content" -type f -exec cat {} + >/dev/null

	tools="hugo"
	if [ "$have_deals" -eq 1 ]; then
		tools="deals hugo"
	fi
	declare -A walls=() cpus=() rsss=()
	# The two tools alternate run by run, so that a slow spell of the
	# machine falls on both; every run is a full build into an empty folder.
	for ((i = 0; i < runs; i++)); do
		for tool in $tools; do
			if [ "$tool" = deals ]; then
				clean_site
				time_once "0" "$out/deals" build "$dir" --config "$dir/deals.config.yaml" \
					--out "$site_dir" --today "$today" >/dev/null
			else
				clean_hugo
				time_once "0" hugo --source "$hugo_dir" --destination "$hugo_public" --quiet \
					--ignoreCache --cacheDir "$hugo_dir/.hugo_cache" --noBuildLock
			fi
			record "$tool" $((i + 1))
		done
	done
	for tool in $tools; do
		pair_row "$tool" "$tool"
		folder=$site_dir
		[ "$tool" = hugo ] && folder="$hugo_public"
		echo "| $n | $tool | $row | $(rate "$n" "$row_median_wall") | $(pages "$folder") |"
	done
	if [ "$have_deals" -eq 1 ]; then
		pair_row hugo deals # hugo's medians over deals': above 1, deals is faster
		read -r -a hr <<<"${rsss[hugo]}"
		read -r -a dr <<<"${rsss[deals]}"
		ratios+=("| $n | $row_ratios | $(ratio "$(median "${hr[@]}")" "$(median "${dr[@]}")") |")
	fi
	unset walls cpus rsss
done

if [ ${#ratios[@]} -gt 0 ]; then
	echo
	echo "How many times faster and leaner deals build is (Hugo's median over deals'; $runs runs each, alternating, $(date -u +%Y-%m-%d), $(nproc) cores, $(hugo version | cut -d' ' -f2)):"
	echo
	echo "| size | wall | CPU | peak memory |"
	echo "| ---: | ---: | ---: | ---: |"
	printf '%s\n' "${ratios[@]}"
fi
