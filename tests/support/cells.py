"""The course's nbgrader cells and the grade-id convention that ties them to questions.

In every graded notebook of the course:

* the answer to question ``<name>`` is the solution cell ``answer_<name>``
  (code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``);
* its test cell has the grade id ``<name>``, its points, a one-line docstring,
  ``q.<name>.check()`` and optionally hidden tests between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``;
* a written answer is a markdown cell that is both a solution and a grade cell
  (graded by hand);
* the questions are ``telegram_case.exercises.nbNN.QUESTIONS`` for the notebook
  ``NN-...``.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import nbformat
from nbformat import NotebookNode

__all__ = [
    "ANSWER_PREFIX",
    "BEGIN_HIDDEN",
    "BEGIN_SOLUTION",
    "END_HIDDEN",
    "END_SOLUTION",
    "GradeCell",
    "answer_id",
    "cell_index",
    "check_conventions",
    "exercise_module",
    "grade_cells",
    "grade_id",
    "has_hidden_tests",
    "hidden_lines",
    "hidden_region",
    "meta",
    "notebook_path",
    "questions",
    "read_notebook",
    "solution_text",
]

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
ANSWER_PREFIX = "answer_"


@dataclass(frozen=True)
class GradeCell:
    """A cell that earns points.

    Attributes
    ----------
    grade_id
        nbgrader's id of the cell.
    points
        Its maximum score (from the cell's metadata).
    kind
        ``"test"`` (autograded), ``"written"`` (graded by hand) or ``"task"``.
    """

    grade_id: str
    points: float
    kind: str


def meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata (empty for a plain cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's nbgrader grade id, or None."""
    return meta(cell).get("grade_id")


def answer_id(question: str) -> str:
    """The grade id of the answer cell of ``question``."""
    return f"{ANSWER_PREFIX}{question}"


def notebook_path(course: Path, folder: str, assignment: str) -> Path:
    """``course/<folder>/<assignment>/<assignment>.ipynb`` (one notebook per assignment)."""
    return course / folder / assignment / f"{assignment}.ipynb"


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook, naming the file if that fails."""
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read notebook {path}: {error}") from error


def cell_index(notebook: NotebookNode, gid: str) -> int:
    """Position of the cell with grade id ``gid``; KeyError if there is none."""
    for index, cell in enumerate(notebook.cells):
        if grade_id(cell) == gid:
            return index
    raise KeyError(gid)


def grade_cells(notebook: NotebookNode) -> list[GradeCell]:
    """Every cell that earns points, in notebook order."""
    cells = []
    for cell in notebook.cells:
        info = meta(cell)
        if info.get("task"):
            cells.append(GradeCell(info["grade_id"], float(info.get("points", 0)), "task"))
        elif info.get("grade"):
            kind = "written" if info.get("solution") else "test"
            cells.append(GradeCell(info["grade_id"], float(info.get("points", 0)), kind))
    return cells


def solution_text(source: str) -> str:
    """The instructor's answer: ``source`` with the solution delimiter lines removed."""
    return "\n".join(
        line
        for line in source.split("\n")
        if BEGIN_SOLUTION not in line and END_SOLUTION not in line
    )


def hidden_region(source: str) -> str:
    """The hidden tests of a test cell (the text between the delimiter lines), or ``""``."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            inside = True
        elif END_HIDDEN in line:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def has_hidden_tests(source: str) -> bool:
    """True if ``source`` has a hidden-test region."""
    return BEGIN_HIDDEN in source


def hidden_lines(notebook: NotebookNode) -> set[str]:
    """Every non-blank line of every hidden-test region, stripped."""
    return {
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in hidden_region(cell.source).split("\n")
        if line.strip()
    }


def exercise_module(assignment: str) -> ModuleType:
    """``telegram_case.exercises.nbNN`` for the assignment ``NN-...``.

    Raises
    ------
    LookupError
        If the name does not start with two digits or there is no such module.
    """
    match = re.match(r"(\d\d)-", assignment)
    if not match:
        raise LookupError(f"assignment {assignment!r}: the name does not start with 'NN-'")
    name = f"telegram_case.exercises.nb{match.group(1)}"
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise LookupError(f"assignment {assignment!r}: no question module {name}") from error


def questions(assignment: str) -> dict:
    """The assignment's questions by name (``QUESTIONS`` of its exercise module)."""
    module = exercise_module(assignment)
    return {question.name: question for question in module.QUESTIONS}


def check_conventions(assignment: str, source: NotebookNode) -> list[str]:
    """Every departure of an instructor notebook from the grade-id convention.

    Parameters
    ----------
    assignment
        The assignment name (``NN-...``).
    source
        Its instructor notebook (with solutions and hidden tests).

    Returns
    -------
    list of str
        One readable problem per line; empty when the notebook follows the convention.
    """
    where = f"{assignment}.ipynb"
    try:
        known = questions(assignment)
    except LookupError as error:
        return [str(error)]
    problems = []
    ids = {grade_id(cell) for cell in source.cells}
    tests = [c for c in grade_cells(source) if c.kind == "test"]
    for cell in tests:
        if cell.grade_id not in known:
            problems.append(
                f"{where}: test cell {cell.grade_id!r} is not a question in "
                f"{exercise_module(assignment).__name__}.QUESTIONS"
            )
        if answer_id(cell.grade_id) not in ids:
            problems.append(
                f"{where}: test cell {cell.grade_id!r} has no answer cell "
                f"{answer_id(cell.grade_id)!r}"
            )
        else:
            order = cell_index(source, answer_id(cell.grade_id)) < cell_index(source, cell.grade_id)
            if not order:
                problems.append(
                    f"{where}: answer cell {answer_id(cell.grade_id)!r} comes after its test cell"
                )
        if cell.points <= 0:
            problems.append(f"{where}: test cell {cell.grade_id!r} has no points")
    for name in known:
        if name not in ids:
            problems.append(f"{where}: question {name!r} has no test cell")
    for cell in source.cells:
        gid = grade_id(cell)
        if gid and gid.startswith(ANSWER_PREFIX):
            if not meta(cell).get("solution") or cell.cell_type != "code":
                problems.append(f"{where}: {gid!r} is not a code solution cell")
            elif BEGIN_SOLUTION not in cell.source:
                problems.append(f"{where}: {gid!r} has no '### {BEGIN_SOLUTION}' region")
            if gid[len(ANSWER_PREFIX) :] not in known:
                problems.append(
                    f"{where}: answer cell {gid!r} answers no question of "
                    f"{exercise_module(assignment).__name__}"
                )
    for cell in grade_cells(source):
        if cell.kind == "written" and cell.points <= 0:
            problems.append(f"{where}: written answer {cell.grade_id!r} has no points")
        if cell.kind == "task":
            problems.append(
                f"{where}: {cell.grade_id!r} is a task cell; the course grades "
                "written answers in markdown solution cells instead"
            )
    return problems
