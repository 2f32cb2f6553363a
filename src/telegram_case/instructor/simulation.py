"""A simulated class: the whole nbgrader round trip in a scratch folder.

:func:`simulate_class` copies the course's ``source/`` and
``nbgrader_config.py`` into a new folder and runs, for every assignment:

1. ``generate_assignment`` and ``release_assignment`` (instructor);
2. ``fetch_assignment`` (every student, into a home folder of their own);
3. the students answer (:mod:`~telegram_case.instructor.submissions`) and
   ``submit``; then the deadline passes (the due date is set in the
   gradebook) and the late students submit;
4. ``collect``, ``autograde``, hand grading of the written answers (scores
   and comments through ``nbgrader.api.Gradebook``), ``generate_feedback``,
   ``release_feedback``, ``fetch_feedback`` (every student);
5. ``export`` of the grades as CSV.

Nothing outside the scratch folder is written: the gradebook, the exchange and
every student folder live in it. The demo
(:mod:`~telegram_case.instructor.demo`) and the round-trip tests both run it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from traitlets.config import Config

from . import cells
from .batch import autograde_all
from .cli import interpreter_on_path
from .exchange import StudentAccount
from .grader import Instructor
from .release import assignments as course_assignments
from .submissions import KINDS, Submission, build_submission

__all__ = ["DEMO_CLASS", "TEST_CLASS", "ClassRun", "Student", "simulate_class"]


@dataclass(frozen=True)
class Student:
    """A simulated student: who they are, how they answer, and whether they are late.

    Attributes
    ----------
    id, first_name, last_name, email
        Their row of the roster.
    kind
        How they answer (see :mod:`~telegram_case.instructor.submissions`).
    late
        Whether they submit after the due date.
    """

    id: str
    first_name: str
    last_name: str
    email: str
    kind: str
    late: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"student {self.id}: unknown kind {self.kind!r}; use one of {KINDS}")

    @property
    def role(self) -> str:
        """What this student does, in a few words."""
        words = {"full": "full marks", "untouched": "submits untouched", "partial": "partial",
                 "wrong": "every answer wrong", "cheat": "silences the checks"}[self.kind]
        return f"{words}, late" if self.late else words

    def roster_row(self) -> dict:
        """The student's row for ``nbgrader db student import``."""
        return {"id": self.id, "first_name": self.first_name, "last_name": self.last_name,
                "email": self.email}


def _student(id_: str, first: str, last: str, kind: str, late: bool = False) -> Student:
    return Student(id_, first, last, f"{id_}@example.edu", kind, late)


TEST_CLASS = (
    _student("ada", "Ada", "Lovelace", "full"),
    _student("grace", "Grace", "Hopper", "partial"),
    _student("alan", "Alan", "Turing", "wrong", late=True),
    _student("edsger", "Edsger", "Dijkstra", "untouched"),
    _student("mallory", "Mallory", "Mischief", "cheat"),
)
DEMO_CLASS = (
    _student("ada", "Ada", "Lovelace", "full"),
    _student("grace", "Grace", "Hopper", "partial"),
    _student("edsger", "Edsger", "Dijkstra", "untouched"),
    _student("barbara", "Barbara", "Liskov", "full", late=True),
)


@dataclass
class ClassRun:
    """What a simulated class produced, and where.

    Attributes
    ----------
    workdir
        The scratch folder.
    instructor
        The instructor's course, gradebook and exchange (in ``workdir``).
    students
        The class.
    assignments
        The assignments run, in syllabus order.
    submissions
        (student id, assignment) -> the submission and its expected scores.
    deadline
        The due date set for every assignment (UTC, naive as in the gradebook).
    grades_csv
        The exported grades.
    fetched_feedback
        (student id, assignment) -> the feedback files the student fetched.
    timings
        Seconds per stage.
    autograde_seconds
        Student id -> assignment -> seconds its autograding took.
    """

    workdir: Path
    instructor: Instructor
    students: tuple[Student, ...]
    assignments: list[str]
    submissions: dict[tuple[str, str], Submission] = field(default_factory=dict)
    deadline: dt.datetime | None = None
    grades_csv: Path | None = None
    fetched_feedback: dict[tuple[str, str], list[Path]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    autograde_seconds: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def course(self) -> Path:
        """The scratch course folder."""
        return self.instructor.course

    @property
    def feedback(self) -> Path:
        """The instructor's feedback folder: ``feedback/<student>/<assignment>/*.html``."""
        return self.course / "feedback"

    def account(self, student: Student) -> StudentAccount:
        """The student's side of the exchange (home folder, cache)."""
        return StudentAccount(student.id, self.workdir / "students" / student.id,
                              self.workdir / "exchange", self.instructor.course_id)

    def grades(self) -> list[dict]:
        """The rows of the exported CSV."""
        with open(self.grades_csv, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))


def _scratch_course(course: Path, target: Path, names: list[str]) -> Path:
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in names:
        shutil.copytree(course / "source" / name, target / "source" / name, ignore=ignore)
    shutil.copy2(course / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def simulate_class(course: Path, workdir: Path, students: Iterable[Student] = TEST_CLASS,
                   assignments: Iterable[str] | None = None,
                   progress: Callable[[str], None] = lambda message: None,
                   workers: int | None = None) -> ClassRun:
    """Run a simulated class through the whole nbgrader round trip.

    Parameters
    ----------
    course
        The course folder to take ``source/`` and ``nbgrader_config.py`` from
        (read only).
    workdir
        An empty or new folder for everything the run writes.
    students
        The class (default :data:`TEST_CLASS`).
    assignments
        Which assignments (default: every folder of ``course/source``).
    progress
        Called with a short message as each stage starts.
    workers
        Students autograded in parallel (see :func:`~telegram_case.instructor.batch.autograde_all`).

    Returns
    -------
    ClassRun

    Raises
    ------
    NbgraderError
        If an nbgrader step fails (the message names assignment and student).
    ValueError
        If a notebook breaks the grade-id convention.
    """
    students = tuple(students)
    names = list(assignments) if assignments is not None else course_assignments(course)
    workdir = Path(workdir)
    scratch = _scratch_course(Path(course), workdir / "course", names)
    (workdir / "exchange").mkdir()
    overrides = Config()
    overrides.ExchangeCollect.check_owner = False  # one OS user submits for the whole class
    with interpreter_on_path():
        instructor = Instructor(scratch, workdir / "exchange", overrides=overrides)
        run = ClassRun(workdir, instructor, students, names)

        @contextlib.contextmanager
        def stage(title: str):
            progress(title)
            started = time.perf_counter()
            yield
            run.timings[title] = time.perf_counter() - started

        with stage("release"):
            _write_roster(scratch / "roster.csv", students)
            instructor.add_students([s.roster_row() for s in students])
            for name in names:
                instructor.generate(name)
                instructor.release(name)

        with stage("fetch and answer"):
            for student in students:
                account = run.account(student)
                for name in names:
                    folder = account.fetch(name)
                    release = cells.read_notebook(folder / f"{name}.ipynb")
                    source = cells.read_notebook(cells.notebook_path(scratch, "source", name))
                    submission = build_submission(student.kind, name, source, release)
                    _write_notebook(submission, folder / f"{name}.ipynb")
                    run.submissions[student.id, name] = submission

        with stage("submit"):
            for student in (s for s in students if not s.late):
                for name in names:
                    run.account(student).submit(name)
            run.deadline = _utcnow()  # the deadline passes now
            for name in names:
                instructor.set_due_date(name, run.deadline)
            for student in (s for s in students if s.late):
                for name in names:
                    run.account(student).submit(name)

        with stage("collect"):
            for name in names:
                collected = instructor.collect(name)
                missing = sorted({s.id for s in students} - set(collected))
                if missing:
                    raise RuntimeError(f"collect {name}: no submission from {missing}")

        with stage("autograde"):
            run.autograde_seconds = autograde_all(
                scratch, workdir / "exchange", instructor.db_url, [s.id for s in students],
                names, workers)

        with stage("hand grading"):
            for (student_id, name), submission in run.submissions.items():
                for grade_id, grade in submission.hand_grades.items():
                    instructor.hand_grade(name, student_id, grade_id, grade.score,
                                          grade.comment)

        with stage("feedback"):
            for name in names:
                instructor.generate_feedback(name)
                instructor.release_feedback(name)
                for student in students:
                    run.fetched_feedback[student.id, name] = (
                        run.account(student).fetch_feedback(name))

        with stage("export"):
            run.grades_csv = instructor.export_grades(workdir / "grades.csv")
    return run


def _write_roster(path: Path, students: tuple[Student, ...]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "first_name", "last_name", "email"])
        writer.writeheader()
        writer.writerows(s.roster_row() for s in students)


def _write_notebook(submission: Submission, path: Path) -> None:
    import nbformat

    nbformat.write(submission.notebook, path)
