#!/usr/bin/env bash
# Prove installer.nsi on Linux: compile it around a bundle (the Linux one stands in for the
# Windows payload) and install, upgrade and uninstall it silently under 64-bit wine.
# Not run in CI: wine is large and slow. Needs: apt-get install -y nsis wine wine64
#
#   build_scripts/test_installer_wine.sh [BUNDLE_DIR]
#
# Without BUNDLE_DIR it uses out/dist/nianbao (run build_scripts/build.py first).
# wine cannot start the Qt 6 app itself (no icuuc.dll), so only the installer is tested here.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUNDLE="$(realpath "${1:-$ROOT/out/dist/nianbao}")"
WINE64="$(command -v wine64 || echo /usr/lib/wine/wine64)"
WINESERVER="$(command -v wineserver || echo /usr/lib/wine/wineserver)"
[ -d "$BUNDLE" ] || { echo "no bundle at $BUNDLE: run build_scripts/build.py first" >&2; exit 2; }
[ -x "$WINE64" ] || { echo "wine64 not found: apt-get install -y wine wine64" >&2; exit 2; }

WORK="$(mktemp -d /tmp/nianbao-wine.XXXXXX)"
trap '"$WINESERVER" -k 2>/dev/null || true; rm -rf "$WORK"' EXIT
# A throw-away HOME and prefix: wine writes menu entries and links under HOME.
export HOME="$WORK/home" WINEPREFIX="$WORK/home/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree,mshtml=" DISPLAY=""
mkdir -p "$HOME"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
wine_run() { "$WINE64" "$@"; "$WINESERVER" -w; }
winpath() { "$WINE64" winepath -u "$1" 2>/dev/null | tr -d '\r'; }
reg_has() { "$WINE64" reg query "$1" >/dev/null 2>&1; }

echo "== compile"
"$PYTHON" "$ROOT/build_scripts/build.py" --installer-only "$BUNDLE" --out "$WORK/out"
SETUP="$(ls "$WORK"/out/nianbao-*-setup.exe)"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/desktop/__init__.py")"
"$PYTHON" - "$SETUP" "$VERSION" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
for text in ("ProductName", "年报", "ProductVersion", sys.argv[2], "年报项目组"):
    if text.encode("utf-16-le") not in data:
        sys.exit(f"FAIL: setup.exe file properties lack {text!r}")
print("ok: setup.exe file properties hold 年报, version " + sys.argv[2])
EOF

echo "== prefix"
wine_run wineboot --init >/dev/null 2>&1
USER="${USER:-$(id -un)}"
LOCAL="$(winpath "C:\\users\\$USER\\AppData\\Local")"
INSTDIR="$LOCAL/Programs/Nianbao"
STARTMENU="$(winpath "C:\\users\\$USER\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs")/年报"
DESKTOP="$(winpath "C:\\users\\$USER\\Desktop")"
DOCS="$(winpath "C:\\users\\$USER\\Documents")"

check_installed() {
    local missing=0 rel
    while IFS= read -r rel; do
        [ -e "$INSTDIR/$rel" ] || { echo "missing $rel"; missing=$((missing + 1)); }
    done < <(cd "$BUNDLE" && find . \( -type f -o -type l \) | sed 's|^\./||')
    [ "$missing" -eq 0 ] || fail "$missing bundle files not installed"
    pass "all $(cd "$BUNDLE" && find . \( -type f -o -type l \) | wc -l) bundle files in $INSTDIR"
    [ -f "$INSTDIR/uninstall.exe" ] || fail "no uninstall.exe"
    [ -f "$STARTMENU/年报.lnk" ] || fail "no Start-menu shortcut 年报"
    [ -f "$STARTMENU/卸载年报.lnk" ] || fail "no Start-menu shortcut 卸载年报"
    [ -f "$DESKTOP/年报.lnk" ] || fail "no desktop shortcut 年报"
    pass "shortcuts 开始菜单/年报/年报.lnk, 卸载年报.lnk, 桌面/年报.lnk"
    "$WINE64" reg query 'HKCU\Software\Classes\.nianbao' | tr -d '\r' | grep -q 'Nianbao.Report' \
        || fail ".nianbao not associated"
    "$WINE64" reg query 'HKCU\Software\Classes\Nianbao.Report\shell\open\command' | tr -d '\r' \
        | grep -qi 'nianbao.exe" "%1"' || fail "open command missing"
    "$WINE64" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Nianbao' \
        | tr -d '\r' | grep -q "$VERSION" || fail "no Apps & features entry with version"
    pass "registry: .nianbao -> Nianbao.Report, open command, uninstall entry $VERSION"
    [ ! -e "$(winpath 'C:\Program Files\Nianbao')" ] || fail "wrote to Program Files"
    if "$WINE64" reg query 'HKLM\Software\Classes\.nianbao' >/dev/null 2>&1; then
        fail "wrote the association to HKLM"
    fi
    pass "nothing under Program Files or HKLM (per-user install)"
}

echo "== silent install"
wine_run "$SETUP" /S
check_installed

echo "== user reports"
mkdir -p "$DOCS"
echo '{"report": "mine"}' > "$DOCS/盐池县2023年报.nianbao"
echo '{"report": "kept"}' > "$INSTDIR/放错位置的报告.nianbao"

echo "== silent reinstall over the old version (upgrade path)"
wine_run "$SETUP" /S
check_installed
[ -f "$INSTDIR/放错位置的报告.nianbao" ] || fail "upgrade deleted a user report"
pass "upgrade kept the user's report"

echo "== silent uninstall"
wine_run "$INSTDIR/uninstall.exe" /S
# The uninstaller copies itself to %TEMP% and exits at once; wineserver -w waited for the copy.
left="$(cd "$INSTDIR" 2>/dev/null && find . \( -type f -o -type l \) | sed 's|^\./||' || true)"
[ "$left" = "放错位置的报告.nianbao" ] || fail "after uninstall the folder holds: $left"
pass "uninstall removed every installed file, kept 放错位置的报告.nianbao"
[ -f "$DOCS/盐池县2023年报.nianbao" ] || fail "uninstall deleted Documents report"
pass "Documents report untouched"
[ ! -e "$STARTMENU" ] || fail "Start-menu folder left behind"
[ ! -e "$DESKTOP/年报.lnk" ] || fail "desktop shortcut left behind"
pass "shortcuts removed"
for key in 'HKCU\Software\Classes\.nianbao' 'HKCU\Software\Classes\Nianbao.Report' \
    'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Nianbao' 'HKCU\Software\Nianbao'; do
    if reg_has "$key"; then fail "registry key left behind: $key"; fi
done
pass "registry keys removed"

echo "== uninstall of a clean install removes the folder too"
rm -f "$INSTDIR/放错位置的报告.nianbao"
wine_run "$SETUP" /S
wine_run "$INSTDIR/uninstall.exe" /S
[ ! -e "$INSTDIR" ] || fail "install folder left behind: $(ls -A "$INSTDIR")"
pass "install folder gone"

echo "ALL WINE INSTALLER CHECKS PASSED ($SETUP, $(du -m "$SETUP" | cut -f1) MiB)"
