#!/usr/bin/env bash
# Response time of `suggest` and `explain` (nearest fixes) on a street week, against `validate`
# of the same week as the baseline measured in the same run (the machine is shared: read ratios).
# Usage: bash Benchmarks/advice.sh [RUNS]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
swift build -c release >/dev/null
L=.build/release/liandong
dir=$(mktemp -d)
$L generate --scale street --seed 1 -o "$dir/street.json"
$L plan "$dir/street.json" --time-limit 10 --quiet -o "$dir/plan.json" || true
read -r need member unserved < <(python3 -c "
import json; p = json.load(open('$dir/plan.json'))
a = [x for x in p['assignments'] if not x.get('pinned')][5]
print(a['need'], a['people'][0]['person'], p['unserved'][0]['need'] if p['unserved'] else a['need'])")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  for _ in $(seq "$runs"); do /usr/bin/time -f "%e" "$@" >/dev/null 2>>"$dir/t" || true; tail -1 "$dir/t"; done | median
}
base=$(measure $L validate "$dir/street.json")
s=$(measure $L suggest "$dir/street.json" "$dir/plan.json" --need "$need" --instead-of "$member")
e=$(measure $L explain "$dir/street.json" "$dir/plan.json" --need "$unserved")
echo "validate (baseline) ${base}s; suggest ${s}s ($(python3 -c "print(round($s/$base,1))")x); explain ${e}s ($(python3 -c "print(round($e/$base,1))")x); target: under 2 s"
