"""The course's nbgrader cells: the conventions that tie a notebook to its questions.

In every graded notebook of the course:

* the answer to question ``<name>`` is the solution cell ``answer_<name>``
  (code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``);
* its test cell has the grade id ``<name>``, its points, a one-line docstring,
  ``q.<name>.check()`` and optionally hidden tests between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``;
* a written answer is a markdown cell that is both a solution and a grade cell
  (graded by hand); its solution text is the exemplar, and the markdown cell
  before it holds the prompt with its rubric.

This module reads notebooks as plain JSON and uses only the standard library,
so the wheel's build hook (``hatch_build.py``) can run it before the package's
dependencies are installed. Its functions take cells as dicts, which includes
nbformat's ``NotebookNode``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ANSWER_PREFIX",
    "BEGIN_HIDDEN",
    "BEGIN_SOLUTION",
    "END_HIDDEN",
    "END_SOLUTION",
    "GradeCell",
    "answer_id",
    "find",
    "grade_cells",
    "grade_id",
    "has_hidden_tests",
    "hidden_region",
    "meta",
    "read",
    "reduced",
    "region",
    "solution_code",
    "source",
    "strip_hidden",
]

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
ANSWER_PREFIX = "answer_"


@dataclass(frozen=True)
class GradeCell:
    """A cell that earns points: ``kind`` is ``"test"``, ``"written"`` or ``"task"``."""

    grade_id: str
    points: float
    kind: str


def source(cell: dict) -> str:
    """The cell's source as one string (notebook files may store it as a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def meta(cell: dict) -> dict:
    """The cell's nbgrader metadata (empty for a plain cell or malformed metadata)."""
    value = cell.get("metadata", {}).get("nbgrader")
    return value if isinstance(value, dict) else {}


def grade_id(cell: dict) -> str | None:
    """The cell's nbgrader grade id, or None."""
    value = meta(cell).get("grade_id")
    return None if value is None else str(value)


def answer_id(question: str) -> str:
    """The grade id of the answer cell of ``question``."""
    return f"{ANSWER_PREFIX}{question}"


def find(notebook: dict, gid: str) -> tuple[int, dict]:
    """The position and the cell with grade id ``gid``; ``KeyError`` if there is none."""
    for index, cell in enumerate(notebook["cells"]):
        if grade_id(cell) == gid:
            return index, cell
    raise KeyError(gid)


def grade_cells(notebook: dict) -> list[GradeCell]:
    """Every cell that earns points, in notebook order."""
    found = []
    for cell in notebook["cells"]:
        info = meta(cell)
        if info.get("task"):
            kind = "task"
        elif info.get("grade"):
            kind = "written" if info.get("solution") else "test"
        else:
            continue
        found.append(GradeCell(str(info["grade_id"]), float(info.get("points", 0)), kind))
    return found


def region(text: str, begin: str, end: str) -> tuple[list[str], list[str]]:
    """Split ``text`` at the delimiter lines: (lines outside the regions, lines inside).

    A delimiter line is any line containing ``begin`` or ``end`` (as nbgrader
    matches them); it belongs to neither list.
    """
    outside, inside, within = [], [], False
    for line in text.split("\n"):
        if begin in line:
            within = True
        elif end in line:
            within = False
        else:
            (inside if within else outside).append(line)
    return outside, inside


def solution_code(text: str) -> str:
    """The instructor's answer: ``text`` without its solution delimiter lines.

    For a function to write (the region inside a ``def``) this is the whole
    function; for a top-level answer it is the region's code.
    """
    outside, inside = region(text, BEGIN_SOLUTION, END_SOLUTION)
    if not any(line.strip() for line in outside):
        return "\n".join(inside).strip("\n")
    return "\n".join(
        line for line in text.split("\n") if BEGIN_SOLUTION not in line and END_SOLUTION not in line
    ).strip("\n")


def hidden_region(text: str) -> str:
    """The hidden tests of a test cell (the lines between the delimiters), or ``""``."""
    return "\n".join(region(text, BEGIN_HIDDEN, END_HIDDEN)[1])


def has_hidden_tests(text: str) -> bool:
    """True if ``text`` has a hidden-test region."""
    return BEGIN_HIDDEN in text


def strip_hidden(text: str) -> str:
    """``text`` with every hidden-test region removed, as students receive it."""
    return "\n".join(region(text, BEGIN_HIDDEN, END_HIDDEN)[0])


def read(path: Path) -> dict:
    """A notebook file as JSON, naming the file if it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read notebook {path}: {error}") from error
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError(f"{path} is not a notebook (no list of cells)")
    return notebook


def reduced(notebook: dict, *, solutions: bool = True) -> dict:
    """What the installed package needs of a source notebook, without its hidden tests.

    Keeps every cell's type, source and nbgrader metadata; a hidden-test
    region keeps its delimiter lines (so the library still knows that the
    question has hidden tests) but not its tests. With ``solutions=False`` (a
    package for a graded hub) the solution regions and the written answers'
    model answers are left out too: what remains is what the student version
    shows, plus the points the progress table counts.
    """
    cells = []
    for cell in notebook["cells"]:
        text = _without_hidden_lines(source(cell))
        if not solutions and meta(cell).get("solution"):
            text = (
                ""
                if cell.get("cell_type") == "markdown"
                else "\n".join(region(text, BEGIN_SOLUTION, END_SOLUTION)[0])
            )
        kept = {"cell_type": cell.get("cell_type"), "source": text, "metadata": {}}
        if meta(cell):
            kept["metadata"]["nbgrader"] = meta(cell)
        cells.append(kept)
    return {"cells": cells}


def _without_hidden_lines(text: str) -> str:
    kept, within = [], False
    for line in text.split("\n"):
        if BEGIN_HIDDEN in line:
            within = True
        elif END_HIDDEN in line:
            within = False
        elif within:
            continue
        kept.append(line)
    return "\n".join(kept)
