#!/usr/bin/env bash
# Builds the libFuzzer harness (Fuzz/, target FuzzInput) and runs it.
#
#   scripts/fuzz.sh [RUNS] [SECONDS]
#
# RUNS executions (default 500000), stopping early after SECONDS (default: no limit) or at the
# first crash. The corpus starts as a copy of the seeds in a temporary directory (the seeds
# themselves are never changed): Tests/LiandongTests/Fixtures/{valid,invalid,golden,crashers}
# (but the crashers/hang-… inputs, which would only stop the run), datasets/wenchang-week.json
# and Fuzz/seeds, plus every file of FUZZ_CORPUS (a directory, e.g. an earlier run's corpus).
# Mutations use the dictionary Fuzz/liandong.dict. A crash, a failed oracle or a hang (more
# than FUZZ_TIMEOUT seconds on one input, default 60) leaves its input in the run's artifacts/.
# Environment: FUZZ_SCRATCH (build directory, default .build-fuzzer), FUZZ_TIMEOUT, FUZZ_CORPUS.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-500000}
seconds=${2:-0}
scratch=${FUZZ_SCRATCH:-$root/.build-fuzzer}
max_len=65536

echo "fuzz: building Fuzz/ (release, -sanitize=fuzzer) in $scratch" >&2
(cd Fuzz && swift build -c release --sanitize=fuzzer --scratch-path "$scratch" >&2)
bin="$scratch/release/FuzzInput"

work=$(mktemp -d "${TMPDIR:-/tmp}/liandong-fuzz.XXXXXX")
mkdir -p "$work/corpus" "$work/artifacts"
fixtures=Tests/LiandongTests/Fixtures
for f in "$fixtures"/valid/* "$fixtures"/invalid/* "$fixtures"/golden/*.json "$fixtures"/crashers/* \
         datasets/wenchang-week.json Fuzz/seeds/*; do
  [ -f "$f" ] || continue
  case "$f" in *README.md | */crashers/hang-*) continue ;; esac
  name="$work/corpus/$(echo "$f" | tr '/' '_')"
  # libFuzzer cuts seeds at -max_len: write long JSON documents compactly instead.
  if [ "$(wc -c <"$f")" -gt "$max_len" ] && python3 -c 'import json, sys
json.dump(json.load(open(sys.argv[1], encoding="utf-8")), open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, separators=(",", ":"))' "$f" "$name" 2>/dev/null; then
    continue
  fi
  cp "$f" "$name"
done
if [ -n "${FUZZ_CORPUS:-}" ]; then
  find "$FUZZ_CORPUS" -maxdepth 1 -type f -exec cp -t "$work/corpus" {} +
fi
seeds=$(ls "$work/corpus" | wc -l)
echo "fuzz: $seeds seed files in $work/corpus; log in $work/fuzz.log" >&2

# Swift's own backtracer would catch the trap before libFuzzer could save the input.
set +e
SWIFT_BACKTRACE=enable=no "$bin" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-60}" \
  -rss_limit_mb=4096 -print_final_stats=1 -dict="$root/Fuzz/liandong.dict" \
  -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
status=$?
set -e

# The final statistics; after a crash, the last progress line's count.
executions=$(awk '/stat::number_of_executed_units/ {n = $2} END {print n}' "$work/fuzz.log")
[ -n "$executions" ] || executions=$(grep -o '^#[0-9]*' "$work/fuzz.log" | tail -n 1 | tr -d '#')
elapsed=$(awk '/^Done [0-9]+ runs in/ {print $(NF-1)}' "$work/fuzz.log")
corpus=$(ls "$work/corpus" | wc -l)
crashes=$(ls "$work/artifacts" | wc -l)
tail -n 25 "$work/fuzz.log" >&2
echo "fuzz: executions ${executions:-0} in ${elapsed:-?}s; corpus $seeds -> $corpus files; artifacts $crashes (exit $status)"
if [ "$crashes" -gt 0 ]; then
  ls -la "$work/artifacts"
  echo "fuzz: reproduce with $bin ARTIFACT; minimise with $bin -minimize_crash=1 -runs=10000 ARTIFACT"
fi
exit "$status"
