"""Which prose parts of a report have nothing written (未写): shown in the window's status bar
from the first frame on, and listed by the final export's gate.

Apart from ``desktop.export_common`` (the export's outline and its dataclasses) so that the
window's status bar does not load the exporter before the window is on screen (issue 17)."""

from __future__ import annotations

from desktop.report import Report
from desktop.standard_text import info_fee_part, info_fee_sentence, mentions_info_fee
from desktop.template import SECTION_TITLES


def xml_safe(text: str) -> str:
    """Tabs as spaces, line breaks as ``\\n``, other control characters dropped."""
    # XML 1.0 cannot carry most control characters; a pasted one must not break the file.
    out = text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in out if ch == "\n" or ord(ch) >= 0x20)


def empty_parts(report: Report) -> list[str]:
    """The prose parts with nothing written (未写), by name: a sub-part with a heading and no
    text (a run-in heading ending in 。 included: it names the topic, it does not report on
    it), or a whole section with nothing in it. The 信息处理费 part is filled by its standard
    sentence when the amount is recorded."""
    out: list[str] = []
    for number in (1, 5, 6):
        title = SECTION_TITLES[number - 1]
        section = report.prose.section(number)
        fee_target: int | None = None
        written = bool(section.lead.strip())
        if number == 6 and not mentions_info_fee(report) and info_fee_sentence(report):
            fee_target = info_fee_part(report)
            written = written or fee_target is None  # the sentence is added after the parts
        listed_before = len(out)
        for i, part in enumerate(section.parts):
            heading = xml_safe(part.heading).strip()
            if part.text.strip() or i == fee_target:
                written = True
            elif heading:
                out.append(f"{title}：{heading}")
        if not written and len(out) == listed_before:
            out.append(f"{title}（整节未写）")
    return out
