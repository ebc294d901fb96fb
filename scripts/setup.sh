#!/usr/bin/env bash
# Installs what Liandong needs and is missing: GLPK (libglpk-dev) and SQLite (libsqlite3-dev);
# with --with-browser also chromium and a Chinese font, for the HTML report's browser test. Idempotent.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift is not installed (https://www.swift.org/install/); Liandong needs Swift 6.1 or later" >&2
  exit 1
fi
missing=()
[ -f /usr/include/glpk.h ] || missing+=(libglpk-dev)          # the exact solver
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)    # the store (GRDB)
if [ "${1:-}" = "--with-browser" ]; then                        # the report's browser test
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ] || missing+=(fonts-wqy-microhei)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
