#!/usr/bin/env bash
# Benchmark `deals build` against Hugo rendering a comparable site.
#
#   bench/build.sh                    # 1000, 10000, 50000 and 100000 deals
#   bench/build.sh 1000 10000         # only these sizes
#   RUNS=3 bench/build.sh 10000       # each measurement three times, the fastest kept
#
# For each size N it
#   - writes bench/out/N with bench/out/gen -n N -seed 1 -force, unless
#     bench/out/N already holds exactly N deals and a deals.config.yaml;
#   - converts bench/out/N into a Hugo site bench/out/hugo-N with
#     bench/hugo/convert (templates from bench/hugo/site; not measured);
#   - measures with GNU time -v (wall time and peak resident memory):
#       bench/out/deals build bench/out/N --config bench/out/N/deals.config.yaml \
#           --out bench/out/site-N --today 2026-11-26
#       hugo --source bench/out/hugo-N --destination bench/out/hugo-N/public --quiet \
#           --ignoreCache --cacheDir bench/out/hugo-N/.hugo_cache --noBuildLock
#     Before every run the output folder is removed, so both tools do a full
#     build; for Hugo also its file cache (--cacheDir, ignored anyway with
#     --ignoreCache) and resources/ (Hugo's cache of processed resources).
#   - counts the HTML pages each tool wrote;
# and prints a Markdown table. When `deals build --help` fails (the command
# is not there yet), the deals columns say n/a.
#
# Environment: SEED (default 1), RUNS (runs per measurement, the fastest is
# kept; default 1).
set -euo pipefail

cd "$(dirname "$0")/.."
me=build.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

read_sizes "1000 10000 50000 100000" "$@"


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
site_dir="" hugo_dir=""
clean_site() { rm -rf "$site_dir"; }
clean_hugo() { rm -rf "$hugo_dir/public" "$hugo_dir/resources" "$hugo_dir/.hugo_cache"; }

rows=()
for n in "${sizes[@]}"; do
	dir="$out/$n"
	site_dir="$out/site-$n"
	hugo_dir="$out/hugo-$n"
	log ""
	log "== $n deals =="
	ensure_deals "$n"
	"$out/hugo-convert" -in "$dir" -out "$hugo_dir" -templates "$root/bench/hugo/site" -today "$today"
	# Read every input once, so that both tools find them in the page cache.
	find "$dir/deals" -type f -exec cat {} + >/dev/null
	find "$hugo_dir/content" -type f -exec cat {} + >/dev/null

	d_rate="n/a" d_mib="n/a" d_pages="n/a" d_wall="" d_rss=""
	if [ "$have_deals" -eq 1 ]; then
		# deals build reports what it wrote on stdout: kept out of the table.
		measure "deals build" "0" clean_site "$out/deals" build "$dir" --config "$dir/deals.config.yaml" \
			--out "$site_dir" --today "$today" >/dev/null
		d_wall=$wall d_rss=$rss
		d_rate=$(rate "$n" "$d_wall") d_mib=$(mib "$d_rss") d_pages=$(pages "$site_dir")
		log "deals build: ${d_wall}s wall, $d_mib MiB peak, $d_rate deals/s, $d_pages HTML pages"
	fi

	measure "hugo" "0" clean_hugo hugo --source "$hugo_dir" --destination "$hugo_dir/public" --quiet \
		--ignoreCache --cacheDir "$hugo_dir/.hugo_cache" --noBuildLock
	h_wall=$wall h_rss=$rss
	h_rate=$(rate "$n" "$h_wall") h_mib=$(mib "$h_rss") h_pages=$(pages "$hugo_dir/public")
	log "hugo:        ${h_wall}s wall, $h_mib MiB peak, $h_rate deals/s, $h_pages HTML pages"

	speed="n/a" memory="n/a"
	if [ -n "$d_wall" ]; then
		speed=$(ratio "$h_wall" "$d_wall") # deals/s of deals over deals/s of Hugo
		memory=$(ratio "$h_rss" "$d_rss")
	fi
	rows+=("| $n | $d_rate | $d_mib | $h_rate | $h_mib | $speed | $memory | $d_pages | $h_pages |")
done

echo
echo "Site build benchmark of $(date -u +%Y-%m-%d), $(nproc) cores, $(hugo version | cut -d' ' -f2); fastest of $runs run(s)."
echo
echo "| size | deals build deals/s | peak MiB | hugo deals/s | hugo peak MiB | speed ratio (deals/hugo) | memory ratio (hugo/deals) | deals pages | hugo pages |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
