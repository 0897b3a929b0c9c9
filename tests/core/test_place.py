"""Places in the report (issue 12): built by constructors, written out and read back the same."""

from __future__ import annotations

import pytest

from desktop.place import Place, PlaceKind
from desktop.project_file import load_report
from desktop.prose_rules import prose_places
from desktop.resources import example_path
from desktop.template import CELL_IDS

EVERY_KIND = [
    (Place.cell("t3.new.natural"), "t3.new.natural"),
    (Place.title(), "prose.title"),
    (Place.opening(), "prose.opening"),
    (Place.whole_section(5), "prose.s5"),
    (Place.lead(1), "prose.s1.lead"),
    (Place.whole_part(1, 2), "prose.s1.parts.2"),
    (Place.heading(6, 0), "prose.s6.parts.0.heading"),
    (Place.text(1, 11), "prose.s1.parts.11.text"),
    (Place.table_intro(3), "prose.table_intros.3"),
    (Place.meta("published"), "meta.published"),
    (Place.info_fee(), "info_fee_yuan"),
    (Place.previous(), "previous"),
    (Place.structure(), "structure"),
]


def test_every_kind_is_covered_by_the_round_trip() -> None:
    assert {p.kind for p, _ in EVERY_KIND} == set(PlaceKind)


@pytest.mark.parametrize(("place", "path"), EVERY_KIND)
def test_a_place_is_written_and_read_back_the_same(place: Place, path: str) -> None:
    assert place.path == str(place) == path
    assert Place.parse(path) == place


def test_every_cell_and_every_prose_place_of_the_example_round_trips() -> None:
    for cid in CELL_IDS:
        assert Place.parse(cid) == Place.cell(cid)
    places = [p.field for p in prose_places(load_report(example_path()))]
    assert len(places) > 10
    for place in places:
        assert place.is_prose
        assert Place.parse(place.path) == place


@pytest.mark.parametrize(
    "path",
    [
        "",
        "prose",
        "prose.s2.lead",  # section 二 is a table
        "prose.s1.parts.x.text",
        "prose.s1.parts.1.body",
        "prose.table_intros.5",
        "meta.",
        "t3.new.nobody",
        "info_fee",
    ],
)
def test_what_names_no_place_is_refused(path: str) -> None:
    with pytest.raises(ValueError, match="not a place"):
        Place.parse(path)
