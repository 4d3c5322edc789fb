#!/usr/bin/env bash
# Replay the examples' history as git commits, so that the site can show
# what only git can tell: days in stage, slipped close dates, the pipeline
# over time and the week's changes.
#
#   examples/replay-history.sh DIR        # DIR must not exist yet, or be empty
#   deals build DIR --out site --today 2026-12-02
#
# DIR gets a copy of examples/ as a new git repository whose commits walk
# each deal through the stages it went through, with the dates it moved,
# the close dates it slipped from and the amounts it had (history.tsv,
# beside this script); the last commit is the examples as they are now.
# Nothing outside DIR is written.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
  echo "$0: $dir exists and is not empty: name a new folder" >&2
  exit 2
fi
command -v git >/dev/null || { echo "$0: git is not installed" >&2; exit 2; }

mkdir -p "$dir"
cp -R "$here/deals" "$here/rules" "$here/deals.config.yaml" "$dir/"
cd "$dir"
git init -q
git config user.name "Kestrel Analytics sales"
git config user.email "sales@kestrel-analytics.example"
git config commit.gpgsign false

# set FILE KEY VALUE: the top-level "KEY: ..." line of FILE becomes
# "KEY: VALUE" (a comment after the value is dropped: it may speak of the
# value it replaces). "amount" sets the value under amount:.
set_field() {
  local file=$1 key=$2 value=$3 tmp
  tmp=$(mktemp "$file.XXXXXX")
  if [ "$key" = amount ]; then
    awk -v v="$value" '
      /^amount:/ { inamount = 1; print; next }
      inamount && /^  value:/ { print "  value: " v; inamount = 0; next }
      /^[^ #]/ { inamount = 0 }
      { print }' "$file" >"$tmp"
  else
    awk -v k="$key" -v v="$value" '
      index($0, k ": ") == 1 { print k ": " v; next }
      { print }' "$file" >"$tmp"
  fi
  mv "$tmp" "$file"
}

# The current files, kept aside; the history is played forward from each
# deal's first state.
keep=$(mktemp -d)
trap 'rm -rf "$keep"' EXIT
cp -R deals "$keep/"

# A deal that appears in history.tsv only later is not in the first commit.
declare -A first_date
while IFS=$'\t' read -r date file key value author; do
  case $date in ''|'#'*) continue ;; esac
  if [ -z "${first_date[$file]:-}" ]; then first_date[$file]=$date; fi
done <"$here/history.tsv"

commit() { # commit DATE AUTHOR MESSAGE
  GIT_AUTHOR_DATE="$1T17:00:00Z" GIT_COMMITTER_DATE="$1T17:00:00Z" \
    git -c user.name="$2" commit -q --allow-empty -m "$3"
}

# The first commit: the configuration, and every deal that history.tsv
# does not introduce later.
for f in deals/*.yaml; do
  if [ -n "${first_date[$(basename "$f")]:-}" ]; then rm "$f"; fi
done
git add -A
commit 2026-06-01 "Margaret Okafor" "Start the deals repository"

# Each line of history.tsv is one change; the lines of one date and file
# are one commit. The first line of a file adds it from the current copy
# with its fields as they were.
prev=""
msg=""
flush() {
  if [ -n "$prev" ]; then
    git add -A
    commit "${prev%%|*}" "$author_of" "$msg"
  fi
}
while IFS=$'\t' read -r date file key value author; do
  case $date in ''|'#'*) continue ;; esac
  if [ "$date|$file" != "$prev" ]; then
    flush
    prev="$date|$file"
    author_of=$author
    msg="${file%.yaml}: $key $value"
  else
    msg="$msg, $key $value"
  fi
  if [ ! -e "deals/$file" ]; then
    cp "$keep/deals/$file" "deals/$file"
    msg="${file%.yaml}: new at $value"
  fi
  set_field "deals/$file" "$key" "$value"
done <"$here/history.tsv"
flush

# Today's files, exactly as in examples/.
rm -rf deals
cp -R "$keep/deals" deals
git add -A
commit 2026-11-30 "Margaret Okafor" "The deals as of the end of November"
echo "replayed $(git rev-list --count HEAD) commits into $dir"
