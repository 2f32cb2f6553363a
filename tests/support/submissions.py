"""Simulated submissions, built from the notebooks, with the scores they must get.

A submission starts from the released notebook a student fetched and fills in
answer cells with :func:`telegram_case.instructor.demo.answered` (the
instructor's solutions, in notebook order):

``full``
    Every answer, every written answer the model answer.
``partial``
    The first half of the answers (the rest untouched, so no right answer builds
    on a missing one) and the first written answer. The student also deletes the
    test cell of an answered question, the answer and test cells of an unanswered
    one, and the last written answer: the autograder puts the grade cells back.
``untouched``
    The released notebook as fetched.
``cheat``
    Nothing answered, and every visible check switched off from its answer cell
    (``q.<name>.check = lambda ...``): only hidden tests stand in the way.

The expected score of every grade cell comes from its points in the notebook's
metadata and what was put in, never from running the grader. Written answers get
the score an instructor gives by hand (:class:`HandGrade`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nbformat import NotebookNode

from telegram_case.instructor.demo import answered

from . import cells

KINDS = ("full", "partial", "untouched", "cheat")
SHARE = {"full": 1.0, "partial": 0.5, "untouched": 0.0, "cheat": 0.0}
_HAND = {
    "full": (1.0, "Meets every point of the rubric: sourced figures, the mechanism, a limit."),
    "partial": (0.5, "Half the rubric: the figures need source ids and the answer a limit."),
}


@dataclass(frozen=True)
class HandGrade:
    """The score and comment an instructor gives a written answer in the formgrader."""

    score: float
    comment: str


@dataclass
class Submission:
    """One simulated student's notebook for one assignment, and what it must score.

    ``expected`` maps each grade id to its score after autograding and hand grading,
    or None where it cannot be predicted from the notebook alone (the hidden tests
    of a cheating student's silenced checks).
    """

    assignment: str
    kind: str
    notebook: NotebookNode
    expected: dict[str, float | None]
    points: dict[str, float]
    hand_grades: dict[str, HandGrade] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()

    @property
    def total(self) -> float | None:
        """The expected score of the notebook, or None if part of it is unpredictable."""
        if any(score is None for score in self.expected.values()):
            return None
        return float(sum(self.expected.values()))


def _changed(notebook: NotebookNode, release: NotebookNode) -> set[str]:
    """Grade ids of the cells whose text differs from the release (the answered ones)."""
    before = {cells.grade_id(c): c.source for c in release.cells if cells.grade_id(c)}
    return {cells.grade_id(c) for c in notebook.cells if before.get(cells.grade_id(c)) != c.source}


def _silence_checks(notebook: NotebookNode, source: NotebookNode, tests: list[str]) -> None:
    for question in tests:
        test = source.cells[cells.cell_index(source, question)].source
        match = re.search(rf"([A-Za-z_]\w*)\.{re.escape(question)}\.check\(", test)
        owner = match.group(1) if match else "q"
        cell = notebook.cells[cells.cell_index(notebook, cells.answer_id(question))]
        cell.source = (
            f"# Switch the check off, so that it cannot fail.\n"
            f"{owner}.{question}.check = lambda *args, **kwargs: None\n{cell.source}"
        )


def build_submission(kind: str, assignment: str, source, release) -> Submission:
    """The notebook a simulated student of ``kind`` submits, and its expected scores."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of submission {kind!r}; use one of {KINDS}")
    problems = cells.check_conventions(assignment, source)
    if problems:
        raise ValueError("cannot simulate submissions:\n" + "\n".join(problems))
    graded = cells.grade_cells(source)
    points = {c.grade_id: c.points for c in graded}
    tests = [c.grade_id for c in graded if c.kind == "test"]
    written = [c.grade_id for c in graded if c.kind == "written"]
    notebook = answered(release, source, SHARE[kind])
    done = _changed(notebook, release)
    submission = Submission(assignment, kind, notebook, dict.fromkeys(points, 0.0), points)
    for question in tests:
        if cells.answer_id(question) in done:
            submission.expected[question] = points[question]
    if kind == "cheat":
        _silence_checks(notebook, source, tests)
        for question in tests:
            test = source.cells[cells.cell_index(source, question)].source
            hidden = cells.has_hidden_tests(test)
            submission.expected[question] = None if hidden else points[question]
    for gid in (g for g in written if g in done and kind in _HAND):
        share, comment = _HAND[kind]
        grade = HandGrade(float(int(points[gid] * share * 2) / 2), comment)
        submission.hand_grades[gid], submission.expected[gid] = grade, grade.score
    if kind == "partial":
        _delete(submission, tests, written, done)
    return submission


def _delete(submission: Submission, tests: list[str], written: list[str], done: set[str]) -> None:
    """A partial student deletes cells: a right answer's test, a missing answer and its
    test, and the last written answer; the grade cells come back when it is graded."""
    right = [q for q in tests if cells.answer_id(q) in done]
    missing = [q for q in tests if cells.answer_id(q) not in done]
    deleted = right[:1] + [x for q in missing[:1] for x in (cells.answer_id(q), q)]
    if len(written) > 1 and written[-1] not in submission.hand_grades:
        deleted.append(written[-1])
    keep = [c for c in submission.notebook.cells if cells.grade_id(c) not in deleted]
    submission.notebook.cells = keep
    submission.deleted = tuple(deleted)
