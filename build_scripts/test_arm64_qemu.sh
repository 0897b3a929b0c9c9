#!/usr/bin/env bash
# Build and prove the arm64 Linux package under emulation, from scratch, on an x86-64 Debian
# machine: no arm64 hardware and no GitHub needed. Not run in CI (it takes an hour or more).
#
#   sudo build_scripts/test_arm64_qemu.sh [WORK]      (WORK: /var/tmp/nianbao-arm64)
#
# 1. debootstrap a Debian 12 "bookworm" arm64 build root (glibc 2.36), install Python 3.11 and
#    the pinned dependencies with requirements/constraints-arm64.txt (PySide6 6.8.0.2);
# 2. build.py --arch arm64 in it: PyInstaller, prune, the smoke test (--version, check, export
#    .docx/.html, import, next, merge, --smoke-test offscreen), size check against
#    build_scripts/size-baseline-linux-arm64.txt, .zip, .tar.gz, .deb;
# 3. debootstrap a CLEAN bookworm arm64 root (minbase: no Python, no Qt, no X libraries),
#    `apt install ./nianbao_VERSION_arm64.deb` there (apt pulls only the .deb's Depends), run the
#    installed `nianbao` the way users do (the same commands offscreen), then the xcb platform
#    plugin: `--smoke-test` and one window on an Xvfb display with a screenshot
#    (WORK/out/arm64-window.png);
# 4. the whole test suite in the build root (NIANBAO_TEST_SLOWDOWN scales its time limits; on two
#    cores with pytest-xdist: an emulated process per core).
#
# The two debootstraps run side by side (the clean root's in the background from the start).
# Needs root and, on the host: qemu-user-static binfmt-support debootstrap xvfb imagemagick
# xdotool (apt-get install -y ...). Environment: MIRROR (Debian mirror, default
# http://deb.debian.org/debian), NICE (niceness of the emulated work, default 19), SKIP_TESTS=1
# (leave out step 4), RECORD_SIZE=1 (record the zip size as the arm64 baseline; the new
# baseline file is copied to WORK/out/), REUSE_BUILD_ROOT=1 (keep WORK/build-root and its venv
# from an earlier run, for a re-run after a later step failed: the source is still copied anew
# and pip brings the venv up to date; the build output and the clean root are made anew).
# Every step's time is printed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(realpath -m "${1:-/var/tmp/nianbao-arm64}")"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
NICE="${NICE:-19}"
SUITE=bookworm
BUILD_ROOT="$WORK/build-root"
CLEAN_ROOT="$WORK/clean-root"
OUT="$WORK/out"
DISPLAY_NUM=""
# What the build needs besides Python: binutils (strip, objdump), the libraries QtCore/QtGui/
# QtWidgets and the offscreen and xcb platform plugins load (PyInstaller bundles the xcb-util and
# xkbcommon ones from here; read off `objdump -p` of libqxcb.so, libQt6XcbQpa and libQt6Gui),
# and a CJK font for the tests.
# libpython3.11: PyInstaller bundles the shared libpython (Debian's python3 is linked statically).
BUILD_PACKAGES="python3,python3-venv,libpython3.11,binutils,ca-certificates,libegl1,libgl1,libglib2.0-0,\
libfontconfig1,libfreetype6,libdbus-1-3,libxkbcommon0,libxkbcommon-x11-0,libx11-6,libx11-xcb1,\
libxcb1,libxcb-cursor0,libxcb-icccm4,libxcb-image0,libxcb-keysyms1,libxcb-randr0,\
libxcb-render-util0,libxcb-render0,libxcb-shape0,libxcb-shm0,libxcb-sync1,libxcb-xfixes0,\
libxcb-xkb1,fonts-noto-cjk"

TIMES=()
log() { echo "[$(date -u +%H:%M:%S)] $*"; }
fail() { log "FAIL: $*" >&2; exit 1; }
timed() {
    local name="$1" started=$SECONDS
    shift
    log "==> $name"
    "$@"
    TIMES+=("$(printf '%-44s %5d s' "$name" $((SECONDS - started)))")
    log "    $name: ok ($((SECONDS - started)) s)"
}

# --- the host ---------------------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot)"
for tool in debootstrap chroot Xvfb import xdotool git; do
    command -v "$tool" >/dev/null || fail "$tool not found (see the header of this script)"
done
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if ! grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
    update-binfmts --enable qemu-aarch64 || fail "no aarch64 interpreter: install qemu-user-static"
fi
# The F flag: the kernel keeps the interpreter open, so it works inside the chroots as well.
grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || fail "qemu-aarch64 is registered without the F (fix binary) flag"

MOUNTS=()
XVFB_PID=""
APP_PID=""
CLEAN_BOOTSTRAP_PID=""
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null || true
    done
    MOUNTS=()
}
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
    [ -n "$CLEAN_BOOTSTRAP_PID" ] && kill -- "-$CLEAN_BOOTSTRAP_PID" 2>/dev/null || true
    unmount_all
}
trap cleanup EXIT

# Mount what programs in a root need (/proc, /dev) and resolve names for apt and pip.
enter() {
    local root="$1"
    mount -t proc proc "$root/proc" && MOUNTS+=("$root/proc")
    mount --bind /dev "$root/dev" && MOUNTS+=("$root/dev")
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    # The host's CA bundle for pip: a host behind a TLS-inspecting proxy trusts the proxy's CA,
    # the fresh root does not (on other hosts this is just Debian's bundle).
    mkdir -p "$root/etc/ssl"
    cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/host-ca-certificates.crt"
}
# Run a command in a root with a clean environment (nothing from the host's Python or Qt).
in_root() {
    local root="$1"
    shift
    nice -n "$NICE" chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        PIP_CERT=/etc/ssl/host-ca-certificates.crt "$@"
}

reusing() { [ "${REUSE_BUILD_ROOT:-}" = 1 ] && [ -x "$BUILD_ROOT/usr/bin/python3" ]; }
reusing_venv() { reusing && [ -x "$BUILD_ROOT/opt/venv/bin/python" ]; }

fresh_work() {
    if grep -q " $WORK/" /proc/mounts; then
        fail "something is still mounted under $WORK (umount it first)"
    fi
    if reusing; then
        rm -rf "$BUILD_ROOT/build-out"
    else
        rm -rf "$BUILD_ROOT"
    fi
    rm -rf "$CLEAN_ROOT" "$OUT"
    mkdir -p "$OUT"
}

# --- 1. the build root ----------------------------------------------------------------------

bootstrap_build_root() {
    if reusing; then
        log "    REUSE_BUILD_ROOT=1: keeping the build root of an earlier run's debootstrap"
        enter "$BUILD_ROOT"
        # What this version of the script lists and the earlier root may lack.
        in_root "$BUILD_ROOT" apt-get update -qq
        in_root "$BUILD_ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends ${BUILD_PACKAGES//,/ } | tail -n 1
    else
        debootstrap_build_root
        enter "$BUILD_ROOT"
    fi
    local machine
    machine="$(in_root "$BUILD_ROOT" uname -m)"
    [ "$machine" = aarch64 ] || fail "the build root runs as $machine, not aarch64"
    # sed, not head: head would close the pipe early and SIGPIPE fail the step under pipefail.
    in_root "$BUILD_ROOT" ldd --version | sed -n 1p
    in_root "$BUILD_ROOT" python3 --version
}

debootstrap_build_root() {
    nice -n "$NICE" debootstrap --arch=arm64 --variant=minbase --include="$BUILD_PACKAGES" \
        "$SUITE" "$BUILD_ROOT" "$MIRROR" >"$OUT/debootstrap-build.log" 2>&1 \
        || { tail -n 30 "$OUT/debootstrap-build.log"; fail "debootstrap of the build root"; }
}

copy_source() {
    # The checkout as it is (tracked and new files, uncommitted changes included), not .venv/out.
    # Anew on REUSE_BUILD_ROOT=1 too: the earlier venv's editable install reads /src.
    rm -rf "$BUILD_ROOT/src"
    mkdir -p "$BUILD_ROOT/src"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' file; do [ ! -e "$file" ] || printf '%s\0' "$file"; done \
        | tar --null -T - -cf -) | tar -xf - -C "$BUILD_ROOT/src"
    log "    source: $(git -C "$ROOT" describe --always --dirty)"
}

install_deps() {
    if reusing_venv; then
        log "    REUSE_BUILD_ROOT=1: the earlier run's venv, brought up to date"
    else
        in_root "$BUILD_ROOT" python3 -m venv /opt/venv
    fi
    pip_install
    in_root "$BUILD_ROOT" /opt/venv/bin/python -c \
        "import platform, PySide6; print('PySide6', PySide6.__version__, 'on', platform.machine())"
}

pip_install() {
    in_root "$BUILD_ROOT" sh -c 'cd /src && /opt/venv/bin/pip install -q --disable-pip-version-check \
        -c requirements/constraints-arm64.txt -e ".[test,build]"'
}

build_package() {
    local record=()
    [ "${RECORD_SIZE:-}" = 1 ] && record=(--record-size)
    in_root "$BUILD_ROOT" sh -c "cd /src && /opt/venv/bin/python build_scripts/build.py \
        --arch arm64 --out /build-out --smoke-timeout 1800 ${record[*]:-}" \
        | tee "$OUT/build.log"
    cp "$BUILD_ROOT"/build-out/nianbao[-_]* "$OUT/"
    if [ "${RECORD_SIZE:-}" = 1 ]; then
        cp "$BUILD_ROOT/src/build_scripts/size-baseline-linux-arm64.txt" "$OUT/"
    fi
    ls -l "$OUT"/nianbao[-_]*
}

# --- 3. a clean root: install the .deb, run it as users do, one window ------------------------

start_clean_root() {
    # In the background from the start: it needs nothing from the build.
    # Its own process group (setsid), so that a failure elsewhere can stop all of it.
    setsid nice -n "$NICE" debootstrap --arch=arm64 --variant=minbase "$SUITE" "$CLEAN_ROOT" \
        "$MIRROR" >"$OUT/debootstrap-clean.log" 2>&1 &
    CLEAN_BOOTSTRAP_PID=$!
}

bootstrap_clean_root() {
    local status=0
    wait "$CLEAN_BOOTSTRAP_PID" || status=$?
    CLEAN_BOOTSTRAP_PID=""
    if [ "$status" -ne 0 ]; then
        tail -n 30 "$OUT/debootstrap-clean.log"
        fail "debootstrap of the clean root (exit $status)"
    fi
    enter "$CLEAN_ROOT"
    if in_root "$CLEAN_ROOT" sh -c 'command -v python3' >/dev/null; then
        fail "the clean root has a python3"
    fi
}

install_deb() {
    DEB="$(ls "$OUT"/nianbao_*_arm64.deb)"
    cp "$DEB" "$CLEAN_ROOT/tmp/"
    in_root "$CLEAN_ROOT" apt-get update -qq
    in_root "$CLEAN_ROOT" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q "/tmp/$(basename "$DEB")" | tail -n 5
    in_root "$CLEAN_ROOT" dpkg-query -W -f '${Package} ${Version} ${Architecture} ${Status}\n' nianbao
    [ "$(in_root "$CLEAN_ROOT" readlink -f /usr/bin/nianbao)" = /opt/nianbao/nianbao ] \
        || fail "nianbao is not on PATH"
}

smoke_installed() {
    mkdir -p "$CLEAN_ROOT/tmp/smoke"
    cp "$ROOT/resources/examples/yanchi-2022.nianbao" "$CLEAN_ROOT/tmp/smoke/样例.nianbao"
    sed 's/"org_name": *"[^"]*"/"org_name": "另一单位"/' \
        "$ROOT/resources/examples/yanchi-2022.nianbao" >"$CLEAN_ROOT/tmp/smoke/另一单位.nianbao"
    # /bin/sh of the clean root (no Python there): the commands build.py's smoke test runs.
    in_root "$CLEAN_ROOT" env QT_QPA_PLATFORM=offscreen NIANBAO_DATA_DIR=/tmp/smoke/data \
        HOME=/tmp/smoke sh -euc '
        # -e: every command and [ ] below stops the script when it fails.
        cd /tmp/smoke
        nianbao --version
        nianbao check 样例.nianbao >/dev/null
        echo "check: ok"
        nianbao export 样例.nianbao -o 样例.docx
        [ "$(head -c 2 样例.docx)" = PK ]
        echo "export .docx: $(wc -c <样例.docx) bytes"
        nianbao export 样例.nianbao -o 样例.html
        grep -q "<table" 样例.html
        echo "export .html: $(wc -c <样例.html) bytes"
        nianbao import 样例.docx -o 导入.nianbao
        [ -s 导入.nianbao ]
        echo "import (docx): ok"
        nianbao next 样例.nianbao -o 下一年度.nianbao
        [ -s 下一年度.nianbao ]
        echo "next: ok"
        nianbao merge 样例.nianbao 另一单位.nianbao -o 汇总.nianbao --org 汇总测试 \
            --level 市级 --kind 人民政府 --breakdown 明细.xlsx
        [ -s 汇总.nianbao ]
        [ "$(head -c 2 明细.xlsx)" = PK ]
        echo "merge (with .xlsx breakdown): ok"
        nianbao --smoke-test
        echo "--smoke-test (offscreen): ok"
    '
}

window_under_xvfb() {
    # A desktop always has a Chinese font; the .deb does not depend on one.
    in_root "$CLEAN_ROOT" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends fonts-noto-cjk | tail -n 1
    # Xvfb runs natively on the host; the emulated app connects through the bind-mounted socket.
    for DISPLAY_NUM in $(seq 90 199); do
        [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] || [ -e "/tmp/.X$DISPLAY_NUM-lock" ] || break
    done
    Xvfb ":$DISPLAY_NUM" -screen 0 1366x768x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
    XVFB_PID=$!
    local i
    for i in $(seq 50); do [ -S "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.2; done
    mkdir -p "$CLEAN_ROOT/tmp/.X11-unix"
    mount --bind /tmp/.X11-unix "$CLEAN_ROOT/tmp/.X11-unix" && MOUNTS+=("$CLEAN_ROOT/tmp/.X11-unix")
    local env=(env QT_QPA_PLATFORM=xcb DISPLAY=":$DISPLAY_NUM" HOME=/tmp/win
        NIANBAO_DATA_DIR=/tmp/win/data XDG_CONFIG_HOME=/tmp/win/config
        XDG_RUNTIME_DIR=/tmp/win/run)
    mkdir -p "$CLEAN_ROOT/tmp/win/run" && chmod 700 "$CLEAN_ROOT/tmp/win/run"
    in_root "$CLEAN_ROOT" "${env[@]}" nianbao --smoke-test
    log "    --smoke-test (xcb): ok"
    in_root "$CLEAN_ROOT" "${env[@]}" nianbao /tmp/smoke/样例.nianbao >"$OUT/window.log" 2>&1 &
    APP_PID=$!
    local shown=""
    for i in $(seq 600); do
        kill -0 "$APP_PID" 2>/dev/null || { cat "$OUT/window.log"; fail "the app exited"; }
        if DISPLAY=":$DISPLAY_NUM" xdotool search --onlyvisible --name 年报 >/dev/null 2>&1; then
            shown=yes
            break
        fi
        sleep 1
    done
    [ -n "$shown" ] || fail "no window named 年报 within 600 s"
    log "    window shown after about $i s"
    # Let the first paint of the tables finish before the screenshot.
    sleep 20
    local wid
    for wid in $(DISPLAY=":$DISPLAY_NUM" xdotool search --onlyvisible --name 年报); do
        log "    window $wid: $(DISPLAY=":$DISPLAY_NUM" xdotool getwindowname "$wid"), \
$(DISPLAY=":$DISPLAY_NUM" xdotool getwindowgeometry "$wid" | tail -n 1 | xargs)"
    done
    DISPLAY=":$DISPLAY_NUM" import -window root "$OUT/arm64-window.png"
    log "    screenshot: $OUT/arm64-window.png"
    kill "$APP_PID" && wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    if grep -Ei 'could not (load|connect)|xcb.*(fail|error)|Traceback' "$OUT/window.log"; then
        fail "the app logged errors (above)"
    fi
}

# --- 4. the test suite in the build root -----------------------------------------------------

test_suite() {
    in_root "$BUILD_ROOT" env QT_QPA_PLATFORM=offscreen NIANBAO_TEST_SLOWDOWN=20 \
        sh -c 'cd /src && /opt/venv/bin/python -m pytest -q -p no:cacheprovider -n 2' \
        | tee "$OUT/tests.log" | tail -n 15
}

STARTED=$SECONDS
log "arm64 under qemu: work folder $WORK, mirror $MIRROR, nice $NICE"
timed "fresh work folder" fresh_work
start_clean_root
timed "debootstrap build root (bookworm arm64)" bootstrap_build_root
timed "copy the source" copy_source
timed "pip install (constraints-arm64.txt)" install_deps
timed "build.py --arch arm64 (with smoke test)" build_package
timed "debootstrap clean root (minbase; waited for)" bootstrap_clean_root
timed "apt install ./nianbao_*_arm64.deb" install_deb
timed "installed nianbao, commands offscreen" smoke_installed
timed "installed nianbao, window under Xvfb" window_under_xvfb
if [ "${SKIP_TESTS:-}" != 1 ]; then
    timed "test suite in the build root" test_suite
fi
unmount_all
echo
log "ALL ARM64 CHECKS PASSED in $((SECONDS - STARTED)) s"
printf '  %s\n' "${TIMES[@]}"
ls -l "$OUT"/nianbao[-_]* "$OUT/arm64-window.png"
