#!/usr/bin/env bash
# Builds the DocC documentation of the Liandong library (Sources/Liandong/Liandong.docc) into
# .build/docs with the docc that ships with the Swift toolchain; fails on any broken link
# (a symbol the catalog names that is not in the public API). Run: bash scripts/docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
docc=$(command -v docc || echo "$(dirname "$(readlink -f "$(command -v swift)")")/docc")
if [ ! -x "$docc" ]; then
  echo "docs.sh: SKIPPED: no docc beside this Swift toolchain (it ships with Swift 5.9 and later)" >&2
  exit 0
fi
symbols=.build/symbol-graphs
rm -rf "$symbols" && mkdir -p "$symbols"
# Its own scratch path: other compiler flags would make the next plain `swift build` start over.
log=.build/docs-build.log
mkdir -p .build
if ! swift build --scratch-path .build/docs-build --target Liandong -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$symbols" \
    -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "docs.sh: building the library's symbol graphs failed (the whole log: $log)" >&2
  exit 1
fi
"$docc" convert Sources/Liandong/Liandong.docc \
    --additional-symbol-graph-dir "$symbols" \
    --fallback-display-name Liandong --fallback-bundle-identifier org.liandong.Liandong \
    --output-path .build/docs --warnings-as-errors
echo "docs: .build/docs (open index.html through a web server, or: docc preview)"
