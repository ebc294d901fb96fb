#!/usr/bin/env bash
# Installs what is missing, builds the release binary and puts `liandong` on PATH:
# /usr/local/bin when run as root (or with sudo), else ~/.local/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)/liandong"
if [ "$(id -u)" -eq 0 ]; then target=/usr/local/bin; else target="$HOME/.local/bin"; mkdir -p "$target"; fi
install -m 0755 "$bin" "$target/liandong"
echo "installed: $target/liandong ($("$target/liandong" --version))"
case ":$PATH:" in *":$target:"*) ;; *) echo "add $target to PATH: export PATH=\"$target:\$PATH\"" ;; esac
