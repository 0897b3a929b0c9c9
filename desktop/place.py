"""Where in the report: a table cell, a piece of prose or a field of 基本信息.

Findings point at places, the window jumps to them, the prose editors write through them. A
place is built by the constructors below and read by its attributes; the dotted text form
(``prose.s1.parts.1.text``) is only how a place is written out and read back (``path`` and
``Place.parse``), so no module builds or splits such strings itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.template import CELL_BY_ID, PROSE_SECTIONS, TABLE_SECTIONS, Cell


class PlaceKind(StrEnum):
    """What a place is."""

    CELL = "cell"  # a value cell of a table (``name`` is its id)
    TITLE = "title"  # the report's own title
    OPENING = "opening"  # the paragraph before section 一
    SECTION = "section"  # a whole prose section (``section``)
    LEAD = "lead"  # the text before a section's first sub-part
    PART = "part"  # a sub-part as a whole, heading then text (``section``, ``part``)
    HEADING = "heading"  # a sub-part's heading (``section``, ``part``)
    TEXT = "text"  # a sub-part's text (``section``, ``part``)
    TABLE_INTRO = "table_intro"  # the sentence above table ``section``
    META = "meta"  # a field of 基本信息 (``name``: org_name, year, published …)
    INFO_FEE = "info_fee"  # the 信息处理费 amount of section 六
    PREVIOUS = "previous"  # the previous year's report chosen for the checks
    STRUCTURE = "structure"  # the report's outline as a whole (its list of sections)


_PROSE_KINDS = frozenset(
    {
        PlaceKind.TITLE,
        PlaceKind.OPENING,
        PlaceKind.SECTION,
        PlaceKind.LEAD,
        PlaceKind.PART,
        PlaceKind.HEADING,
        PlaceKind.TEXT,
        PlaceKind.TABLE_INTRO,
    }
)
# Places written as one word (no section, part or name).
_SINGLE: dict[PlaceKind, str] = {
    PlaceKind.TITLE: "prose.title",
    PlaceKind.OPENING: "prose.opening",
    PlaceKind.INFO_FEE: "info_fee_yuan",
    PlaceKind.PREVIOUS: "previous",
    PlaceKind.STRUCTURE: "structure",
}
_BY_SINGLE: dict[str, PlaceKind] = {v: k for k, v in _SINGLE.items()}


@dataclass(frozen=True, slots=True)
class Place:
    """One place in the report; build it with the class methods (``Place.text(1, 0)``)."""

    kind: PlaceKind
    section: int | None = None
    part: int | None = None
    name: str = ""

    # --- constructors ---------------------------------------------------------------------------

    @classmethod
    def cell(cls, cell_id: str) -> Place:
        return cls(PlaceKind.CELL, name=cell_id)

    @classmethod
    def title(cls) -> Place:
        return cls(PlaceKind.TITLE)

    @classmethod
    def opening(cls) -> Place:
        return cls(PlaceKind.OPENING)

    @classmethod
    def whole_section(cls, section: int) -> Place:
        return cls(PlaceKind.SECTION, section)

    @classmethod
    def lead(cls, section: int) -> Place:
        return cls(PlaceKind.LEAD, section)

    @classmethod
    def whole_part(cls, section: int, part: int) -> Place:
        return cls(PlaceKind.PART, section, part)

    @classmethod
    def heading(cls, section: int, part: int) -> Place:
        return cls(PlaceKind.HEADING, section, part)

    @classmethod
    def text(cls, section: int, part: int) -> Place:
        return cls(PlaceKind.TEXT, section, part)

    @classmethod
    def table_intro(cls, section: int) -> Place:
        return cls(PlaceKind.TABLE_INTRO, section)

    @classmethod
    def meta(cls, name: str) -> Place:
        return cls(PlaceKind.META, name=name)

    @classmethod
    def info_fee(cls) -> Place:
        return cls(PlaceKind.INFO_FEE)

    @classmethod
    def previous(cls) -> Place:
        return cls(PlaceKind.PREVIOUS)

    @classmethod
    def structure(cls) -> Place:
        return cls(PlaceKind.STRUCTURE)

    # --- reading ----------------------------------------------------------------------------

    @property
    def is_prose(self) -> bool:
        """Prose text of the report (title, opening, sections, table intros)."""
        return self.kind in _PROSE_KINDS

    @property
    def template_cell(self) -> Cell:
        """The template's cell of a cell place, whose naming forms (``describe()``,
        ``short_row`` …) say it in Chinese; ValueError for any other place."""
        if self.kind is not PlaceKind.CELL or self.name not in CELL_BY_ID:
            raise ValueError(f"not a table cell: {self.path!r}")
        return CELL_BY_ID[self.name]

    @property
    def path(self) -> str:
        """The dotted form (``prose.s1.parts.0.text``, ``meta.published``, ``t3.new.natural``)."""
        k = self.kind
        if k in _SINGLE:
            return _SINGLE[k]
        if k is PlaceKind.CELL:
            return self.name
        if k is PlaceKind.META:
            return f"meta.{self.name}"
        if k is PlaceKind.TABLE_INTRO:
            return f"prose.table_intros.{self.section}"
        base = f"prose.s{self.section}"
        if k is PlaceKind.SECTION:
            return base
        if k is PlaceKind.LEAD:
            return f"{base}.lead"
        if k is PlaceKind.PART:
            return f"{base}.parts.{self.part}"
        return f"{base}.parts.{self.part}.{k.value}"

    def __str__(self) -> str:
        return self.path

    @classmethod
    def parse(cls, path: str) -> Place:
        """The place a dotted form names; ValueError when it names none."""
        if path in _BY_SINGLE:
            return cls(_BY_SINGLE[path])
        if path in CELL_BY_ID:
            return cls.cell(path)
        parts = path.split(".")
        if len(parts) == 2 and parts[0] == "meta" and parts[1]:
            return cls.meta(parts[1])
        if len(parts) >= 2 and parts[0] == "prose":
            if len(parts) == 3 and parts[1] == "table_intros" and parts[2].isdigit():
                number = int(parts[2])
                if number in TABLE_SECTIONS:
                    return cls.table_intro(number)
            section = _section_number(parts[1])
            if section is not None:
                rest = parts[2:]
                if not rest:
                    return cls.whole_section(section)
                if rest == ["lead"]:
                    return cls.lead(section)
                if len(rest) == 2 and rest[0] == "parts" and rest[1].isdigit():
                    return cls.whole_part(section, int(rest[1]))
                if len(rest) == 3 and rest[0] == "parts" and rest[1].isdigit():
                    if rest[2] == "heading":
                        return cls.heading(section, int(rest[1]))
                    if rest[2] == "text":
                        return cls.text(section, int(rest[1]))
        raise ValueError(f"not a place in the report: {path!r}")


def _section_number(word: str) -> int | None:
    if len(word) == 2 and word[0] == "s" and word[1].isdigit() and int(word[1]) in PROSE_SECTIONS:
        return int(word[1])
    return None
