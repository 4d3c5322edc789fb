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
#   - ajv-cli validate with schema/deal.schema.json less the patterns of its
#     date fields (the schema deals validates with; both assert the date
#     format) and ajv-formats (one core)
# deals lint (cold) and ajv alternating run by run, RUNS times each, and
# prints Markdown tables: per tool the median and the range of wall and CPU
# time (user plus system, on all cores), the median peak resident memory and
# deals per second, and the ratios of deals' medians to ajv's.
#
# Environment: SEED (default 1), RUNS (runs of each; default 5), AJV_PREFIX (an npm prefix that already has ajv-cli and
# ajv-formats; default: a temporary one, installed here and removed at exit).
set -euo pipefail

cd "$(dirname "$0")/.."
me=run.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
schema="$root/schema/deal.schema.json"

read_sizes "1000 10000 100000" "$@"
runs=${RUNS:-5}


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
	# The schema both tools check: the editors' copy less the patterns of its
	# date fields, as deals validates (schema.withoutDatePatterns). The
	# patterns are there for editors that do not assert "format": "date";
	# ajv-formats asserts it (a real calendar day), as deals does itself.
	checked="$out/deal.schema.checked.json"
	node -e '
		const fs = require("fs");
		const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
		const walk = (v) => {
			if (Array.isArray(v)) { v.forEach(walk); return; }
			if (v && typeof v === "object") {
				if (v.format === "date") delete v.pattern;
				Object.values(v).forEach(walk);
			}
		};
		walk(s);
		fs.writeFileSync(process.argv[2], JSON.stringify(s));
	' "$schema" "$checked"
	schema=$checked
	modules=$(cd "$(dirname "$ajv")/.." && pwd)
	version() { node -p "require('$modules/$1/package.json').version" 2>/dev/null || echo '?'; }
	log "ajv-cli $(version ajv-cli), ajv $(version ajv), ajv-formats $(version ajv-formats), node $(node --version)"
fi

echo "| size | tool | wall s, median (range) | CPU s, median (range) | peak MiB | deals/s |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
ratios=()
for n in "${sizes[@]}"; do
	dir="$out/$n"
	log ""
	log "== $n deals =="
	"$out/gen" -n "$n" -seed "$seed" -out "$dir" -force
	# The files were just written, so both tools read them from the page cache.

	tools="cold"
	[ -n "$ajv" ] && tools="cold ajv"
	declare -A walls=() cpus=() rsss=()
	# deals lint (cold) and ajv alternate run by run, so that a slow spell
	# of the machine falls on both.
	for ((i = 0; i < runs; i++)); do
		for tool in $tools; do
			if [ "$tool" = cold ]; then
				time_once "0 1" "$out/deals" lint "$dir" --config "$dir/deals.config.yaml" \
					--today "$today" --format json --color never --no-cache >/dev/null
			else
				res=$(mktemp)
				# ajv-cli expands the quoted glob itself: no argument-list limit.
				# It prints a line per file ("FILE valid"), kept to count them.
				# shellcheck disable=SC2016 # $@ and $0 are the inner shell's
				time_once "0 1" sh -c 'exec "$@" >"$0" 2>&1' "$res" \
					"$ajv" validate --spec=draft7 -c ajv-formats -s "$schema" \
					-d "$dir/deals/*/*.yaml" --strict=false --errors=line
				valid=$(grep -c ' valid$' "$res" || true)
				invalid=$(grep -c ' invalid$' "$res" || true)
				rm -f "$res"
				if [ "$valid" -ne "$n" ]; then
					log "run.sh: ajv found $valid valid and $invalid invalid of $n files"
				fi
			fi
			record "$tool" $((i + 1))
		done
	done

	# The warm run: what re-linting an unchanged repository costs.
	export DEALS_CACHE_DIR="$out/cache"
	rm -rf "$DEALS_CACHE_DIR"
	"$out/deals" lint "$dir" --config "$dir/deals.config.yaml" --today "$today" --format json >/dev/null || true
	for ((i = 0; i < runs; i++)); do
		time_once "0 1" "$out/deals" lint "$dir" --config "$dir/deals.config.yaml" \
			--today "$today" --format json --color never >/dev/null
		record cached $((i + 1))
	done
	unset DEALS_CACHE_DIR

	for tool in $tools cached; do
		pair_row "$tool" "$tool"
		case $tool in
		cold) label="deals lint" ;;
		cached) label="deals lint, cached" ;;
		*) label="ajv-cli" ;;
		esac
		echo "| $n | $label | $row | $(rate "$n" "$row_median_wall") |"
	done
	if [ -n "$ajv" ]; then
		pair_row cold ajv # deals' medians over ajv's: below 1, deals is faster
		ratios+=("| $n | $row_ratios |")
	fi
	unset walls cpus rsss
done

if [ ${#ratios[@]} -gt 0 ]; then
	echo
	echo "deals lint (cold) over ajv-cli, medians of $runs alternating runs ($(date -u +%Y-%m-%d), $(nproc) cores; deals lint uses all cores, ajv-cli one; below 1, deals takes less):"
	echo
	echo "| size | wall | CPU |"
	echo "| ---: | ---: | ---: |"
	printf '%s\n' "${ratios[@]}"
fi
