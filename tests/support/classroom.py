"""A simulated class: the whole nbgrader round trip in a scratch folder.

:func:`simulate_class` copies the course's ``source/`` and ``nbgrader_config.py``
into a new folder and runs, for every assignment: ``generate_assignment`` and
``release_assignment``; ``fetch_assignment`` by every student (each in a home
folder of their own); the students answer and ``submit`` (the late ones after the
due date is set); ``collect``; ``telegram-case grade``; hand grading of the
written answers; ``generate_feedback``, ``release_feedback``, ``fetch_feedback``;
and the grade export. Nothing outside the scratch folder is written: the
gradebook and the exchange are passed as nbgrader options.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.plugins import CsvExportPlugin
from rich.console import Console

from telegram_case.instructor.grade import grade_class
from telegram_case.instructor.release import assignments as course_assignments

from .exchange import StudentAccount
from .instructor import Instructor
from .submissions import KINDS, Submission, build_submission


@dataclass(frozen=True)
class Student:
    """A simulated student: their roster row, how they answer, whether they are late."""

    id: str
    first_name: str
    last_name: str
    kind: str
    late: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"student {self.id}: unknown kind {self.kind!r}; use one of {KINDS}")

    @property
    def email(self) -> str:
        return f"{self.id}@example.edu"

    def roster_row(self) -> dict:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "lms_user_id": f"lms-{self.id}",
        }


TEST_CLASS = (
    Student("ada", "Ada", "Lovelace", "full"),
    Student("grace", "Grace", "Hopper", "partial"),
    Student("alan", "Alan", "Turing", "full", late=True),
    Student("edsger", "Edsger", "Dijkstra", "untouched"),
    Student("mallory", "Mallory", "Mischief", "cheat"),
)


@dataclass
class ClassRun:
    """What a simulated class produced, and where."""

    workdir: Path
    instructor: Instructor
    students: tuple[Student, ...]
    assignments: list[str]
    submissions: dict[tuple[str, str], Submission] = field(default_factory=dict)
    deadline: dt.datetime | None = None
    grades_csv: Path | None = None
    fetched_feedback: dict[tuple[str, str], list[Path]] = field(default_factory=dict)
    reports: dict = field(default_factory=dict)

    @property
    def course(self) -> Path:
        return self.instructor.course

    @property
    def feedback(self) -> Path:
        return self.course / "feedback"

    def account(self, student: Student) -> StudentAccount:
        return StudentAccount(
            student.id,
            self.workdir / "students" / student.id,
            self.workdir / "exchange",
            self.instructor.course_id,
        )

    def grades(self) -> list[dict]:
        with open(self.grades_csv, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))


def scratch_course(course: Path, target: Path, names: list[str]) -> Path:
    """``target`` with the course's ``nbgrader_config.py`` and the ``names`` of its ``source/``."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in names:
        shutil.copytree(course / "source" / name, target / "source" / name, ignore=ignore)
    shutil.copy2(course / "nbgrader_config.py", target / "nbgrader_config.py")
    return target


def simulate_class(
    course: Path, workdir: Path, students=TEST_CLASS, names=None, workers: int | None = None
) -> ClassRun:
    """Run a simulated class through the whole nbgrader round trip; see the module."""
    names = list(names or course_assignments(course))
    scratch = scratch_course(Path(course), workdir / "course", names)
    # one OS user submits for the whole class: collect must not check the owner
    instructor = Instructor(scratch, workdir, ["--ExchangeCollect.check_owner=False"])
    run = ClassRun(workdir, instructor, tuple(students), names)
    instructor.add_students([s.roster_row() for s in run.students])
    for name in names:
        instructor.check(f"generate {name}", instructor.api.generate_assignment(name))
        instructor.check(f"release {name}", instructor.api.release_assignment(name))
    _hand_in(run)
    for name in names:
        instructor.check(f"collect {name}", instructor.api.collect(name))
        run.reports[name] = grade_class(
            scratch, name, instructor.options, workers=workers, console=Console(quiet=True)
        )
        for student in run.students:
            for gid, hand in run.submissions[student.id, name].hand_grades.items():
                instructor.hand_grade(name, student.id, gid, hand.score, hand.comment)
        instructor.check(f"feedback {name}", instructor.api.generate_feedback(name))
        instructor.check(f"release feedback {name}", instructor.api.release_feedback(name))
        for student in run.students:
            run.fetched_feedback[student.id, name] = run.account(student).fetch_feedback(name)
    with instructor.gradebook() as gradebook:
        run.grades_csv = workdir / "grades.csv"
        CsvExportPlugin(config=instructor.config, to=str(run.grades_csv)).export(gradebook)
    return run


def _hand_in(run: ClassRun) -> None:
    """Every student fetches, answers and submits; the deadline passes before the late ones."""
    for name in run.assignments:
        source = nbformat.read(run.course / "source" / name / f"{name}.ipynb", as_version=4)
        for student in run.students:
            folder = run.account(student).fetch(name)
            release = nbformat.read(folder / f"{name}.ipynb", as_version=4)
            submission = build_submission(student.kind, name, source, release)
            nbformat.write(submission.notebook, folder / f"{name}.ipynb")
            run.submissions[student.id, name] = submission
    for late in (False, True):
        if late:  # the deadline passes now
            run.deadline = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            for name in run.assignments:
                run.instructor.set_due_date(name, run.deadline)
        for student in (s for s in run.students if s.late == late):
            for name in run.assignments:
                run.account(student).submit(name)
