#!/usr/bin/env bash
# CI: freeze the app with the committed spec and smoke-test the frozen program (--version,
# export of the bundled example, --smoke-test offscreen) and check the zip size, so a missing
# data file or hidden import breaks CI instead of a user's installation.
#
#   PYTHON=/path/to/venv/bin/python build_scripts/ci_frozen.sh
#
# Needs PyInstaller in that Python. Takes about a minute on 2 cores; leaves nothing behind.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
OUT="$(mktemp -d /tmp/nianbao-frozen.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT

"$PYTHON" "$ROOT/build_scripts/build.py" --out "$OUT" --no-packages
