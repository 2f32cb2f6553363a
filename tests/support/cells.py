"""The course's cell conventions for the tests: :mod:`telegram_case.cells`, plus reading
notebooks with nbformat and the question modules behind them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import nbformat
from nbformat import NotebookNode

from telegram_case.cells import (
    ANSWER_PREFIX,
    BEGIN_SOLUTION,
    answer_id,
    find,
    grade_cells,
    grade_id,
    has_hidden_tests,
    hidden_region,
    meta,
    solution_code,
)

__all__ = ["answer_id", "grade_cells", "grade_id", "has_hidden_tests", "hidden_region", "meta"]

solution_text = solution_code


def notebook_path(course: Path, folder: str, assignment: str) -> Path:
    """``course/<folder>/<assignment>/<assignment>.ipynb`` (one notebook per assignment)."""
    return course / folder / assignment / f"{assignment}.ipynb"


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook with nbformat, naming the file if that fails."""
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read notebook {path}: {error}") from error


def cell_index(notebook: NotebookNode, gid: str) -> int:
    """Position of the cell with grade id ``gid``; KeyError if there is none."""
    return find(notebook, gid)[0]


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
