"""Screenshots of the register (offscreen): the 申请台账 tab with due-date colours, the import
mapping step on a messy office 台账 and on a 复议/诉讼 case list, the decision mapping
(结果对应) and table 三 in 由台账生成 mode.

Usage: ``python build_scripts/screenshot_register.py OUTDIR``
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def demo_report(today: date) -> object:
    """A 2025 report whose register has open, due-soon, overdue and answered applications."""
    from desktop.register.model import ApplicantKind, Application, Case, CaseKind, Register
    from desktop.register.sync import apply_register
    from desktop.report import new_report

    r = new_report("某某县自然资源局", today.year)
    kinds = list(ApplicantKind)
    results = ["granted", "partial", "withheld_4", "unable_1", "rejected_2", None]
    apps = []
    for i in range(24):
        received = today - timedelta(days=3 + i * 4)
        result = results[i % len(results)] if i > 3 else None
        answered = received + timedelta(days=12) if result else None
        apps.append(
            Application(
                id=f"{today.year}-{i + 1:03d}",
                received=received,
                kind=kinds[i % 3 if i % 5 else 3],
                applicant=f"申请人{i + 1}",
                content=["征收补偿方案", "规划许可证", "会议纪要", "执法案卷"][i % 4],
                result=result,
                answered=answered,
            )
        )
    cases = [
        Case(
            id="案件-001",
            kind=CaseKind.REVIEW,
            received=today - timedelta(days=90),
            decision="维持",
            decided=today - timedelta(days=30),
        ),
        Case(id="案件-002", kind=CaseKind.SUIT_DIRECT, received=today - timedelta(days=40)),
        Case(
            id="案件-003",
            kind=CaseKind.REVIEW,
            received=today - timedelta(days=60),
            decision="确认违法",
            decided=today - timedelta(days=10),
        ),
    ]
    # The second row due within 3 working days (即将到期), whatever today is.
    from desktop.register.checks import current_calendar
    from desktop.register.workdays import DueState, due_of

    for back in range(20, 45):
        candidate = apps[1].model_copy(update={"received": today - timedelta(days=back)})
        if due_of(candidate, current_calendar(), today).state is DueState.DUE_SOON:
            apps[1] = candidate
            break
    r.ledger = Register(applications=apps, cases=cases, t3_generated=True, t4_generated=True)
    apply_register(r)
    return r


def messy_sheet(path: Path) -> Path:
    """An office 台账 with a merged title, 序号, its own headers and words, blank lines."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某某县自然资源局2025年政府信息公开申请登记台账"])
    ws.merge_cells("A1:H1")
    ws.append(
        ["序号", "受理日期", "申请人身份", "申请人", "申请方式", "申请内容", "答复结果", "办结日期"]
    )
    ws.append(
        [
            1,
            datetime(2025, 1, 6),
            "公民",
            "张三",
            "网上申请",
            "征收补偿方案",
            "同意公开",
            "2025-1-20",
        ]
    )
    ws.append([2, "2025/1/15", "企业", "某公司", "信函", "规划许可证", "部分公开", "2025年2月10日"])
    ws.append([])
    ws.append([3, "2月3日", "个体户", "王五", "电话", "会议纪要", "已答复", "2025-3-1"])
    wb.save(path)
    return path


def case_sheet(path: Path) -> Path:
    """A 复议/诉讼 case list as a legal office keeps it."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "案件类型", "收到日期", "关联申请编号", "审理结果", "结案日期"])
    ws.append([1, "行政复议", "2025-3-2", "2025-001", "维持", "2025-5-6"])
    ws.append([2, "直接起诉", "2025/4/1", "", "驳回诉讼请求", "2025-8-30"])
    ws.append([3, "行政诉讼", "2025-7-1", "", "准予撤回起诉", "2025-9-1"])
    ws.append([4, "复议", "6月1日", "2025-003", "审理中", None])
    wb.save(path)
    return path


def main(argv: list[str]) -> int:
    outdir = Path(argv[0]) if argv else Path("screenshots")
    os.environ.setdefault("NIANBAO_DATA_DIR", tempfile.mkdtemp(prefix="nianbao-shots-"))
    from PySide6.QtWidgets import QApplication

    from desktop.project_file import save_report
    from ui.app import configure_application, first_window
    from ui.navigation import TAB_REGISTER, TAB_T3
    from ui.register_dialogs import RegisterImportDialog

    app = QApplication.instance() or QApplication(["shots"])
    assert isinstance(app, QApplication)
    configure_application(app)
    outdir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-reg-"))
    path = tmp / "台账示例.nianbao"
    save_report(demo_report(date.today()), path)  # type: ignore[arg-type]
    window = first_window(path, autosave=False)
    window.resize(1400, 860)
    window.show()
    for name, tab in (("register-tab", TAB_REGISTER), ("register-t3-generated", TAB_T3)):
        window.tabs.setCurrentIndex(tab)
        for _ in range(3):
            app.processEvents()
        target = outdir / f"{name}.png"
        window.grab().save(str(target))
        print(target)
    dialog = RegisterImportDialog(window.document, messy_sheet(tmp / "台账.xlsx"), window)
    dialog.show()
    for _ in range(3):
        app.processEvents()
    target = outdir / "register-mapping.png"
    dialog.grab().save(str(target))
    print(target)
    dialog.reject()
    cases = RegisterImportDialog(window.document, case_sheet(tmp / "案件.xlsx"), window)
    cases.show()
    for _ in range(3):
        app.processEvents()
    target = outdir / "register-mapping-cases.png"
    cases.grab().save(str(target))
    print(target)
    cases.reject()
    from ui.register_dialogs import DecisionMapDialog

    decisions = DecisionMapDialog(window.document, window)
    decisions.show()
    for _ in range(3):
        app.processEvents()
    target = outdir / "register-decision-map.png"
    decisions.grab().save(str(target))
    print(target)
    decisions.reject()
    window.discard_changes_and_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
