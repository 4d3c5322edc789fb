#!/usr/bin/env bash
# What team rules cost: deals lint on N generated deals with the generated
# configuration, and with the same configuration plus a pack of 20 team
# rules in CEL, in one run, alternating the two run by run.
#
#   bench/team-rules.sh [SIZE...]      # default size: 10000
#   RUNS=9 bench/team-rules.sh 10000
#
# Each of RUNS rounds (default 5) runs, without and then with the rules:
#   deals lint N/deals --config CONFIG --today 2026-11-26 --format json --no-cache > /dev/null
# and the script prints the median and the range (min-max) of the wall time
# and of the CPU time (user plus system, on all cores), the median peak
# memory, deals per second at the median wall time, and the ratio of the
# medians (with / without: 1.10 is 10 % slower).
set -euo pipefail

cd "$(dirname "$0")/.."
me=team-rules.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh

read_sizes "10000" "$@"
runs=${RUNS:-5}

need_gnu_time
mkdir -p "$out"
go build -o "$out/deals" ./cmd/deals
go build -o "$out/gen" ./bench/gen

# pack writes 20 rules of the kinds teams write: thresholds by segment,
# fields required at a stage, walks over key players and the close plan,
# text matches, dates.
pack() {
	local i
	echo "team_rules:"
	for i in 1 2 3 4; do
		cat <<RULES
  - id: floor-$i
    step: deal
    when: has(deal.account.size) && has(deal.amount.value)
    condition: 'amount >= {"large": ${i}0000.0, "medium": ${i}000.0, "small": ${i}00.0}[deal.account.size]'
    message: below the floor
  - id: dm-named-$i
    step: players
    stages: [develop, propose, negotiate]
    field: key_players
    condition: 'deal.key_players.exists(p, "decision_maker" in p.roles && p.name.size() > $i)'
    message: name the decision maker
  - id: plan-owned-$i
    step: close
    stages: [propose, negotiate]
    field: close.plan
    condition: 'deal.?close.?plan.orValue([]).all(m, has(m.owner) && m.milestone.size() > $i)'
    message: every milestone has an owner
  - id: legal-$i
    step: close
    stages: [negotiate]
    field: close.plan
    condition: 'deal.close.plan.exists(m, m.milestone.lowerAscii().matches("legal|contract|sign|合同"))'
    message: write the paper process into the close plan
  - id: reviewed-$i
    step: review
    stages: [propose, negotiate]
    field: reviews
    condition: 'deal.reviews.exists(r, daysSince(r.date) <= ${i}0 * 3)'
    message: review the plan
RULES
	done
}

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(go version | cut -d' ' -f3-)"
echo "| size | configuration | wall s, median (range) | CPU s, median (range) | peak MiB | deals/s | with/without wall | with/without CPU |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
	ensure_deals "$n"
	dir="$out/$n"
	pack >"$dir/bench-team-rules.yaml"
	{ cat "$dir/deals.config.yaml"; printf '\ninclude: [bench-team-rules.yaml]\n'; } >"$dir/deals.config.team.yaml"
	find "$dir/deals" -type f -exec cat {} + >/dev/null # into the page cache for both
	declare -A walls=() cpus=() rsss=()
	for ((i = 0; i < runs; i++)); do
		for which in without with; do
			config="$dir/deals.config.yaml"
			[ "$which" = with ] && config="$dir/deals.config.team.yaml"
			time_once "0 1" "$out/deals" lint "$dir/deals" --config "$config" \
				--today "$today" --format json --color never --no-cache >/dev/null
			record "$which" $((i + 1))
		done
	done
	for which in without with; do
		pair_row "$which" without
		label="generated"
		[ "$which" = with ] && label="generated + 20 team rules"
		echo "| $n | $label | $row | $(rate "$n" "$row_median_wall") | $row_ratios |"
	done
	unset walls cpus rsss
done
