"""Build, smoke-test and package the frozen app for the current platform.

    python build_scripts/build.py [--out DIR] [--legacy] [--arch x64|arm64]

Steps: clean → PyInstaller (build_scripts/nianbao.spec) → prune → smoke-test the frozen app
(``--version``, ``export`` of the bundled example, ``--smoke-test`` offscreen) → portable zip (size
checked against build_scripts/size-baseline-<platform>.txt) → .tar.gz + .deb on Linux, NSIS
installer on Windows. Any failing step stops the build with a non-zero exit code.

``--legacy`` (Linux) is the build for glibc 2.28 (统信UOS V20, 银河麒麟 V10): right after
PyInstaller it fails, listing the files, when any bundled ELF file needs a newer glibc, and names
the artefacts ``nianbao-<version>-linux-x64-glibc2.28.{zip,tar.gz}`` and
``nianbao_<version>_glibc2.28_amd64.deb`` (``Depends: libc6 (>= 2.28)``). Only a glibc 2.28
system with requirements/constraints-legacy.txt can pass it: .github/workflows/linux-legacy.yml.

``--arch`` names the processor the artefacts are for: ``x64`` (the default on x86-64) or
``arm64`` (the default on aarch64: ``nianbao-<version>-linux-arm64.{zip,tar.gz}`` and
``nianbao_<version>_arm64.deb``, size baseline ``size-baseline-linux-arm64.txt``). PyInstaller
does not cross-compile, so it must be the machine's own processor: the arm64 build runs on an
arm64 machine or under qemu (build_scripts/test_arm64_qemu.sh) with
requirements/constraints-arm64.txt.

``--installer-only BUNDLE`` compiles just the NSIS installer around an existing bundle (used by
test_installer_wine.sh with the Linux bundle as a stand-in payload).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform as pyplatform
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

if __package__:
    from .win_version import version_tuple
else:  # run as a script: build_scripts/ is sys.path[0]
    from win_version import version_tuple

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_scripts" / "nianbao.spec"
NSI = ROOT / "build_scripts" / "installer.nsi"
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
ICON_PNG = ROOT / "resources" / "icons" / "nianbao.png"
APP = "nianbao"
DEB_PREFIX = "/opt/nianbao"
MIME_TYPE = "application/x-nianbao"
# Files that must never reach a bundle: Qt parts the app does not use (the spec filters them;
# this is the net under it, because a new PySide6 or hook version can bring them back).
FORBIDDEN = re.compile(
    r"(Qt6?(Network|Qml|Quick|OpenGLWidgets|Designer|Sql|Test|WaylandClient|WebEngine)"
    r"|/plugins/(tls|networkinformation|qmltooling|sqldrivers|wayland-[^/]+|egldeviceintegrations"
    r"|xcbglintegrations|generic)/"
    r"|/plugins/platforms/[^/]*(wayland|eglfs|vnc)"
    r"|opengl32sw\.dll"
    r"|/translations/(?![^/]*_zh_CN\.qm$)[^/]+\.qm$)",
    re.IGNORECASE,
)
SIZE_TOLERANCE = 0.10
SMOKE_TIMEOUT = 180
# Processors a build is for: the artefacts' name (``x64``, ``arm64``) -> Debian's architecture.
DEB_ARCHES = {"x64": "amd64", "arm64": "arm64"}
# platform.machine() values (Linux ``uname -m``, Windows PROCESSOR_ARCHITECTURE) -> artefact name.
MACHINES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}
# 使用说明.txt, one per platform: on Windows the window and the command line are two .exe files;
# on Linux one file, nianbao, is both (a command opens no window).
USAGE_NOTES = {
    "windows": """年报 {version}

打开软件：双击 {exe}。
“{cli}”是命令行版本，供技术人员批量导出、检查时使用，平时不需要打开它。
本文件夹可以整体复制到 U 盘或其他电脑上使用，请不要单独移动其中的文件。
报告文件（.nianbao）请保存在“文档”等自己的文件夹中，不要保存在本文件夹里。
""",
    "linux": """年报 {version}

打开软件：在文件管理器中双击本文件夹里的 {exe}，或在终端中进入本文件夹后运行 ./{exe}。
同一个 {exe} 也是命令行工具：后面跟上命令时不打开窗口，例如
  ./{exe} check 报告.nianbao          检查年报
  ./{exe} export 报告.nianbao -o 报告.docx   导出 Word 文档
运行 ./{exe} --help 查看全部命令。
本文件夹可以整体复制到 U 盘或其他电脑上使用，请不要单独移动其中的文件。
报告文件（.nianbao）请保存在自己的文件夹中（例如主目录下的“文档”），不要保存在本文件夹里。
""",
}


def usage_note(platform: str, version: str) -> str:
    """The bundle's 使用说明.txt for ``platform`` (windows / linux)."""
    gui, cli = exe_names(platform)
    return USAGE_NOTES[platform].format(version=version, exe=gui, cli=cli)


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def platform_name() -> str:
    """``windows`` or ``linux``: the suffix of artefacts and of the size baseline file."""
    if sys.platform == "win32":
        return "windows"
    if sys.platform.startswith("linux"):
        return "linux"
    raise BuildError(f"unsupported build platform {sys.platform!r} (Windows or Linux only)")


def machine_arch() -> str:
    """``x64`` or ``arm64``: the processor this Python runs on (under qemu: the emulated one)."""
    machine = pyplatform.machine().lower()
    if machine not in MACHINES:
        raise BuildError(f"unsupported processor {machine!r} (x86-64 or arm64 only)")
    return MACHINES[machine]


def check_arch(arch: str, platform: str, *, legacy: bool) -> None:
    """Refuse an ``--arch`` this machine cannot build (PyInstaller bundles the running Python and
    its libraries, so it does not cross-compile) and combinations that have no package."""
    machine = machine_arch()
    if arch != machine:
        raise BuildError(
            f"--arch {arch} on a {machine} machine: PyInstaller does not cross-compile. Build on "
            f"an {arch} machine, or for arm64 under qemu with build_scripts/test_arm64_qemu.sh"
        )
    if arch != "x64" and platform == "windows":
        raise BuildError("Windows packages are x64 only")
    if arch != "x64" and legacy:
        raise BuildError(
            "--legacy (glibc 2.28) is an x64 build; no PySide6 wheel serves glibc 2.28 arm64"
        )


def app_version() -> str:
    """``desktop.__version__`` read from the source, without importing the package."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise BuildError("desktop/__init__.py has no __version__")
    return match.group(1)


@contextmanager
def step(name: str) -> Iterator[None]:
    """Print a step's name and duration; turn any failure into a BuildError naming the step."""
    print(f"==> {name}", flush=True)
    started = time.monotonic()
    try:
        yield
    except BuildError as exc:
        raise BuildError(f"{name}: {exc}") from exc
    print(f"    {name}: ok ({time.monotonic() - started:.1f} s)", flush=True)


def run(
    cmd: Sequence[str | Path],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
    quiet: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a command; raise BuildError with its output when it fails or hangs."""
    printable = " ".join(str(c) for c in cmd)
    if not quiet:
        print(f"    $ {printable}", flush=True)
    try:
        result = subprocess.run(
            [str(c) for c in cmd],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"timed out after {timeout:.0f} s: {printable}") from exc
    except OSError as exc:
        raise BuildError(f"cannot run {printable}: {exc}") from exc
    if result.returncode != 0:
        raise BuildError(
            f"exit code {result.returncode}: {printable}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    return result


# --- clean, PyInstaller, prune -------------------------------------------------------------


def clean(out: Path) -> None:
    """Remove the previous build's work folders and artefacts from ``out``."""
    for name in ("build", "dist", "deb-root", "smoke"):
        shutil.rmtree(out / name, ignore_errors=True)
    for old in out.glob(f"{APP}[-_]*"):
        if old.is_file():
            old.unlink()
    out.mkdir(parents=True, exist_ok=True)


def pyinstaller(out: Path) -> Path:
    """Run PyInstaller on the spec; return the one-folder bundle."""
    if sys.platform != "win32" and not shutil.which("strip"):
        raise BuildError("strip not found (apt-get install -y binutils): the spec strips binaries")
    for icon in (ICON_PNG, ICON_PNG.with_suffix(".ico")):
        if not icon.is_file():
            raise BuildError(f"missing {icon.relative_to(ROOT)}; run build_scripts/make_icon.py")
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            out / "dist",
            "--workpath",
            out / "build",
            SPEC,
        ],
        cwd=ROOT,
        # Minutes natively; an emulated arm64 build (qemu-user) takes many times longer.
        timeout=4 * 3600,
    )
    bundle = out / "dist" / APP
    if not bundle.is_dir():
        raise BuildError(f"PyInstaller produced no {bundle}")
    return bundle


def bundle_files(bundle: Path) -> list[Path]:
    """Every file and symlink in the bundle, sorted (relative paths)."""
    return sorted(
        p.relative_to(bundle) for p in bundle.rglob("*") if p.is_symlink() or not p.is_dir()
    )


def forbidden_files(bundle: Path) -> list[Path]:
    """Bundle files matching FORBIDDEN."""
    return [rel for rel in bundle_files(bundle) if FORBIDDEN.search("/" + rel.as_posix())]


def exe_names(platform: str) -> tuple[str, str]:
    """(windowed app, console twin) executable names in the bundle."""
    if platform == "windows":
        return f"{APP}.exe", f"{APP}-cli.exe"
    return APP, APP


def prune(bundle: Path, platform: str, version: str) -> None:
    """Delete what the spec let through by mistake, check what must be there, add the note."""
    for rel in forbidden_files(bundle):
        print(f"    pruning {rel}")
        (bundle / rel).unlink()
    dangling = [rel for rel in bundle_files(bundle) if not (bundle / rel).exists()]
    if dangling:
        raise BuildError("dangling symlinks (fix the spec): " + ", ".join(map(str, dangling)))
    for cache in list(bundle.rglob("__pycache__")):
        shutil.rmtree(cache)
    gui, cli = exe_names(platform)
    internal = bundle / "_internal"
    # PySide6 wheels keep Qt's folders in PySide6/ on Windows and in PySide6/Qt/ on Linux.
    qt_dir = internal / "PySide6" / ("" if platform == "windows" else "Qt")
    required = [
        bundle / gui,
        bundle / cli,
        internal / "resources" / "icons" / "nianbao.png",
        qt_dir / "translations" / "qtbase_zh_CN.qm",
    ]
    if EXAMPLE.is_file():
        required.append(internal / "resources" / "examples" / EXAMPLE.name)
    required += [
        qt_dir / "plugins" / "platforms" / name
        for name in (
            ("qwindows.dll", "qoffscreen.dll")
            if platform == "windows"
            else ("libqxcb.so", "libqoffscreen.so")
        )
    ]
    missing = [str(p.relative_to(bundle)) for p in required if not p.exists()]
    if missing:
        raise BuildError("the bundle lacks: " + ", ".join(missing))
    note = usage_note(platform, version)
    if platform == "windows":
        # Notepad on older Windows 10 needs the BOM to read UTF-8.
        (bundle / "使用说明.txt").write_text(note.replace("\n", "\r\n"), encoding="utf-8-sig")
    else:
        (bundle / "使用说明.txt").write_text(note, encoding="utf-8")


def tree_size(bundle: Path) -> int:
    """Bytes on disk of the bundle's regular files (symlinks count as nothing)."""
    return sum(
        (bundle / rel).stat().st_size
        for rel in bundle_files(bundle)
        if not (bundle / rel).is_symlink()
    )


# --- smoke test ------------------------------------------------------------------------------


def smoke_env(home: Path, platform_plugin: str | None) -> dict[str, str]:
    """A clean environment: nothing from the build venv may help the frozen app start."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "QT_", "VIRTUAL_ENV", "NIANBAO_"))
    }
    env["NIANBAO_DATA_DIR"] = str(home / "data")
    env["PYTHONIOENCODING"] = "utf-8"
    if platform_plugin:
        env["QT_QPA_PLATFORM"] = platform_plugin
    return env


def check_docx(path: Path) -> None:
    """The exported report opens in python-docx and holds the three statistics tables."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BuildError(f"export wrote no document at {path}")
    try:
        import docx
    except ImportError:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        tables = xml.count("<w:tbl>")
    else:
        tables = len(docx.Document(str(path)).tables)
    if tables < 3:
        raise BuildError(f"exported document {path.name} has {tables} tables, expected 3")


def _has_command(module: str) -> bool:
    return (ROOT / "desktop" / "commands" / f"{module}.py").is_file()


def smoke_more_commands(
    cli: Path,
    env: dict[str, str],
    work: Path,
    example: Path,
    docx: Path,
    timeout: float = SMOKE_TIMEOUT,
) -> None:
    """The commands whose libraries are imported lazily (openpyxl, docx reading): a missing
    hidden import or data file shows only when they run. Each runs once its module exists."""
    if _has_command("import_report"):
        imported = work / "导入.nianbao"
        run([cli, "import", docx, "-o", imported], env=env, cwd=work, timeout=timeout)
        if not imported.is_file():
            raise BuildError("import wrote no report")
        print("    import (docx): ok")
    if _has_command("next"):
        following = work / "下一年度.nianbao"
        run([cli, "next", example, "-o", following], env=env, cwd=work, timeout=timeout)
        if not following.is_file():
            raise BuildError("next wrote no report")
        print("    next: ok")
    if _has_command("merge"):
        # A second unit: the example under another name (merge refuses identical copies).
        data = json.loads(example.read_text(encoding="utf-8"))
        data["meta"]["org_name"] = "另一单位"
        other = work / "另一单位.nianbao"
        other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        total, sheet = work / "汇总.nianbao", work / "明细.xlsx"
        options = ["--org", "汇总测试", "--level", "市级", "--kind", "人民政府"]
        run(
            [cli, "merge", example, other, "-o", total, *options, "--breakdown", sheet],
            env=env,
            cwd=work,
            timeout=timeout,
        )
        with zipfile.ZipFile(sheet) as archive:
            archive.getinfo("xl/workbook.xml")
        if not total.is_file():
            raise BuildError("merge wrote no report")
        print("    merge (with .xlsx breakdown): ok")
    xls = ROOT / "tests" / "data" / "register" / "messy-register.xls"
    if _has_command("register_import") and xls.is_file():
        # xlrd is imported only when an old-format .xls 台账 is read.
        ledger = work / "台账导入.nianbao"
        shutil.copyfile(example, ledger)
        result = run(
            [cli, "register-import", xls, "--into", ledger, "--yes"],
            env=env,
            cwd=work,
            timeout=timeout,
        )
        if "已导入" not in result.stdout:
            raise BuildError("register-import (.xls) imported nothing")
        print("    register-import (.xls): ok")


def qt_libraries_loaded(ld_debug_output: str) -> list[str]:
    """The Qt shared libraries named in ``LD_DEBUG=libs`` output as loaded ("calling init")."""
    found: set[str] = set()
    for line in ld_debug_output.splitlines():
        if "calling init:" in line:
            name = Path(line.rsplit("calling init:", 1)[1].strip()).name
            if name.startswith("libQt6") or name.startswith("libpyside6"):
                found.add(name)
    return sorted(found)


# Appended by build_scripts/rthooks/pyi_rth_nianbao_qt.py to the file NIANBAO_REPORT_QT_IMPORT
# names when the frozen program imports PySide6.QtCore (a copy: the hook cannot be imported here).
QT_IMPORT_MARKER = "nianbao-rthook: PySide6.QtCore imported"
QT_IMPORT_ENV = "NIANBAO_REPORT_QT_IMPORT"


def qt_import_reported(
    cmd: Sequence[str | Path], env: dict[str, str], work: Path, timeout: float
) -> bool:
    """Run ``cmd`` with the run-time hook's report on; True when it imported PySide6.QtCore."""
    report = work / "qt-import-report.txt"
    report.unlink(missing_ok=True)
    run(cmd, env=dict(env, **{QT_IMPORT_ENV: str(report)}), cwd=work, timeout=timeout, quiet=True)
    return report.is_file() and QT_IMPORT_MARKER in report.read_text(encoding="utf-8")


def check_cli_without_qt(
    cli: Path, env: dict[str, str], work: Path, timeout: float = SMOKE_TIMEOUT
) -> None:
    """The command line must not load Qt (issue 17): PyInstaller's PySide6 run-time hook used to
    import QtCore at every start. On every platform our run-time hook reports the import of
    QtCore (the window's smoke test proves the report appears); on Linux the dynamic loader's
    trace also says which libraries were loaded."""
    if qt_import_reported([cli, "check", EXAMPLE], env, work, timeout):
        raise BuildError("`nianbao check` imported PySide6.QtCore")
    print("    check imports no Qt module: ok")
    if not sys.platform.startswith("linux"):
        return
    traced = dict(env, LD_DEBUG="libs")
    result = run([cli, "check", EXAMPLE], env=traced, cwd=work, timeout=timeout, quiet=True)
    loaded = qt_libraries_loaded(result.stderr)
    if loaded:
        raise BuildError(f"`nianbao check` loaded Qt libraries: {', '.join(loaded)}")
    print("    check loads no Qt library: ok")


def smoke_test(
    bundle: Path, platform: str, version: str, work: Path, *, timeout: float = SMOKE_TIMEOUT
) -> None:
    """Run the frozen app the way users and scripts do; fail on any error. ``timeout`` per
    command (raised for emulated builds, where every start takes many times longer)."""
    gui, cli = exe_names(platform)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Run from an empty folder so nothing in the checkout can stand in for a bundled file.
    env = smoke_env(work, "offscreen")

    result = run([bundle / cli, "--version"], env=env, cwd=work, timeout=timeout)
    if version not in result.stdout:
        raise BuildError(f"--version printed {result.stdout!r}, expected {version}")
    print(f"    {result.stdout.strip()}")

    if EXAMPLE.is_file():
        # The rules on the example: it is complete and consistent, so check must pass.
        run([bundle / cli, "check", EXAMPLE], env=env, cwd=work, timeout=timeout)
        print("    check: ok")
        check_cli_without_qt(bundle / cli, env, work, timeout)
    if not (ROOT / "desktop" / "commands" / "export.py").is_file():
        # Only while the export branch is not merged yet: say it loudly in every build log.
        print("    WARNING: desktop/commands/export.py is absent; the export step is SKIPPED")
    elif EXAMPLE.is_file():
        example = work / EXAMPLE.name
        shutil.copy2(EXAMPLE, example)
        target = work / "样例报告.docx"
        run(
            [bundle / cli, "export", example, "-o", target],
            env=env,
            cwd=work,
            timeout=timeout,
        )
        check_docx(target)
        print(f"    export: {target.name}, {target.stat().st_size} bytes")
        page = work / "样例报告.html"
        run([bundle / cli, "export", example, "-o", page], env=env, cwd=work, timeout=timeout)
        if "<table" not in page.read_text(encoding="utf-8"):
            raise BuildError(f"exported page {page.name} has no table")
        print(f"    export: {page.name}, {page.stat().st_size} bytes")
        smoke_more_commands(bundle / cli, env, work, example, target, timeout)
    else:
        raise BuildError(f"missing example {EXAMPLE.relative_to(ROOT)}: cannot smoke-test export")

    if not (ROOT / "ui" / "app.py").is_file():
        # Only while the window is not merged yet: say it loudly in every build log.
        print("    WARNING: ui/app.py is absent; the --smoke-test (window) step is SKIPPED")
        return
    platforms = ["offscreen"]
    if platform == "windows":
        # The native platform plugin too: a missing qwindows.dll or style must fail here.
        platforms.append("windows")
    for plugin in platforms:
        # The window imports QtCore: without the report here, check's silence proves nothing.
        if not qt_import_reported(
            [bundle / gui, "--smoke-test"], smoke_env(work, plugin), work, timeout
        ):
            raise BuildError("the run-time hook did not report the window's import of QtCore")
        print(f"    --smoke-test ({plugin}): ok, QtCore import reported")


# --- archives ----------------------------------------------------------------------------------


def _zip_info(name: str, mode: int) -> zipfile.ZipInfo:
    # A fixed timestamp keeps the zip identical for identical input.
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.create_system = 3  # Unix, so the mode bits (executable, symlink) are honoured
    info.external_attr = (mode & 0xFFFF) << 16
    return info


def make_zip(bundle: Path, target: Path, top: str) -> Path:
    """Zip the bundle under ``top/``; symlinks stay symlinks, executables stay executable."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for rel in bundle_files(bundle):
            path = bundle / rel
            name = f"{top}/{rel.as_posix()}"
            if path.is_symlink():
                info = _zip_info(name, stat.S_IFLNK | 0o777)
                archive.writestr(info, os.readlink(path), zipfile.ZIP_STORED)
                continue
            mode = path.stat().st_mode
            info = _zip_info(name, stat.S_IFREG | (0o755 if mode & 0o111 else 0o644))
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(info, "w") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    return target


def read_baseline(path: Path) -> int | None:
    """The recorded zip size in bytes (first line that is a number), or None when unrecorded."""
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return int(line.split()[0])
    return None


def check_size(size: int, baseline_file: Path, *, record: bool = False) -> str:
    """Compare a zip size to the baseline; raise BuildError when it grew over the tolerance."""
    mib = size / 2**20
    if record:
        baseline_file.write_text(
            f"# Size in bytes of the portable zip on this platform; build.py fails above +10%.\n"
            f"{size}\n",
            encoding="utf-8",
        )
        return f"recorded {size} bytes ({mib:.1f} MiB) in {baseline_file.name}"
    baseline = read_baseline(baseline_file)
    if baseline is None:
        return (
            f"WARNING: no baseline in {baseline_file.name}; zip is {size} bytes ({mib:.1f} MiB). "
            "Record it with --record-size and commit the file."
        )
    limit = baseline * (1 + SIZE_TOLERANCE)
    growth = size / baseline - 1
    if size > limit:
        raise BuildError(
            f"the zip is {size} bytes ({mib:.1f} MiB), {growth:+.1%} over the baseline "
            f"{baseline} in {baseline_file.name} (limit +{SIZE_TOLERANCE:.0%}). Find what grew "
            "(a new dependency, an unpruned Qt module); if it is wanted, re-record with "
            "--record-size."
        )
    return f"zip {size} bytes ({mib:.1f} MiB), {growth:+.1%} against the baseline"


def make_tarball(bundle: Path, target: Path, top: str) -> Path:
    """The bundle as .tar.gz under ``top/`` (symlinks and modes preserved, root-owned)."""

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1577836800
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top, filter=owner)
    return target


# --- Debian package ------------------------------------------------------------------------------


DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=年报
Name[zh_CN]=年报
GenericName=政府信息公开工作年度报告
Comment=填写、检查与导出政府信息公开工作年度报告
Exec={prefix}/nianbao %f
TryExec={prefix}/nianbao
Icon=nianbao
Terminal=false
Categories=Office;
MimeType={mime};
Keywords=年报;政府信息公开;年度报告;
StartupWMClass=nianbao
"""

MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{mime}">
    <comment>Nianbao report</comment>
    <comment xml:lang="zh_CN">年报项目文件</comment>
    <sub-class-of type="application/json"/>
    <icon name="nianbao"/>
    <glob pattern="*.nianbao"/>
  </mime-type>
</mime-info>
"""

DEB_CONTROL = """Package: nianbao
Version: {version}
Section: editors
Priority: optional
Architecture: {deb_arch}
Maintainer: Nianbao project <nianbao@localhost>
Installed-Size: {installed_kib}
Depends: {depends}
Description: 年报：政府信息公开工作年度报告的填写、检查与导出
 Offline desktop app to fill in, check and export the yearly report on
 government information disclosure (format of 国办公开办函〔2021〕30号).
 Installs under {prefix}; the command is nianbao.
"""
# System libraries the bundle does not carry (PyInstaller leaves out libc, libGL and the X
# client libraries a desktop always has); libc6's minimum is read off the bundle. libsm6 and
# libice6: PySide6 6.8's xcb platform plugin links libSM/libICE; without them (a minimal Debian 12
# arm64 root, test_arm64_qemu.sh) the window cannot open. libxcb-cursor0: Qt 6.5 and later
# dlopen it (no ELF dependency, so PyInstaller does not bundle it) and refuse the xcb plugin
# without it ("xcb-cursor0 or libxcb-cursor0 is needed"); in Debian since 10 and Ubuntu 18.04.
DEB_DEPENDS = (
    "libc6 (>= {glibc}), libgl1, libegl1, libxcb1, libxcb-cursor0, libfontconfig1, libfreetype6,"
    " libsm6, libice6"
)


GlibcVersion = tuple[int, int]
# The oldest glibc the bundle is assumed to need even when no file names a GLIBC_x.y version.
GLIBC_FLOOR: GlibcVersion = (2, 17)
# The legacy Linux build (--legacy) targets 统信UOS V20 (Debian 10 base) and 银河麒麟 V10.
LEGACY_GLIBC: GlibcVersion = (2, 28)


def glibc_text(version: GlibcVersion) -> str:
    return f"{version[0]}.{version[1]}"


def parse_glibc(text: str) -> GlibcVersion:
    """``"2.28"`` → ``(2, 28)``."""
    match = re.fullmatch(r"(\d+)\.(\d+)", text.strip())
    if not match:
        raise ValueError(f"not a glibc version like 2.28: {text!r}")
    return int(match.group(1)), int(match.group(2))


def glibc_needed_by_dump(dump: str) -> GlibcVersion | None:
    """The newest GLIBC_x.y symbol version in ``objdump -T`` output, or None when it names none
    (GLIBC_PRIVATE and GLIBCXX_ versions are not glibc releases and do not count)."""
    versions = [(int(a), int(b)) for a, b in re.findall(r"\bGLIBC_(\d+)\.(\d+)", dump)]
    return max(versions) if versions else None


def elf_files(bundle: Path) -> list[Path]:
    """The bundle's regular files that are ELF objects (relative paths, sorted)."""
    found = []
    for rel in bundle_files(bundle):
        path = bundle / rel
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as file:
            if file.read(4) == b"\x7fELF":
                found.append(rel)
    return found


def glibc_requirements(bundle: Path) -> dict[Path, GlibcVersion]:
    """For each bundled ELF file that names a GLIBC_x.y symbol version, the newest one it needs
    (``objdump -T``, binutils). Keys are paths relative to the bundle."""
    if not shutil.which("objdump"):
        raise BuildError("objdump not found (apt-get install -y binutils / dnf install binutils)")
    needs: dict[Path, GlibcVersion] = {}
    for rel in elf_files(bundle):
        newest = glibc_needed_by_dump(run(["objdump", "-T", bundle / rel], quiet=True).stdout)
        if newest is not None:
            needs[rel] = newest
    return needs


def newest_glibc(needs: dict[Path, GlibcVersion]) -> GlibcVersion:
    """The newest version in ``needs``, at least GLIBC_FLOOR."""
    return max([GLIBC_FLOOR, *needs.values()])


def glibc_requirement(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any bundled ELF file needs, as ``"2.36"``.

    The bundle carries libraries of the build machine, so it needs at least that machine's
    glibc; dpkg then refuses an older system with a clear message instead of a crash at start.
    """
    return glibc_text(newest_glibc(glibc_requirements(bundle)))


def check_glibc_limit(needs: dict[Path, GlibcVersion], maximum: GlibcVersion) -> str:
    """Raise BuildError naming every file that needs a glibc newer than ``maximum``; otherwise
    return a one-line summary."""
    over = sorted(
        ((version, rel) for rel, version in needs.items() if version > maximum),
        key=lambda item: (-item[0][0], -item[0][1], str(item[1])),
    )
    if over:
        lines = "\n".join(f"      GLIBC_{glibc_text(v)}  {rel.as_posix()}" for v, rel in over)
        raise BuildError(
            f"{len(over)} bundled file(s) need a glibc newer than {glibc_text(maximum)}, so the "
            f"bundle cannot run on glibc {glibc_text(maximum)} systems:\n{lines}\n"
            "    Build it where the Python and every wheel are made for that glibc or an older "
            "one: .github/workflows/linux-legacy.yml does so for 2.28 in a manylinux_2_28 "
            "container with requirements/constraints-legacy.txt. This machine's Python or wheels "
            "are too new for this build."
        )
    return (
        f"{len(needs)} ELF files; the newest glibc any of them needs is "
        f"{glibc_text(newest_glibc(needs))} (limit {glibc_text(maximum)})"
    )


def stage_deb(bundle: Path, root: Path, version: str, glibc: str, arch: str = "x64") -> Path:
    """Lay out the package tree: /opt/nianbao, /usr/bin/nianbao, desktop entry, MIME, icon."""
    shutil.rmtree(root, ignore_errors=True)
    prefix = root / DEB_PREFIX.lstrip("/")
    prefix.parent.mkdir(parents=True)
    shutil.copytree(bundle, prefix, symlinks=True)
    usr = root / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / APP).symlink_to(f"{DEB_PREFIX}/{APP}")
    apps = usr / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{APP}.desktop").write_text(
        DESKTOP_ENTRY.format(prefix=DEB_PREFIX, mime=MIME_TYPE), encoding="utf-8"
    )
    mime = usr / "share" / "mime" / "packages"
    mime.mkdir(parents=True)
    (mime / f"{APP}.xml").write_text(MIME_XML.format(mime=MIME_TYPE), encoding="utf-8")
    icons = usr / "share" / "icons" / "hicolor"
    for size in (256,):
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(ICON_PNG, folder / f"{APP}.png")
    # The MIME icon name used by file managers for .nianbao files.
    mimetypes = icons / "256x256" / "mimetypes"
    mimetypes.mkdir(parents=True)
    shutil.copy2(ICON_PNG, mimetypes / f"{MIME_TYPE.replace('/', '-')}.png")
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    debian = root / "DEBIAN"
    debian.mkdir()
    installed_kib = (tree_size(root) + 1023) // 1024
    (debian / "control").write_text(
        DEB_CONTROL.format(
            version=version,
            deb_arch=DEB_ARCHES[arch],
            installed_kib=installed_kib,
            depends=DEB_DEPENDS.format(glibc=glibc),
            prefix=DEB_PREFIX,
        ),
        encoding="utf-8",
    )
    # No maintainer scripts: dpkg triggers of desktop-file-utils, shared-mime-info and
    # hicolor-icon-theme refresh the caches on install and on removal.
    return root


def _ar_member(name: str, data: bytes) -> bytes:
    """One member of a (System V / GNU) ar archive, as dpkg reads it."""
    header = f"{name:<16}{1577836800:<12}{0:<6}{0:<6}{0o100644:<8o}{len(data):<10}`\n"
    assert len(header) == 60
    return header.encode("ascii") + data + (b"\n" if len(data) % 2 else b"")


def _deb_compression() -> str:
    """``xz`` like dpkg-deb, or ``gz`` when this Python was built without lzma."""
    return "xz" if importlib.util.find_spec("lzma") else "gz"


def _tar_member(root: Path, *, control: bool) -> bytes:
    """control.tar or data.tar of a staged package tree, compressed (xz, or gzip when this
    Python lacks lzma): root-owned, fixed time, GNU format like dpkg-deb's."""
    mode = f"w:{_deb_compression()}"

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        if not control and (info.name == "./DEBIAN" or info.name.startswith("./DEBIAN/")):
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1577836800
        return info

    buffer = io.BytesIO()
    with tarfile.open(
        fileobj=buffer, mode=mode, format=tarfile.GNU_FORMAT, encoding="utf-8"
    ) as archive:
        top = root / "DEBIAN" if control else root
        archive.add(top, arcname=".", recursive=False, filter=owner)
        for path in sorted(top.rglob("*")):
            archive.add(
                path, arcname=f"./{path.relative_to(top).as_posix()}", recursive=False, filter=owner
            )
    return buffer.getvalue()


def write_deb(root: Path, target: Path) -> Path:
    """Build a .deb from a staged tree (``DEBIAN/control`` + files) without dpkg-deb: the ar
    archive of debian-binary, control.tar.* and data.tar.*. For build systems without dpkg
    (the glibc 2.28 container of the legacy build)."""
    ext = f".{_deb_compression()}"
    parts = [
        _ar_member("debian-binary", b"2.0\n"),
        _ar_member(f"control.tar{ext}", _tar_member(root, control=True)),
        _ar_member(f"data.tar{ext}", _tar_member(root, control=False)),
    ]
    target.write_bytes(b"!<arch>\n" + b"".join(parts))
    return target


def make_deb(
    bundle: Path,
    out: Path,
    version: str,
    *,
    max_glibc: GlibcVersion | None = None,
    needs: dict[Path, GlibcVersion] | None = None,
    arch: str = "x64",
) -> Path:
    """Build ``nianbao_<version>_amd64.deb`` (``_arm64.deb`` for ``arch="arm64"``), or with
    ``max_glibc`` (the legacy build) ``nianbao_<version>_glibc<X.Y>_amd64.deb`` declaring
    ``libc6 (>= X.Y)``. Uses dpkg-deb
    when there is one, else write_deb. ``needs``: the bundle's glibc_requirements when already
    scanned (the scan runs objdump on every bundled ELF file)."""
    if needs is None:
        needs = glibc_requirements(bundle)
    glibc = glibc_text(newest_glibc(needs))
    print(f"    needs glibc >= {glibc}")
    deb_arch = DEB_ARCHES[arch]
    name = f"{APP}_{version}_{deb_arch}.deb"
    if max_glibc is not None:
        check_glibc_limit(needs, max_glibc)
        # The legacy package is built and tested on exactly that glibc: declare it, even when
        # no bundled file happens to name a symbol version that new.
        glibc = glibc_text(max_glibc)
        name = f"{APP}_{version}_glibc{glibc}_{deb_arch}.deb"
        print(f"    declares libc6 (>= {glibc})")
    root = stage_deb(bundle, out / "deb-root", version, glibc, arch)
    target = out / name
    if shutil.which("dpkg-deb"):
        run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", root, target])
    else:
        print("    dpkg-deb not found: writing the .deb with Python (write_deb)")
        write_deb(root, target)
    shutil.rmtree(root)
    return target


# --- NSIS installer -------------------------------------------------------------------------------


def find_makensis() -> str:
    """makensis on PATH or in the default Windows install folders."""
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    raise BuildError(
        "makensis not found: install NSIS 3 (apt-get install nsis / choco install nsis)"
    )


def nsis_path(rel: Path) -> str:
    return str(rel).replace("/", "\\")


def write_uninstall_list(bundle: Path, target: Path) -> Path:
    """NSIS lines deleting exactly the bundle's files and then its (then empty) folders.

    An explicit list instead of ``RMDir /r``: a report a user saved into the program folder
    must survive uninstalling.
    """
    lines = ["; Generated by build_scripts/build.py from the bundle; do not edit."]
    folders: set[Path] = set()
    for rel in bundle_files(bundle):
        lines.append(f'Delete "$INSTDIR\\{nsis_path(rel)}"')
        folders.update(p for p in rel.parents if p != Path("."))
    for folder in sorted(folders, key=lambda p: (-len(p.parts), str(p))):
        lines.append(f'RMDir "$INSTDIR\\{nsis_path(folder)}"')
    target.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return target


def make_installer(bundle: Path, out: Path, version: str) -> Path:
    """Compile build_scripts/installer.nsi around the bundle; return the setup program."""
    makensis = find_makensis()
    uninstall_list = write_uninstall_list(bundle, out / "build" / "uninstall_files.nsh")
    target = out / f"{APP}-{version}-windows-x64-setup.exe"
    dotted = ".".join(str(n) for n in version_tuple(version))
    defines = {
        "VERSION": version,
        "VERSION4": dotted,
        "BUNDLE_DIR": str(bundle.resolve()),
        "OUTFILE": str(target.resolve()),
        "UNINSTALL_LIST": str(uninstall_list.resolve()),
        "ICON": str(ICON_PNG.with_suffix(".ico").resolve()),
    }
    flag = "/" if sys.platform == "win32" else "-"
    cmd = [makensis, f"{flag}V2", f"{flag}INPUTCHARSET", "UTF8"]
    cmd += [f"{flag}D{key}={value}" for key, value in defines.items()]
    result = run([*cmd, NSI])
    for line in result.stdout.splitlines():
        if "warning" in line.lower():
            print(f"    makensis: {line.strip()}")
    if not target.is_file():
        raise BuildError(f"makensis wrote no {target}")
    return target


# --- main ---------------------------------------------------------------------------------------


def artefact_stem(
    version: str, platform: str, max_glibc: GlibcVersion | None = None, arch: str = "x64"
) -> str:
    """``nianbao-<version>-<platform>-<arch>``, with ``-glibc<X.Y>`` for the legacy Linux build."""
    stem = f"{APP}-{version}-{platform}-{arch}"
    if max_glibc is not None:
        stem += f"-glibc{glibc_text(max_glibc)}"
    return stem


def baseline_file_name(platform: str, arch: str) -> str:
    """``size-baseline-linux.txt`` (x64), ``size-baseline-linux-arm64.txt``: another processor
    has other Qt binaries, so its own baseline."""
    suffix = "" if arch == "x64" else f"-{arch}"
    return f"size-baseline-{platform}{suffix}.txt"


def build(
    out: Path,
    *,
    record_size: bool,
    packages: bool,
    max_glibc: GlibcVersion | None = None,
    arch: str | None = None,
    smoke_timeout: float = SMOKE_TIMEOUT,
) -> list[Path]:
    """The whole pipeline; returns the artefacts. With ``max_glibc`` (Linux only), the build
    fails right after PyInstaller when any bundled ELF file needs a newer glibc. ``arch``
    (default: this machine's) must be the machine's own processor."""
    platform = platform_name()
    if max_glibc is not None and platform != "linux":
        raise BuildError("--legacy (a glibc limit) applies to the Linux build only")
    arch = arch or machine_arch()
    check_arch(arch, platform, legacy=max_glibc is not None)
    version = app_version()
    artefacts: list[Path] = []
    with step("clean"):
        clean(out)
    with step("pyinstaller"):
        bundle = pyinstaller(out)
    with step("prune"):
        prune(bundle, platform, version)
        print(f"    bundle: {tree_size(bundle) / 2**20:.1f} MiB on disk")
    needs: dict[Path, GlibcVersion] | None = None
    if max_glibc is not None:
        with step(f"glibc <= {glibc_text(max_glibc)}"):
            needs = glibc_requirements(bundle)
            print("    " + check_glibc_limit(needs, max_glibc))
    with step("smoke test"):
        smoke_test(bundle, platform, version, out / "smoke", timeout=smoke_timeout)
    top = f"{APP}-{version}"
    stem = artefact_stem(version, platform, max_glibc, arch)
    baseline_name = baseline_file_name(platform, arch)
    if max_glibc is not None:
        # Another Qt version: its own baseline (unrecorded until the first legacy build).
        baseline_name = f"size-baseline-{platform}-glibc{glibc_text(max_glibc)}.txt"
    with step("portable zip"):
        archive = make_zip(bundle, out / f"{stem}.zip", top)
        artefacts.append(archive)
        print(
            "    "
            + check_size(
                archive.stat().st_size,
                ROOT / "build_scripts" / baseline_name,
                record=record_size,
            )
        )
    if not packages:
        return artefacts
    if platform == "linux":
        with step("tar.gz"):
            artefacts.append(make_tarball(bundle, out / f"{stem}.tar.gz", top))
        with step("deb"):
            artefacts.append(
                make_deb(bundle, out, version, max_glibc=max_glibc, needs=needs, arch=arch)
            )
    else:
        with step("NSIS installer"):
            artefacts.append(make_installer(bundle, out, version))
    return artefacts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="output folder (./out)")
    parser.add_argument(
        "--record-size", action="store_true", help="write the zip size as the new baseline"
    )
    parser.add_argument(
        "--no-packages",
        action="store_true",
        help="stop after the smoke test and the zip size check (CI)",
    )
    parser.add_argument(
        "--legacy",
        action="store_true",
        help=(
            f"Linux: the build for glibc {glibc_text(LEGACY_GLIBC)} (统信UOS V20, 银河麒麟 V10); "
            f"fail when any bundled file needs a newer glibc; artefacts named "
            f"...-glibc{glibc_text(LEGACY_GLIBC)}. Needs a glibc {glibc_text(LEGACY_GLIBC)} "
            "build system and requirements/constraints-legacy.txt "
            "(.github/workflows/linux-legacy.yml)"
        ),
    )
    parser.add_argument(
        "--arch",
        choices=sorted(DEB_ARCHES),
        help=(
            "the processor the artefacts are for (default: this machine's); PyInstaller does not "
            "cross-compile, so it must be this machine's (arm64: build_scripts/test_arm64_qemu.sh)"
        ),
    )
    parser.add_argument(
        "--smoke-timeout",
        type=float,
        default=SMOKE_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit of each smoke-test command ({SMOKE_TIMEOUT} s; raise it under emulation)",
    )
    parser.add_argument(
        "--installer-only",
        type=Path,
        metavar="BUNDLE",
        help="only compile the NSIS installer around an existing bundle folder",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    started = time.monotonic()
    try:
        if args.installer_only:
            out.mkdir(parents=True, exist_ok=True)
            (out / "build").mkdir(exist_ok=True)
            with step("NSIS installer"):
                artefacts = [make_installer(args.installer_only, out, app_version())]
        else:
            artefacts = build(
                out,
                record_size=args.record_size,
                packages=not args.no_packages,
                max_glibc=LEGACY_GLIBC if args.legacy else None,
                arch=args.arch,
                smoke_timeout=args.smoke_timeout,
            )
    except BuildError as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"\nBuild done in {time.monotonic() - started:.0f} s:")
    for path in artefacts:
        print(f"  {path}  ({path.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
