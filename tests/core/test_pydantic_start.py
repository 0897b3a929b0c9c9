"""The stand-in for pydantic's plugin loader (desktop/pydantic_start.py) touches a private
module: these tests fail when a pydantic upgrade changes what it replaces."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pydantic_file(module: str) -> Path:
    spec = importlib.util.find_spec("pydantic")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent.joinpath(*module.split(".")[1:]).with_suffix(".py")


def test_the_real_loader_offers_only_get_plugins_and_is_imported_once() -> None:
    loader = ast.parse(_pydantic_file("pydantic.plugin._loader").read_text(encoding="utf-8"))
    functions = [n.name for n in loader.body if isinstance(n, ast.FunctionDef)]
    assert functions == ["get_plugins"]
    # Everything in pydantic that imports the loader asks for get_plugins and nothing else.
    package = _pydantic_file("pydantic.__init__").parent
    users = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_loader"):
                users.append((path.name, [alias.name for alias in node.names]))
    assert users == [("_schema_validator.py", ["get_plugins"])]


def test_models_build_without_importlib_metadata(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop.pydantic_start import skip_plugin_discovery\n"
        "skip_plugin_discovery()\n"
        "from desktop.project_file import load_report\n"
        "from desktop.resources import example_path\n"
        "report = load_report(example_path())\n"
        "assert report.meta.org_name\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_command_line_skips_plugin_discovery(tmp_path: Path) -> None:
    example = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['desktop', 'check', {str(example)!r}]\n"
        "try:\n"
        "    runpy.run_module('desktop', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    print('loaded' if 'importlib.metadata' in sys.modules else 'skipped', exit.code)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.stdout.strip().splitlines()[-1] == "skipped 0", out.stdout + out.stderr


def test_light_start_keeps_openssl_out_and_hashes_still_work(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop.pydantic_start import light_start\n"
        "light_start()\n"
        "from desktop.project_file import load_report\n"
        "from desktop.resources import example_path\n"
        "from desktop.file_guard import identity_of\n"
        "import hashlib, hmac, secrets\n"
        "assert load_report(example_path()).meta.org_name\n"
        "assert identity_of(example_path()) is not None\n"
        "print(hashlib.sha256(b'abc').hexdigest()[:16], hmac.compare_digest(b'a', b'a'))\n"
        "maps = open('/proc/self/maps').read() if sys.platform == 'linux' else ''\n"
        "print('libcrypto' in maps)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    digest, loaded = out.stdout.split("\n")[:2]
    assert digest == "ba7816bf8f01cfea True"  # SHA-256 of "abc", from CPython's own module
    assert loaded == "False"


def test_an_encrypted_pdf_imports_with_openssl_kept_out(tmp_path: Path) -> None:
    # pdfminer derives an owner-password PDF's key with hashlib (md5, sha256): CPython's own
    # modules must serve it when light_start kept _hashlib out.
    out = tmp_path / "o.nianbao"
    pdf = ROOT / "tests" / "data" / "pdf" / "owner-password.pdf"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(pdf), "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert out.is_file()
