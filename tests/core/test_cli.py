"""The command line through ``desktop.cli.main(argv)``: new, check, dump, --version, exit codes,
and no traceback ever."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from desktop import __version__, rules
from desktop.cli import main
from desktop.project_file import load_report, save_report
from desktop.report import Level, OrgKind
from desktop.template import CELL_IDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_CELLS = ROOT / "tests" / "data" / "yanchi-2022-cells.json"


# What the sample really lacks (R20's content part): 一 does not speak of 社会评议 and
# 责任追究, 五 not of how last year's problems were handled. Filled in, the example is clean.
FILL_S1 = "全县政务公开工作纳入年度绩效考核，组织开展社会评议，本年度未发生责任追究情况。"
FILL_S5 = "上年度报告所列问题已逐项整改落实。"


def complete_example(tmp_path: Path) -> Path:
    report = load_report(EXAMPLE)
    report.prose.s1.parts[4].text += FILL_S1
    report.prose.s5.lead = FILL_S5 + report.prose.s5.lead
    path = tmp_path / "complete.nianbao"
    save_report(report, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def argparse_exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(info.value.code or 0), out + err


# --- --version, help ----------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = argparse_exit(capsys, "--version")
    assert code == 0
    assert __version__ in text


def test_check_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = argparse_exit(capsys, "check", "--help")
    assert code == 0
    assert text.startswith("用法：nianbao check")
    assert "上一年度的年报文件" in text


# --- new ----------------------------------------------------------------------------------------


def test_new_creates_a_blank_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "2024.nianbao"
    code, out, _ = run(
        capsys,
        "new",
        "-o",
        str(path),
        "--org",
        "某县交通运输局",
        "--year",
        "2024",
        "--level",
        "乡镇",
    )
    assert code == 0
    assert "某县交通运输局2024年政府信息公开工作年度报告" in out
    report = load_report(path)
    assert (report.meta.org_name, report.meta.year) == ("某县交通运输局", 2024)
    assert report.meta.org_kind is OrgKind.DEPARTMENT
    assert report.meta.level is Level.TOWNSHIP
    assert len(report.blank_ids()) == 166
    assert next(p.heading for p in report.prose.s1.parts) == "（一）主动公开"


def test_new_kind_and_level_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.nianbao"
    argv = ["new", "-o", str(path), "--org", "某市", "--year", "2023"]
    code, _, _ = run(capsys, *argv, "--kind", "人民政府", "--level", "设区的市级")
    assert code == 0
    meta = load_report(path).meta
    assert (meta.org_kind, meta.level) == (OrgKind.GOVERNMENT, Level.CITY)


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.nianbao"
    path.write_bytes(EXAMPLE.read_bytes())
    code, _, err = run(capsys, "new", "-o", str(path), "--org", "某县", "--year", "2023")
    assert code == 2
    assert "已存在" in err and "--force" in err
    assert path.read_bytes() == EXAMPLE.read_bytes()
    code, _, _ = run(capsys, "new", "-o", str(path), "--org", "某县", "--year", "2023", "--force")
    assert code == 0
    assert load_report(path).meta.org_name == "某县"
    assert (tmp_path / "a.nianbao.bak").read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--kind", "街道办"], "机关类型“街道办”无效"),
        (["--level", "级"], "层级“级”无效"),
    ],
)
def test_new_bad_choice_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], expected: str
) -> None:
    argv = ["new", "-o", str(tmp_path / "a.nianbao"), "--org", "某县", "--year", "2023"]
    code, text = argparse_exit(capsys, *argv, *extra)
    assert code == 2
    assert expected in text
    assert not (tmp_path / "a.nianbao").exists()


def test_new_refuses_year_before_the_2021_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.nianbao"
    code, _, err = run(capsys, "new", "-o", str(path), "--org", "某县", "--year", "2019")
    assert code == 2
    assert "2021 年及以后" in err
    assert not path.exists()


# --- check --------------------------------------------------------------------------------------


def test_check_example_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(complete_example(tmp_path)))
    assert code == 0
    assert "检查通过" in out


def test_check_example_notes_what_the_sample_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    assert code == 0
    assert "没有错误；有 2 项警告" in out
    assert "社会评议" in out and "上年度报告所列问题的改进情况" in out


def test_check_errors_grouped_by_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = load_report(complete_example(tmp_path))
    report.set_cell("t3.granted.natural", 4)
    report.prose.s5.lead = "无"
    path = tmp_path / "bad.nianbao"
    save_report(report, path)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    # warnings: 五 is empty; the prose's 予以公开5件 and 办理…11件 disagree with the table now
    errors_at, warnings_at = out.index("错误 1 项："), out.index("警告 3 项：")
    assert errors_at < out.index("结转下年度应为 1") < warnings_at < out.index("五、存在的主要问题")
    assert warnings_at < out.index("予以公开5件")
    assert "有 1 项错误" in out


def test_check_warnings_only_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = load_report(complete_example(tmp_path))
    report.prose.s5.lead = "无"
    path = tmp_path / "w.nianbao"
    save_report(report, path)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "没有错误；有 1 项警告" in out


def test_check_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = load_report(complete_example(tmp_path))
    report.set_cell("t3.granted.natural", 4)
    report.set_cell("t4.review.upheld", None)
    path = tmp_path / "bad.nianbao"
    save_report(report, path)
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 1
    items = json.loads(out)
    assert isinstance(items, list) and len(items) == 4
    for item in items:
        assert set(item) == {"rule", "severity", "cells", "message"}
        assert item["severity"] in {"error", "warning", "info"}
        assert all(cid in CELL_IDS for cid in item["cells"])
    # R16 twice: the prose says 予以公开5件 and 办理…11件, the table now 4 and 10
    assert [i["rule"] for i in items] == ["R1", "R12", "R16", "R16"]
    assert items[1]["cells"] == ["t4.review.upheld"]


def test_check_json_of_clean_report_is_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(complete_example(tmp_path)), "--json")
    assert (code, json.loads(out)) == (0, [])


def test_check_with_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prev = load_report(EXAMPLE)
    prev.meta.year = 2021
    prev.set_cell("t2.normative.valid", 111)
    prev.set_cell("t3.carried_out.natural", 3)
    prev_path = tmp_path / "2021.nianbao"
    save_report(prev, prev_path)
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--previous", str(prev_path))
    assert code == 0
    assert "2021 年报告的结转下年度为 3" in out


def test_check_unreadable_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(EXAMPLE), "--previous", str(tmp_path / "无.nianbao"))
    assert code == 2
    assert "上年度报告无法读取" in err and "无.nianbao" in err


def test_truncated_file_exit_2_chinese_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = EXAMPLE.read_bytes()
    path = tmp_path / "cut.nianbao"
    cut = data.index(b"\n", len(data) // 2)
    path.write_bytes(data[:cut])
    for argv in (["check", str(path)], ["dump", str(path)], ["check", str(path), "--json"]):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert out == ""
        assert err.startswith("错误：文件“") and "已损坏" in err and "cut.nianbao" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "没有.nianbao"))
    assert code == 2
    assert "找不到文件" in err


def test_unexpected_error_gives_short_message_and_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(rules, "check", broken)
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    code, _out, err = run(capsys, "check", str(EXAMPLE))
    assert code == 3
    assert "出现意外错误" in err
    log = tmp_path / "nianbao.log"
    assert str(log) in err
    assert "simulated bug" not in err
    assert "RuntimeError: simulated bug" in log.read_text(encoding="utf-8")


# --- dump ---------------------------------------------------------------------------------------


def test_dump_json_of_example_equals_sample_cells(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dump", str(EXAMPLE), "--format", "json")
    assert code == 0
    got = json.loads(out)
    assert list(got) == list(CELL_IDS)
    assert got == json.loads(SAMPLE_CELLS.read_text(encoding="utf-8"))


def test_dump_json_numbers_and_blanks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from decimal import Decimal

    report = load_report(EXAMPLE)
    report.set_cell("t2.fees", Decimal("96171.6000"))
    report.set_cell("t3.granted.legal", None)
    path = tmp_path / "a.nianbao"
    save_report(report, path)
    code, out, _ = run(capsys, "dump", str(path))
    assert code == 0
    assert '"t2.fees": 96171.6000,' in out  # as stored (spec §10)
    got = json.loads(out)
    assert got["t3.granted.legal"] is None
    assert got["t3.total.legal"] is None and got["t3.granted.total"] is None
    assert got["t3.total.natural"] == 11


def test_dump_csv_opens_in_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "cells.csv"
    code, _out, _ = run(capsys, "dump", str(EXAMPLE), "--format", "csv", "-o", str(out_path))
    assert code == 0
    data = out_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["单元格编号", "表格", "行", "列", "数值", "来源"]
    assert len(rows) == 201
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["t3.withheld_4.legal"] == [
        "t3.withheld_4.legal",
        "表三",
        "（三）不予公开4.保护第三方合法权益",
        "法律服务机构",
        "0",
        "输入",
    ]
    assert by_id["t2.fees"][1:] == [
        "表二",
        "行政事业性收费",
        "本年收费金额（单位：万元）",
        "4106",
        "输入",
    ]
    assert by_id["t3.new.total"][4:] == ["11", "计算"]


def test_dump_csv_to_stdout_has_bom(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dump", str(EXAMPLE), "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff单元格编号,表格,行,列,数值,来源\r\n")


def test_dump_to_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "gone" / "cells.json"
    code, _, err = run(capsys, "dump", str(EXAMPLE), "-o", str(target))
    assert code == 2
    assert "未能保存" in err and "文件夹不存在" in err
    code, _, err = run(capsys, "dump", str(EXAMPLE), "-o", str(tmp_path))
    assert code == 2
    assert "是一个文件夹" in err


def test_file_cut_inside_a_character_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = EXAMPLE.read_bytes()
    start = data.index("盐池县".encode())
    path = tmp_path / "cut.nianbao"
    path.write_bytes(data[: start + 1])
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith("错误：文件“") and "cut.nianbao" in err


def test_new_adds_the_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "new", "-o", str(tmp_path / "盐池2024"), "--org", "某县", "--year", "2024"
    )
    assert code == 0
    assert (tmp_path / "盐池2024.nianbao").is_file()
    assert "盐池2024.nianbao" in out
