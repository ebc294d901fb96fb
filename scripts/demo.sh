#!/usr/bin/env bash
# Installs what is missing, then plans the shipped demo week (Wenchang Road street, 44 needs)
# and prints it as a table; the JSON plan is written to demo-plan.json and checked.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product liandong >&2
bin="$(swift build -c release --show-bin-path)/liandong"
"$bin" plan datasets/wenchang-week.json -o demo-plan.json
"$bin" check datasets/wenchang-week.json demo-plan.json >&2
"$bin" plan datasets/wenchang-week.json --format table
