#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole test suite, then checks the shipped
# JSON Schemas against the fixtures and the built binary's real output, and builds the library's
# DocC documentation (a broken symbol link fails).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
swift build --build-tests
swift test --skip-build "$@"
if ! python3 -c "import jsonschema, referencing" 2>/dev/null; then
  python3 -m pip install -q "jsonschema>=4.18" >/dev/null 2>&1 || true
fi
if python3 -c "import jsonschema, referencing" 2>/dev/null; then
  python3 scripts/check-schemas.py
else
  echo "test.sh: SKIPPED the schema check: the Python package jsonschema (>= 4.18) is missing and pip could not install it" >&2
fi
bash scripts/docs.sh
