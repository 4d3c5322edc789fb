#!/usr/bin/env bash
# Benchmark `deals lint` against ajv-cli on synthetic deal sets.
#
#   bench/run.sh                 # 1000, 10000 and 100000 deals
#   bench/run.sh 1000 10000      # only these sizes
#
# For each size N it writes bench/out/N (deals.config.yaml and deals/NNN/*.yaml,
# from internal/dealgen with seed 1), then measures with GNU time -v:
#   - deals lint N --today 2026-11-26 --format json --no-cache > /dev/null
#     (all cores, every file parsed and checked: the cold run)
#   - the same with the result cache primed by one run (the warm run, which is
#     what re-linting an unchanged repository costs)
#   - ajv-cli validate with schema/deal.schema.json and ajv-formats (one core)
# and prints a Markdown table of deals per second and peak resident memory.
#
# Environment: SEED (default 1), RUNS (runs per measurement, the fastest is
# kept; default 1), AJV_PREFIX (an npm prefix that already has ajv-cli and
# ajv-formats; default: a temporary one, installed here and removed at exit).
set -euo pipefail

cd "$(dirname "$0")/.."
me=run.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
schema="$root/schema/deal.schema.json"

read_sizes "1000 10000 100000" "$@"


# --- tools -------------------------------------------------------------------

need_gnu_time

mkdir -p "$out"
log "building deals and the generator"
go build -o "$out/deals" ./cmd/deals
go build -o "$out/gen" ./bench/gen

ajv=""
cleanup_prefix=""
trap 'if [ -n "$cleanup_prefix" ]; then rm -rf "$cleanup_prefix"; fi' EXIT
if [ -n "${AJV_PREFIX:-}" ] && [ -x "$AJV_PREFIX/node_modules/.bin/ajv" ]; then
	ajv="$AJV_PREFIX/node_modules/.bin/ajv"
elif ! command -v npm >/dev/null || ! command -v node >/dev/null; then
	log "node or npm is not installed: skipping ajv"
else
	prefix=$(mktemp -d "${TMPDIR:-/tmp}/deals-bench-ajv.XXXXXX")
	cleanup_prefix=$prefix
	log "installing ajv-cli and ajv-formats into $prefix"
	if npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
		ajv-cli@5 ajv-formats@3 >"$prefix/npm.log" 2>&1; then
		ajv="$prefix/node_modules/.bin/ajv"
	else
		log "the npm registry is unreachable (npm install failed): skipping ajv"
		sed 's/^/  npm: /' "$prefix/npm.log" | tail -5 >&2
	fi
fi

# --- measuring ---------------------------------------------------------------



log ""
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-)"
if [ -n "$ajv" ]; then
	modules=$(cd "$(dirname "$ajv")/.." && pwd)
	version() { node -p "require('$modules/$1/package.json').version" 2>/dev/null || echo '?'; }
	log "ajv-cli $(version ajv-cli), ajv $(version ajv), ajv-formats $(version ajv-formats), node $(node --version)"
fi

rows=()
for n in "${sizes[@]}"; do
	dir="$out/$n"
	log ""
	log "== $n deals =="
	"$out/gen" -n "$n" -seed "$seed" -out "$dir" -force
	# The files were just written, so both tools read them from the page cache.

	measure "deals lint" "0 1" : "$out/deals" lint "$dir" --config "$dir/deals.config.yaml" \
		--today "$today" --format json --color never --no-cache >/dev/null
	d_wall=$wall d_rss=$rss
	log "deals lint: ${d_wall}s wall, $(mib "$d_rss") MiB peak, $(rate "$n" "$d_wall") deals/s"

	export DEALS_CACHE_DIR="$out/cache"
	rm -rf "$DEALS_CACHE_DIR"
	"$out/deals" lint "$dir" --config "$dir/deals.config.yaml" --today "$today" --format json >/dev/null || true
	measure "deals lint (cached)" "0 1" : "$out/deals" lint "$dir" --config "$dir/deals.config.yaml" \
		--today "$today" --format json --color never >/dev/null
	w_wall=$wall w_rss=$rss
	unset DEALS_CACHE_DIR
	log "deals lint, unchanged files cached: ${w_wall}s wall, $(mib "$w_rss") MiB peak, $(rate "$n" "$w_wall") deals/s"

	a_rate="n/a" a_mib="n/a"
	if [ -n "$ajv" ]; then
		res=$(mktemp)
		# ajv-cli expands the quoted glob itself: no argument-list limit. It
		# prints a line per file ("FILE valid"), kept to count the results.
		measure "ajv" "0 1" : sh -c 'exec "$@" >"$0" 2>&1' "$res" \
			"$ajv" validate --spec=draft7 -c ajv-formats -s "$schema" \
			-d "$dir/deals/*/*.yaml" --strict=false --errors=line
		valid=$(grep -c ' valid$' "$res" || true)
		invalid=$(grep -c ' invalid$' "$res" || true)
		rm -f "$res"
		if [ "$valid" -ne "$n" ]; then
			log "run.sh: ajv found $valid valid and $invalid invalid of $n files"
		fi
		a_rate=$(rate "$n" "$wall") a_mib=$(mib "$rss")
		log "ajv:        ${wall}s wall, $a_mib MiB peak, $a_rate deals/s ($valid valid, $invalid invalid)"
	fi
	rows+=("| $n | $(rate "$n" "$d_wall") | $(mib "$d_rss") | $(rate "$n" "$w_wall") | $(mib "$w_rss") | $a_rate | $a_mib |")
done

echo
echo "Benchmark of $(date -u +%Y-%m-%d), $(nproc) cores; deals lint uses all cores, ajv-cli one."
echo
echo "| size | deals lint deals/s | peak MiB | cached deals/s | cached peak MiB | ajv deals/s | ajv peak MiB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
