#!/usr/bin/env bash
# Install the .deb built by build.py, run the installed app the way users do, remove it and
# check that nothing is left. Needs root (it really installs the package). Not run in CI.
#
#   build_scripts/test_deb.sh out/nianbao_<version>_amd64.deb
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEB="$(realpath "$1")"
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
WORK="$(mktemp -d /tmp/nianbao-deb.XXXXXX)"
trap 'rm -rf "$WORK"; dpkg -r nianbao >/dev/null 2>&1 || true' EXIT
cd "$WORK"

dpkg -s nianbao >/dev/null 2>&1 && fail "nianbao is already installed; remove it first"
FILES_BEFORE="$(find /usr/share/applications /usr/share/mime /usr/share/icons /usr/bin /opt \
    -name '*nianbao*' 2>/dev/null | sort)"

dpkg -i "$DEB"
[ "$(readlink -f "$(command -v nianbao)")" = /opt/nianbao/nianbao ] || fail "nianbao not on PATH"
pass "nianbao on PATH -> /opt/nianbao/nianbao"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/nianbao.desktop || fail "invalid desktop entry"
    pass "desktop-file-validate"
fi
grep -qx 'Name=年报' /usr/share/applications/nianbao.desktop || fail "desktop entry not named 年报"
pass "desktop entry 年报"
cp "$ROOT/resources/examples/yanchi-2022.nianbao" "$WORK/样例.nianbao"
if command -v xdg-mime >/dev/null; then
    [ "$(xdg-mime query filetype "$WORK/样例.nianbao")" = application/x-nianbao ] \
        || fail ".nianbao is not application/x-nianbao"
    pass ".nianbao files are application/x-nianbao"
fi
grep -q 'application/x-nianbao=nianbao.desktop' /usr/share/applications/mimeinfo.cache \
    || fail "desktop entry not registered for application/x-nianbao"
pass "desktop entry opens application/x-nianbao"

export QT_QPA_PLATFORM=offscreen NIANBAO_DATA_DIR="$WORK/data"
nianbao --version
nianbao check "$WORK/样例.nianbao" >/dev/null || fail "nianbao check failed"
pass "nianbao check"
if nianbao --help | grep -q ' export'; then
    nianbao export "$WORK/样例.nianbao" -o "$WORK/样例.docx"
    [ -s "$WORK/样例.docx" ] || fail "export wrote nothing"
    pass "nianbao export -> $(stat -c %s "$WORK/样例.docx") bytes"
fi
nianbao --smoke-test || fail "nianbao --smoke-test failed"
pass "nianbao --smoke-test"

dpkg -r nianbao
FILES_AFTER="$(find /usr/share/applications /usr/share/mime /usr/share/icons /usr/bin /opt \
    -name '*nianbao*' 2>/dev/null | sort)"
[ "$FILES_AFTER" = "$FILES_BEFORE" ] || fail "left behind: $FILES_AFTER"
[ ! -e /opt/nianbao ] || fail "/opt/nianbao left behind"
grep -q nianbao /usr/share/mime/globs2 && fail "MIME type still registered"
grep -q nianbao /usr/share/applications/mimeinfo.cache && fail "desktop entry still registered"
pass "dpkg -r removed everything (files, MIME type, desktop registration)"
echo "ALL DEB CHECKS PASSED"
