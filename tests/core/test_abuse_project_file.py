"""Abuse of the project file: random bytes and JSON shapes never escape as anything but a clear
Chinese error, and a save killed at any moment never leaves a broken file."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import project_file as pf
from desktop.report import Report
from desktop.template import INPUT_IDS

ROOT = Path(__file__).resolve().parents[2]


def _load_or_refuse(text: str) -> Report | None:
    try:
        return pf.report_from_json(text, "x.nianbao")
    except pf.ProjectFileError as exc:
        assert str(exc).startswith("文件“x.nianbao”")
        return None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_are_refused_cleanly(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "x.nianbao"
    path.write_bytes(data)
    try:
        pf.load_report(path)
    except pf.ProjectFileError as exc:
        assert "x.nianbao" in str(exc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def project_shapes(draw: st.DrawFn) -> dict[str, object]:
    """Documents that look like project files but hold random shapes in every field."""
    doc: dict[str, object] = {"format": "nianbao-report", "schema_version": 1}
    if draw(st.booleans()):
        doc["meta"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "org_name": json_values,
                    "year": st.integers(-5, 3000) | json_values,
                    "org_kind": st.sampled_from(["人民政府", "政府部门", "乱写"]) | json_values,
                    "level": st.sampled_from(["县级", "乡镇（街道）", "区级"]) | json_values,
                    "published": st.sampled_from(["2023-01-05", "2023-13-40", ""]) | json_values,
                },
            )
        )
    if draw(st.booleans()):
        ids = st.sampled_from([*INPUT_IDS[:20], "t2.fees", "t3.total.total", "bogus"])
        doc["cells"] = draw(st.dictionaries(ids, json_values, max_size=6))
    for key in ("prose", "printed_totals", "info_fee_yuan", "previous"):
        if draw(st.booleans()):
            doc[key] = draw(json_values)
    return doc


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(project_shapes())
def test_random_json_shapes_load_or_give_chinese_error(doc: dict[str, object]) -> None:
    report = _load_or_refuse(json.dumps(doc, ensure_ascii=False))
    if report is not None:
        # whatever loads is a valid report that saves and loads back identically
        assert pf.report_from_json(pf.report_to_json(report)) == report
        for cid in INPUT_IDS:
            v = report.cells[cid]
            assert v is None or (isinstance(v, int | Decimal) and v >= 0)


def test_deeply_nested_json_is_refused() -> None:
    text = (
        '{"format": "nianbao-report", "schema_version": 1, "meta": '
        + "[" * 100000
        + "]" * 100000
        + "}"
    )
    assert _load_or_refuse(text) is None


# --- crash safety -------------------------------------------------------------------------------

_SAVER = textwrap.dedent(
    """
    import sys
    from desktop.project_file import save_report
    from desktop.report import new_report
    path = sys.argv[1]
    reports = [new_report("单位甲", 2022), new_report("单位乙", 2023)]
    for r in reports:
        r.prose.s5.lead = r.meta.org_name * 20000  # big enough that a write takes a while
    print("ready", flush=True)
    i = 0
    while True:
        save_report(reports[i % 2], path)
        i += 1
    """
)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_save_killed_at_random_moments_never_breaks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.nianbao"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(20261124)
    kills = 0
    while kills < 50:
        with subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(path)], stdout=subprocess.PIPE, env=env, cwd=tmp_path
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.0, 0.08))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        kills += 1
        if path.exists():
            report = pf.load_report(path)  # always complete: old or new, never half
            assert report.meta.org_name in ("单位甲", "单位乙")
            assert report.prose.s5.lead == report.meta.org_name * 20000
        bak = pf.backup_path(path)
        if bak.exists():
            assert pf.load_report(bak).meta.org_name in ("单位甲", "单位乙")
    assert path.exists()


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_recovery_copy_never_replaces_the_users_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.nianbao"
    from desktop.report import new_report

    pf.save_report(new_report("我的单位", 2022), path)
    before = path.read_bytes()
    folder = tmp_path / "recovery"
    for i in range(30):
        pf.write_recovery(new_report(f"草稿{i}", 2022), folder, path)
    assert path.read_bytes() == before
    assert all(p.parent == folder for p in folder.iterdir())
