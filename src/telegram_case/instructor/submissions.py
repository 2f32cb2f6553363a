"""Simulated submissions, built from the notebooks, with the scores they must get.

A submission starts from the released notebook a student fetched and fills in
answer cells by the grade-id convention (:mod:`telegram_case.instructor.cells`):

``full``
    Every answer from the instructor's solution, every written answer the model answer.
``untouched``
    The released notebook as fetched.
``partial``
    About every other question answered wrong (a realistic slip, see
    :mod:`~telegram_case.instructor.mistakes`), the rest from the solution; wrong
    answers are chosen so that no right answer builds on them
    (:mod:`~telegram_case.instructor.dataflow`). The student also deletes the
    test cell of a right answer, the answer and test cells of a wrong one, and
    the last written answer: the autograder puts the grade cells back and
    scores them.
``wrong``
    Every answer a realistic wrong value of the right variable; short, weak
    written answers.
``cheat``
    Wrong answers, and every visible check switched off from an answer cell
    (``q.<name>.check = lambda ...``): only hidden tests stand in the way.

The expected score of every grade cell comes from its points in the notebook's
metadata and the answer put in, never from running the grader. Written answers
get the score an instructor gives by hand (:class:`HandGrade`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from nbformat import NotebookNode

from . import cells
from .dataflow import dependencies
from .mistakes import Mistake, mistake_for, reference_namespace

__all__ = ["KINDS", "HandGrade", "Submission", "build_submission", "model_answer"]

KINDS = ("full", "untouched", "partial", "wrong", "cheat")

# What a hand grader gives a written answer, as a share of its points (rounded down
# to half points), and the comment that goes with it.
_HAND = {
    "full": (1.0, "Meets every point of the rubric: sourced figures, the mechanism, a limit."),
    "partial": (0.5, "Half the rubric: the link to the competitors is there; the figures "
                     "need source ids and the answer needs a limit of the evidence."),
    "wrong": (0.25, "Too general: name the events, use figures with their source ids, "
                    "and explain the mechanism."),
}
_WRITTEN = {
    "partial": "Telegram won users when its competitors failed, because people needed an "
               "alternative at once and Telegram was already known for privacy.",
    "wrong": "Telegram is popular because it is a good app and many people like it.",
}


@dataclass(frozen=True)
class HandGrade:
    """The score and comment an instructor gives a written answer in the formgrader."""

    score: float
    comment: str


@dataclass
class Submission:
    """One simulated student's notebook for one assignment, and what it must score.

    Attributes
    ----------
    assignment
        The assignment (and notebook) name.
    kind
        One of :data:`KINDS`.
    notebook
        The notebook the student submits.
    expected
        Grade id -> the score the gradebook must show after autograding and hand
        grading; None where it cannot be predicted from the notebook alone (the
        hidden tests of a cheating student's wrong answers).
    points
        Grade id -> maximum score.
    hand_grades
        Written answers the instructor grades by hand (grade id -> score, comment).
    wrong
        Questions answered wrong, with the slip used.
    deleted
        Grade ids of the cells the student deleted.
    """

    assignment: str
    kind: str
    notebook: NotebookNode
    expected: dict[str, float | None]
    points: dict[str, float]
    hand_grades: dict[str, HandGrade] = field(default_factory=dict)
    wrong: dict[str, Mistake] = field(default_factory=dict)
    deleted: tuple[str, ...] = ()

    @property
    def total(self) -> float | None:
        """The expected score of the notebook, or None if part of it is unpredictable."""
        if any(score is None for score in self.expected.values()):
            return None
        return float(sum(self.expected.values()))


def model_answer(source_cell_text: str) -> str:
    """A written answer as a student would write it: the model answer without its label."""
    text = cells.solution_text(source_cell_text)
    return re.sub(r"^\s*\*Model answer[^*]*\*\s*", "", text).strip()


@cache
def _namespace(module_name: str) -> dict:
    import importlib

    return reference_namespace(importlib.import_module(module_name))


def _hand_grade(kind: str, points: float) -> HandGrade:
    share, comment = _HAND[kind]
    return HandGrade(score=float(int(points * share * 2) / 2), comment=comment)


def _answer_code(source: NotebookNode, question: str) -> str:
    cell = source.cells[cells.cell_index(source, cells.answer_id(question))]
    return cells.solution_text(cell.source)


def _wrong_code(answer: str, mistake: Mistake) -> str:
    if mistake.replaces_answer:
        return f"# A slip: {mistake.description}.\n{mistake.code}"
    return f"{answer}\n# A slip: {mistake.description}.\n{mistake.code}\n"


def _check_name(source: NotebookNode, question: str) -> str:
    text = source.cells[cells.cell_index(source, question)].source
    match = re.search(rf"([A-Za-z_]\w*)\.{re.escape(question)}\.check\(", text)
    return f"{match.group(1) if match else 'q'}.{question}.check"


def _partial_wrong(order: list[str], depends: dict[str, set[str]]) -> set[str]:
    """About every other question, but never one that a right answer builds on."""
    wrong: set[str] = set()
    for position in range(len(order) - 1, -1, -1):
        question = order[position]
        later_right = [q for q in order[position + 1:] if q not in wrong]
        if position % 2 == 1 and not any(question in depends[q] for q in later_right):
            wrong.add(question)
    if not wrong and len(order) > 1:
        wrong.add(order[-1])  # nothing builds on the last answer
    return wrong


def build_submission(kind: str, assignment: str, source: NotebookNode,
                     release: NotebookNode, module: ModuleType | None = None) -> Submission:
    """The notebook a simulated student of ``kind`` submits, and its expected scores.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    assignment
        The assignment name (``NN-...``); its questions come from
        ``telegram_case.exercises.nbNN``.
    source
        The instructor notebook (solutions, hidden tests, model answers).
    release
        The student version the student fetched.
    module
        The question module (default: found from the assignment name).

    Returns
    -------
    Submission

    Raises
    ------
    ValueError
        If the notebook breaks the grade-id convention, or ``kind`` is unknown.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of submission {kind!r}; use one of {KINDS}")
    problems = cells.check_conventions(assignment, source)
    if problems:
        raise ValueError("cannot simulate submissions:\n" + "\n".join(problems))
    module = module or cells.exercise_module(assignment)
    questions = {q.name: q for q in module.QUESTIONS}
    graded = cells.grade_cells(source)
    points = {c.grade_id: c.points for c in graded}
    tests = [c.grade_id for c in graded if c.kind == "test"]
    written = [c.grade_id for c in graded if c.kind == "written"]
    notebook = copy.deepcopy(release)
    expected: dict[str, float | None] = dict.fromkeys(points, 0.0)
    submission = Submission(assignment, kind, notebook, expected, points)
    if kind == "untouched":
        return submission

    if kind == "full":
        wrong: set[str] = set()
    elif kind == "partial":
        depends = dependencies(source, {q: questions[q].variables for q in tests})
        wrong = _partial_wrong(tests, depends)
    else:
        wrong = set(tests)
    namespace = _namespace(module.__name__) if wrong else {}
    for question in tests:
        cell = notebook.cells[cells.cell_index(notebook, cells.answer_id(question))]
        answer = _answer_code(source, question)
        if question in wrong:
            mistake = mistake_for(questions[question], namespace, answer)
            submission.wrong[question] = mistake
            cell.source = _wrong_code(answer, mistake)
            if kind == "cheat":  # first, so that an error further down cannot stop it
                cell.source = (f"# Switch the check off, so that it cannot fail.\n"
                               f"{_check_name(source, question)} = lambda *args, **kwargs: None\n"
                               f"{cell.source}")
                test = source.cells[cells.cell_index(source, question)].source
                expected[question] = None if cells.has_hidden_tests(test) else points[question]
        else:
            cell.source = answer
            expected[question] = points[question]

    if kind in _HAND:
        answered = written if kind != "partial" else written[:1]
        for gid in answered:
            cell = notebook.cells[cells.cell_index(notebook, gid)]
            source_cell = source.cells[cells.cell_index(source, gid)]
            cell.source = (model_answer(source_cell.source) if kind == "full"
                           else _WRITTEN[kind])
            grade = _hand_grade(kind, points[gid])
            submission.hand_grades[gid] = grade
            expected[gid] = grade.score

    if kind == "partial":
        right = [q for q in tests if q not in wrong]
        deleted = [right[0]] if right else []
        for question in [q for q in tests if q in wrong][:1]:  # its answer cell too
            deleted += [cells.answer_id(question), question]
        if len(written) > 1:
            deleted.append(written[-1])
        notebook.cells = [c for c in notebook.cells if cells.grade_id(c) not in deleted]
        submission.deleted = tuple(deleted)
    return submission
