"""The command line builds only the parser of the command it runs (issue 17: building all of
them was most of a short merge's own time); it must parse and word everything as the full
parser does."""

from __future__ import annotations

import contextlib
import io

import pytest

from desktop.cli import build_parser, command_names


def _parse(parser_argv: list[str] | None, argv: list[str]) -> tuple[object, str, str]:
    parser = build_parser(parser_argv)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = parser.parse_args(argv)
            fields = sorted((k, repr(v)) for k, v in vars(args).items() if k != "func")
            func = getattr(getattr(args, "func", None), "__module__", None)
            result: object = [*fields, ("func", func)]
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(command_names()))
@pytest.mark.parametrize(
    "rest",
    [["--help"], [], ["--bogus"], ["a.nianbao"], ["a.nianbao", "-o", "b.nianbao", "--force"]],
    ids=repr,
)
def test_one_command_parses_as_the_full_parser(name: str, rest: list[str]) -> None:
    argv = [name, *rest]
    assert _parse(argv, argv) == _parse(None, argv)


def test_other_first_words_get_the_full_parser() -> None:
    for argv in (["--help"], ["--version"], ["merg"], ["nonsense", "x"], []):
        assert _parse(argv, argv) == _parse(None, argv)
    assert "merge" in _parse(["--help"], ["--help"])[1]
