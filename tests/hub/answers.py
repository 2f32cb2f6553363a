"""What each student of the class test types, and the score it must earn.

Computed from the instructor's notebook alone, never from running the grader:

``full``
    Every answer cell gets the source notebook's solution, every written answer its model
    answer; the instructor gives each written answer full credit in the formgrader.
    Expected: every point of the notebook.
``partial``
    The first half of the questions (rounded up, in notebook order) get the solution;
    the rest and the written answers stay as fetched. A question only builds on earlier
    ones, so each answered question passes. Expected: the points of those questions.
``none``
    Nothing. Expected: 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from telegram_case.instructor.demo import model_answer

from ..support import cells

KINDS = ("full", "partial", "none")


@dataclass
class Answers:
    """One student's answers to one notebook and the score they must get.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    code
        Answer cell grade id -> the code the student types.
    written
        Written-answer grade id -> the text the student types.
    expected
        Grade id of every graded cell -> the score it must get.
    max_score
        The notebook's points.
    """

    kind: str
    code: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    expected: dict[str, float] = field(default_factory=dict)
    max_score: float = 0.0

    @property
    def total(self) -> float:
        return sum(self.expected.values())


def plan(kind: str, source: Path) -> Answers:
    """The answers of a student of ``kind`` to the instructor's notebook ``source``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
    notebook = cells.read_notebook(source)
    graded = cells.grade_cells(notebook)
    tests = [c for c in graded if c.kind == "test"]
    written = [c for c in graded if c.kind == "written"]
    answers = Answers(
        kind,
        expected=dict.fromkeys((c.grade_id for c in graded), 0.0),
        max_score=sum(c.points for c in graded),
    )
    answered = {"full": tests, "partial": tests[: math.ceil(len(tests) / 2)], "none": []}[kind]
    for question in answered:
        cell = notebook.cells[cells.cell_index(notebook, cells.answer_id(question.grade_id))]
        answers.code[cells.answer_id(question.grade_id)] = cells.solution_text(cell.source)
        answers.expected[question.grade_id] = question.points
    if kind == "full":
        for answer in written:
            cell = notebook.cells[cells.cell_index(notebook, answer.grade_id)]
            answers.written[answer.grade_id] = model_answer(cell.source)
            answers.expected[answer.grade_id] = answer.points  # full credit, given by hand
    return answers
