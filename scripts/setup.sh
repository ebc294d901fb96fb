#!/usr/bin/env bash
# Installs what Liandong needs and is missing: GLPK (Debian's libglpk-dev). Idempotent.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift is not installed (https://www.swift.org/install/); Liandong needs Swift 6.1 or later" >&2
  exit 1
fi
if [ ! -f /usr/include/glpk.h ]; then
  echo "setup: installing GLPK (libglpk-dev) with apt-get" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libglpk-dev >/dev/null
fi
