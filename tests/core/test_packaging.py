"""The packaging helpers: version resource, pinned dependencies, uninstall list, .deb layout,
zip and size check. (The frozen app itself is tested by build_scripts/ci_frozen.sh.)"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from build_scripts import build, win_version
from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
# The .deb, Unix modes and symlinks belong to the Linux bundle; Windows CI runs the rest.
LINUX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="Linux packaging only")


def _requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"{path.name}: {line!r} is not pinned with =="
        pins[_requirement_name(name)] = version
    return pins


def test_version_tuple_has_four_parts() -> None:
    assert win_version.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert win_version.version_tuple("2.10.3.7") == (2, 10, 3, 7)
    assert win_version.version_tuple("1.2") == (1, 2, 0, 0)


@pytest.mark.parametrize("bad", ["", "abc", "1.70000.0"])
def test_version_tuple_rejects_what_windows_cannot_hold(bad: str) -> None:
    with pytest.raises(ValueError):
        win_version.version_tuple(bad)


def _evaluate_version_text(text: str) -> dict[str, Any]:
    """Evaluate the text the way PyInstaller does, with recording stand-ins for its classes."""
    seen: dict[str, Any] = {"strings": {}}

    def record(kind: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
            if kind == "StringStruct":
                seen["strings"][args[0]] = args[1]
            if kind == "VarStruct":
                seen["translation"] = args[1]
            if kind == "StringTable":
                seen["table"] = args[0]
            if kind == "FixedFileInfo":
                seen["filevers"] = kwargs["filevers"]
            return (kind, args, kwargs)

        return make

    names = (
        "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo VarStruct"
    )
    eval(text, {name: record(name) for name in names.split()})
    return seen


def test_version_resource_is_chinese_and_matches_the_package_version(tmp_path: Path) -> None:
    path = win_version.write_version_file(
        tmp_path, __version__, "nianbao-cli.exe", win_version.CLI_DESCRIPTION
    )
    seen = _evaluate_version_text(path.read_text(encoding="utf-8"))
    strings = seen["strings"]
    assert strings["ProductName"] == "年报"
    assert strings["ProductVersion"] == __version__
    assert strings["OriginalFilename"] == "nianbao-cli.exe"
    assert "命令行" in strings["FileDescription"]
    assert seen["filevers"] == win_version.version_tuple(__version__)
    # Simplified Chinese + Unicode: Explorer shows this string table.
    assert seen["table"] == "080404B0"
    assert seen["translation"] == [0x0804, 1200]


def test_every_dependency_is_pinned() -> None:
    pins = _pins(ROOT / "requirements" / "constraints.txt")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    build_txt = [
        line.strip()
        for line in (ROOT / "requirements" / "build.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    ]
    unpinned = {_requirement_name(spec) for spec in wanted + build_txt} - set(pins)
    assert not unpinned, f"add to requirements/constraints.txt: {sorted(unpinned)}"
    # A pin pyproject.toml rules out (say, a release with a known bug) would make every
    # pinned install fail to resolve.
    for spec in wanted:
        requirement = Requirement(spec)
        pinned = pins[_requirement_name(spec)]
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"constraints.txt pins {requirement.name}=={pinned}, pyproject.toml wants {spec}"
        )


def test_build_requirements_cover_the_runtime_and_build_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {_requirement_name(s) for s in project["dependencies"]}
    needed |= {_requirement_name(s) for s in project["optional-dependencies"]["build"]}
    listed = {
        _requirement_name(line)
        for line in (ROOT / "requirements" / "build.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    }
    assert needed <= listed, f"add to requirements/build.txt: {sorted(needed - listed)}"


def _fake_bundle(root: Path, *, symlink: bool = True) -> Path:
    bundle = root / "nianbao"
    (bundle / "_internal" / "PySide6" / "plugins").mkdir(parents=True)
    exe = bundle / "nianbao"
    exe.write_bytes(b"\x7fELF")
    exe.chmod(0o755)
    (bundle / "_internal" / "PySide6" / "plugins" / "qxcb.so").write_bytes(b"x")
    (bundle / "_internal" / "使用说明.txt").write_text("说明", encoding="utf-8")
    if symlink:
        (bundle / "_internal" / "libQt6Core.so.6").symlink_to("PySide6/plugins/qxcb.so")
    return bundle


def test_uninstall_list_deletes_exactly_the_installed_files(tmp_path: Path) -> None:
    symlink = sys.platform != "win32"
    bundle = _fake_bundle(tmp_path, symlink=symlink)
    target = build.write_uninstall_list(bundle, tmp_path / "list.nsh")
    lines = target.read_text(encoding="utf-8-sig").splitlines()[1:]
    deletes = [line for line in lines if line.startswith("Delete ")]
    rmdirs = [line for line in lines if line.startswith("RMDir ")]
    expected = [
        r'Delete "$INSTDIR\nianbao"',
        r'Delete "$INSTDIR\_internal\PySide6\plugins\qxcb.so"',
        r'Delete "$INSTDIR\_internal\使用说明.txt"',
    ]
    if symlink:
        expected.append(r'Delete "$INSTDIR\_internal\libQt6Core.so.6"')
    assert sorted(deletes) == sorted(expected)
    # Deepest folder first, never recursive: a user's report in the folder survives.
    assert rmdirs == [
        r'RMDir "$INSTDIR\_internal\PySide6\plugins"',
        r'RMDir "$INSTDIR\_internal\PySide6"',
        r'RMDir "$INSTDIR\_internal"',
    ]
    assert all("/r" not in line and "*" not in line for line in lines)
    assert len(lines) == len(deletes) + len(rmdirs)


@LINUX_ONLY
def test_deb_tree_puts_the_app_on_path_with_a_chinese_desktop_entry(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    root = build.stage_deb(bundle, tmp_path / "deb-root", "1.2.3", "2.36")
    link = root / "usr" / "bin" / "nianbao"
    assert link.is_symlink() and os.readlink(link) == "/opt/nianbao/nianbao"
    assert (root / "opt" / "nianbao" / "nianbao").stat().st_mode & 0o111
    assert (root / "opt" / "nianbao" / "_internal" / "libQt6Core.so.6").is_symlink()

    entry = (root / "usr" / "share" / "applications" / "nianbao.desktop").read_text("utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Name"] == "年报"
    assert fields["Exec"].split()[0] == "/opt/nianbao/nianbao"
    assert fields["Icon"] == "nianbao"
    assert (root / "usr/share/icons/hicolor/256x256/apps/nianbao.png").is_file()
    mime_xml = (root / "usr" / "share" / "mime" / "packages" / "nianbao.xml").read_text("utf-8")
    mime_type = fields["MimeType"].rstrip(";")
    assert f'type="{mime_type}"' in mime_xml
    assert '<glob pattern="*.nianbao"/>' in mime_xml

    control = (root / "DEBIAN" / "control").read_text("utf-8")
    assert "Version: 1.2.3\n" in control and "Architecture: amd64\n" in control
    assert "libc6 (>= 2.36)" in control


@LINUX_ONLY
def test_zip_keeps_symlinks_and_executable_bits(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    archive = build.make_zip(bundle, tmp_path / "app.zip", "nianbao-1.0")
    with zipfile.ZipFile(archive) as zf:
        infos = {info.filename: info for info in zf.infolist()}
        assert zf.testzip() is None
        link = infos["nianbao-1.0/_internal/libQt6Core.so.6"]
        assert stat.S_ISLNK(link.external_attr >> 16)
        assert zf.read(link) == b"PySide6/plugins/qxcb.so"
        assert (infos["nianbao-1.0/nianbao"].external_attr >> 16) & 0o111
        assert zf.read("nianbao-1.0/_internal/使用说明.txt").decode("utf-8") == "说明"


def test_size_check_fails_over_ten_percent_growth(tmp_path: Path) -> None:
    baseline = tmp_path / "size-baseline-linux.txt"
    baseline.write_text("# comment\n1000000\n", encoding="utf-8")
    assert "+10.0%" in build.check_size(1_100_000, baseline)
    with pytest.raises(build.BuildError, match="over the baseline"):
        build.check_size(1_100_001, baseline)


def test_size_check_without_baseline_warns_and_can_record(tmp_path: Path) -> None:
    baseline = tmp_path / "size-baseline-windows.txt"
    assert build.check_size(5_000_000, baseline).startswith("WARNING")
    build.check_size(5_000_000, baseline, record=True)
    assert build.read_baseline(baseline) == 5_000_000


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ("_internal/PySide6/Qt/lib/libQt6Network.so.6", True),
        ("_internal/PySide6/Qt6Quick.dll", True),
        ("_internal/PySide6/plugins/tls/qopensslbackend.dll", True),
        ("_internal/PySide6/Qt/plugins/platforms/libqwayland-egl.so", True),
        ("_internal/PySide6/opengl32sw.dll", True),
        ("_internal/PySide6/Qt/translations/qtbase_de.qm", True),
        ("_internal/PySide6/Qt/translations/qtbase_zh_CN.qm", False),
        ("_internal/PySide6/Qt/lib/libQt6Widgets.so.6", False),
        ("_internal/PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("_internal/PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
        ("_internal/resources/examples/yanchi-2022.nianbao", False),
    ],
)
def test_prune_net_catches_unused_qt_parts(tmp_path: Path, path: str, forbidden: bool) -> None:
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_bytes(b"x")
    assert (build.forbidden_files(tmp_path) == [Path(path)]) is forbidden


# --- glibc: per-file requirements and the legacy build's limit --------------------------------

OBJDUMP_NEW = """
libpython3.12.so.1.0:     file format elf64-x86-64

DYNAMIC SYMBOL TABLE:
0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.2.5) free
0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.35) __memcpy_chk
0000000000000000      DF *UND*  0000000000000000 (GLIBC_PRIVATE) _dl_find_object
0000000000000000      DF *UND*  0000000000000000 (GLIBCXX_3.4.30) _ZSt4cout
0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.9) pipe2
"""


def test_glibc_read_off_objdump_output() -> None:
    assert build.glibc_needed_by_dump(OBJDUMP_NEW) == (2, 35)
    # 2.9 is older than 2.28: versions compare as numbers, not as text.
    assert build.glibc_needed_by_dump("(GLIBC_2.9) a\n(GLIBC_2.28) b\n(GLIBC_2.3.4) c") == (2, 28)
    assert build.glibc_needed_by_dump("(GLIBCXX_3.4.30) x\n(GLIBC_PRIVATE) y") is None
    assert build.glibc_needed_by_dump("") is None


def test_parse_glibc() -> None:
    assert build.parse_glibc("2.28") == (2, 28)
    assert build.glibc_text((2, 9)) == "2.9"
    with pytest.raises(ValueError):
        build.parse_glibc("2.28.1")


def _glibc_bundle(root: Path, needs: dict[str, str | None]) -> Path:
    """A bundle of fake ELF files and a fake objdump on PATH that reports, for each file, the
    GLIBC version given (None: no GLIBC version at all)."""
    bundle = root / "nianbao"
    for rel in needs:
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        (bundle / rel).write_bytes(b"\x7fELF\x02\x01\x01" + rel.encode())
    (bundle / "_internal").mkdir(parents=True, exist_ok=True)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"PK\x03\x04 not an ELF file")
    (bundle / "_internal" / "link.so").symlink_to(f"../{next(iter(needs))}")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    cases = "".join(
        f'  */{rel}) echo "0 DF *UND* 0 (GLIBC_2.2.5) free"'
        + (f'; echo "0 DF *UND* 0 (GLIBC_{version}) f"' if version else "")
        + " ;;\n"
        if version is not None
        else f'  */{rel}) echo "0 DF *UND* 0 (GLIBCXX_3.4) g" ;;\n'
        for rel, version in needs.items()
    )
    script = bin_dir / "objdump"
    script.write_text(
        f'#!/bin/sh\n[ "$1" = -T ] || exit 2\ncase "$2" in\n{cases}  *) exit 3 ;;\nesac\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return bundle


@LINUX_ONLY
def test_glibc_requirements_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _glibc_bundle(
        tmp_path,
        {
            "nianbao": "2.17",
            "_internal/libpython3.12.so.1.0": "2.35",
            "_internal/PySide6/Qt/lib/libQt6Core.so.6": "2.34",
            "_internal/libstdcxx_only.so": None,
        },
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    needs = build.glibc_requirements(bundle)
    # Symlinks and non-ELF files are not scanned; a file naming no GLIBC version is left out.
    assert needs == {
        Path("nianbao"): (2, 17),
        Path("_internal/libpython3.12.so.1.0"): (2, 35),
        Path("_internal/PySide6/Qt/lib/libQt6Core.so.6"): (2, 34),
    }
    # The normal build's .deb: the newest of them.
    assert build.glibc_requirement(bundle) == "2.35"


@LINUX_ONLY
def test_glibc_requirement_has_a_floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _glibc_bundle(tmp_path, {"nianbao": None})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert build.glibc_requirements(bundle) == {}
    assert build.glibc_requirement(bundle) == "2.17"


def test_glibc_limit_lists_every_offending_file_newest_first() -> None:
    needs = {
        Path("nianbao"): (2, 17),
        Path("_internal/PySide6/Qt/lib/libQt6Core.so.6"): (2, 34),
        Path("_internal/libpython3.12.so.1.0"): (2, 35),
        Path("_internal/libz.so.1"): (2, 28),
        Path("_internal/PySide6/Qt/lib/libQt6Gui.so.6"): (2, 34),
    }
    with pytest.raises(build.BuildError) as caught:
        build.check_glibc_limit(needs, (2, 28))
    message = str(caught.value)
    assert "3 bundled file(s) need a glibc newer than 2.28" in message
    listed = [line.split() for line in message.splitlines() if line.strip().startswith("GLIBC_")]
    assert listed == [
        ["GLIBC_2.35", "_internal/libpython3.12.so.1.0"],
        ["GLIBC_2.34", "_internal/PySide6/Qt/lib/libQt6Core.so.6"],
        ["GLIBC_2.34", "_internal/PySide6/Qt/lib/libQt6Gui.so.6"],
    ]
    assert "linux-legacy.yml" in message
    # At the limit is fine.
    del needs[Path("_internal/libpython3.12.so.1.0")]
    needs[Path("_internal/PySide6/Qt/lib/libQt6Core.so.6")] = (2, 28)
    needs[Path("_internal/PySide6/Qt/lib/libQt6Gui.so.6")] = (2, 27)
    assert "newest glibc any of them needs is 2.28" in build.check_glibc_limit(needs, (2, 28))


@LINUX_ONLY
@pytest.mark.skipif(not shutil.which("objdump"), reason="needs objdump (binutils)")
def test_glibc_of_a_real_elf_file_is_at_most_the_running_glibc(tmp_path: Path) -> None:
    bundle = tmp_path / "nianbao"
    bundle.mkdir()
    shutil.copy2(Path(sys.executable).resolve(), bundle / "python")
    running = build.parse_glibc(os.confstr("CS_GNU_LIBC_VERSION").split()[-1])  # "glibc 2.36"
    needs = build.glibc_requirements(bundle)
    assert set(needs) == {Path("python")}
    assert (2, 2) <= needs[Path("python")] <= running


def test_legacy_artefacts_are_named_apart() -> None:
    assert build.artefact_stem("1.2.3", "linux") == "nianbao-1.2.3-linux-x64"
    assert build.artefact_stem("1.2.3", "linux", (2, 28)) == "nianbao-1.2.3-linux-x64-glibc2.28"


@LINUX_ONLY
def test_legacy_deb_refuses_a_too_new_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = _glibc_bundle(tmp_path, {"nianbao": "2.17", "_internal/libpython3.12.so.1.0": "2.35"})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(build.shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(
        build.BuildError, match=re.escape("GLIBC_2.35  _internal/libpython3.12.so.1.0")
    ):
        build.make_deb(bundle, tmp_path / "out", "1.2.3", max_glibc=(2, 28))
    assert not (tmp_path / "out").exists()


@LINUX_ONLY
@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="needs dpkg-deb")
def test_legacy_deb_declares_glibc_2_28(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _glibc_bundle(tmp_path, {"nianbao": "2.17", "_internal/libpython3.12.so.1.0": "2.27"})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    out.mkdir()
    deb = build.make_deb(bundle, out, "1.2.3", max_glibc=(2, 28))
    assert deb.name == "nianbao_1.2.3_glibc2.28_amd64.deb"
    depends = build.run(["dpkg-deb", "--field", deb, "Depends"], quiet=True).stdout
    assert depends.startswith("libc6 (>= 2.28),")
    # The normal build declares what the files need.
    normal = build.make_deb(bundle, out, "1.2.3")
    assert normal.name == "nianbao_1.2.3_amd64.deb"
    depends = build.run(["dpkg-deb", "--field", normal, "Depends"], quiet=True).stdout
    assert depends.startswith("libc6 (>= 2.27),")


def test_legacy_constraints_differ_only_in_pyside() -> None:
    pins = _pins(ROOT / "requirements" / "constraints.txt")
    legacy = _pins(ROOT / "requirements" / "constraints-legacy.txt")
    qt = {"pyside6-essentials", "shiboken6"}
    assert {k: v for k, v in legacy.items() if k not in qt} == {
        k: v for k, v in pins.items() if k not in qt
    }
    assert legacy["pyside6-essentials"] == legacy["shiboken6"] == "6.9.3"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        if requirement.name.lower() == "pyside6-essentials":
            assert requirement.specifier.contains(legacy["pyside6-essentials"])


def _deb_listing(deb: Path) -> list[tuple[str, ...]]:
    """``dpkg-deb --contents`` without the date and time columns."""
    listing = build.run(["dpkg-deb", "--contents", deb], quiet=True).stdout
    return [(*line.split()[:3], *line.split()[5:]) for line in listing.splitlines()]


@LINUX_ONLY
@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="needs dpkg-deb to read the package")
def test_deb_written_without_dpkg_deb_matches_dpkg_debs(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    root = build.stage_deb(bundle, tmp_path / "deb-root", "1.2.3", "2.28")
    ours = build.write_deb(root, tmp_path / "ours.deb")
    theirs = tmp_path / "theirs.deb"
    build.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", root, theirs], quiet=True)
    assert sorted(_deb_listing(ours)) == sorted(_deb_listing(theirs))
    assert ("lrwxrwxrwx", "root/root", "0", "./usr/bin/nianbao", "->", "/opt/nianbao/nianbao") in (
        _deb_listing(ours)
    )
    info = build.run(["dpkg-deb", "--info", ours], quiet=True).stdout
    assert "Package: nianbao" in info and "libc6 (>= 2.28)" in info
    members = build.run(["ar", "t", ours], quiet=True).stdout.split()
    assert members == ["debian-binary", "control.tar.xz", "data.tar.xz"]
    # dpkg-deb itself unpacks it, 使用说明.txt and the symlinks included.
    build.run(["dpkg-deb", "--extract", ours, tmp_path / "x"], quiet=True)
    assert (tmp_path / "x/opt/nianbao/_internal/使用说明.txt").read_text("utf-8") == "说明"
    assert os.readlink(tmp_path / "x/usr/bin/nianbao") == "/opt/nianbao/nianbao"


LD_DEBUG_SAMPLE = """\
     12345:	calling init: /opt/nianbao/_internal/libpython3.11.so.1.0
     12345:	calling init: /opt/nianbao/_internal/PySide6/Qt/lib/libQt6Core.so.6
     12345:	calling init: /opt/nianbao/_internal/libpyside6.abi3.so.6.11
     12345:	find library=libQt6Gui.so.6 [0]; searching
     12345:	calling init: /lib/x86_64-linux-gnu/libz.so.1
"""


def test_qt_libraries_are_read_off_the_loader_trace() -> None:
    # Only libraries that were initialised count (a search alone loads nothing).
    assert build.qt_libraries_loaded(LD_DEBUG_SAMPLE) == [
        "libQt6Core.so.6",
        "libpyside6.abi3.so.6.11",
    ]
    assert build.qt_libraries_loaded("     1:	calling init: /lib/libc.so.6\n") == []


def test_spec_replaces_pyinstallers_pyside6_runtime_hook() -> None:
    # PyInstaller's hook imports QtCore at every start of the frozen app, CLI included.
    spec = (ROOT / "build_scripts" / "nianbao.spec").read_text(encoding="utf-8")
    assert '!= "pyi_rth_pyside6"' in spec
    hook = ROOT / "build_scripts" / "rthooks" / "pyi_rth_nianbao_qt.py"
    assert str(hook.relative_to(ROOT)).replace("\\", "/") in spec.replace('" / "', "/")
    tree = ast.parse(hook.read_text(encoding="utf-8"))
    # The hook must not import Qt while it runs: only the deferred loader wrapper may.
    hook_body = next(n for n in tree.body if isinstance(n, ast.FunctionDef)).body
    imported = [
        alias.name
        for node in hook_body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert "importlib.abc" in imported
    assert not any("PySide6" in name or "_pyi_rth_utils" in name for name in imported)


# --- arm64: the artefacts' names, the processor check and the pins -----------------------------


def test_arm64_artefacts_are_named_for_the_processor() -> None:
    assert build.artefact_stem("1.2.3", "linux", arch="arm64") == "nianbao-1.2.3-linux-arm64"
    assert build.baseline_file_name("linux", "x64") == "size-baseline-linux.txt"
    assert build.baseline_file_name("linux", "arm64") == "size-baseline-linux-arm64.txt"


@LINUX_ONLY
@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="needs dpkg-deb")
def test_arm64_deb_declares_arm64(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _glibc_bundle(tmp_path, {"nianbao": "2.17", "_internal/libpython3.11.so.1.0": "2.34"})
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    out.mkdir()
    deb = build.make_deb(bundle, out, "1.2.3", arch="arm64")
    assert deb.name == "nianbao_1.2.3_arm64.deb"
    fields = build.run(["dpkg-deb", "--field", deb, "Architecture", "Depends"], quiet=True).stdout
    assert "Architecture: arm64\n" in fields
    assert "Depends: libc6 (>= 2.34)," in fields


@pytest.mark.parametrize(
    ("machine", "arch"),
    [("x86_64", "x64"), ("AMD64", "x64"), ("aarch64", "arm64"), ("ARM64", "arm64")],
)
def test_machine_arch_names_the_processor(
    monkeypatch: pytest.MonkeyPatch, machine: str, arch: str
) -> None:
    monkeypatch.setattr(build.pyplatform, "machine", lambda: machine)
    assert build.machine_arch() == arch


def test_arch_must_be_the_machines_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build.pyplatform, "machine", lambda: "aarch64")
    build.check_arch("arm64", "linux", legacy=False)
    with pytest.raises(build.BuildError, match="does not cross-compile"):
        build.check_arch("x64", "linux", legacy=False)
    with pytest.raises(build.BuildError, match="x64 only"):
        build.check_arch("arm64", "windows", legacy=False)
    with pytest.raises(build.BuildError, match=re.escape("glibc 2.28")):
        build.check_arch("arm64", "linux", legacy=True)
    monkeypatch.setattr(build.pyplatform, "machine", lambda: "riscv64")
    with pytest.raises(build.BuildError, match="unsupported processor"):
        build.machine_arch()


def test_arm64_refused_before_anything_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build.pyplatform, "machine", lambda: "x86_64")
    monkeypatch.setattr(build, "platform_name", lambda: "linux")
    kept = tmp_path / "nianbao-0.1-linux-x64.zip"
    kept.write_bytes(b"an earlier build")
    assert build.main(["--arch", "arm64", "--out", str(tmp_path)]) == 1
    assert kept.read_bytes() == b"an earlier build"


def test_arm64_constraints_differ_only_in_pyside() -> None:
    pins = _pins(ROOT / "requirements" / "constraints.txt")
    arm64 = _pins(ROOT / "requirements" / "constraints-arm64.txt")
    qt = {"pyside6-essentials", "shiboken6"}
    assert {k: v for k, v in arm64.items() if k not in qt} == {
        k: v for k, v in pins.items() if k not in qt
    }
    # The newest PySide6 whose aarch64 wheels are manylinux_2_31 (6.8.1 on: manylinux_2_39).
    assert arm64["pyside6-essentials"] == arm64["shiboken6"] == "6.8.0.2"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        if requirement.name.lower() == "pyside6-essentials":
            assert requirement.specifier.contains(arm64["pyside6-essentials"])


HOOK_RUNNER = """
import runpy, sys, types
from pathlib import Path
report, meipass, hook = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
sys._MEIPASS = meipass
registered = []
utils = types.ModuleType("_pyi_rth_utils")
utils.qt = types.SimpleNamespace(create_embedded_qt_conf=lambda *args: registered.append(args))
sys.modules["_pyi_rth_utils"] = utils
hook_globals = runpy.run_path(hook)
from desktop.cli import main
assert main(["check", sys.argv[4]]) == 0
assert not report.exists(), "check alone imported QtCore"
import PySide6.QtCore  # noqa: F401
assert registered, "qt.conf was not registered after QtCore"
assert report.read_text(encoding="utf-8") == hook_globals["QT_IMPORT_MARKER"] + "\\n"
"""


def test_runtime_hook_reports_the_qtcore_import_the_build_looks_for(tmp_path: Path) -> None:
    # The build's cross-platform proof that the frozen `check` loads no Qt (Windows has no
    # LD_DEBUG): the hook appends the marker when, and only when, QtCore is imported.
    hook = ROOT / "build_scripts" / "rthooks" / "pyi_rth_nianbao_qt.py"
    report = tmp_path / "report.txt"
    example = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
    env = dict(os.environ, NIANBAO_REPORT_QT_IMPORT=str(report), NIANBAO_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", HOOK_RUNNER, str(report), str(tmp_path), str(hook), str(example)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert report.read_text(encoding="utf-8").strip() == build.QT_IMPORT_MARKER
