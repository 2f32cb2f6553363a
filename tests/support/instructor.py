"""The instructor's side of nbgrader for the simulated class, run in this process.

:class:`Instructor` drives a scratch course through nbgrader's Python API
(``NbGraderAPI``, the API behind the formgrader's buttons) and its gradebook,
with the course's configuration loaded as nbgrader loads it and the scratch
gradebook and exchange passed as nbgrader options.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from telegram_case.instructor.config import load_config, scratch_options

from .nbgrader import NbgraderError


class Instructor:
    """One instructor's scratch course folder, gradebook and exchange (all in ``workdir``)."""

    def __init__(self, course: Path, workdir: Path, extra: list[str] = ()):
        self.course = Path(course)
        (Path(workdir) / "exchange").mkdir(parents=True, exist_ok=True)
        self.options = [f"--CourseDirectory.root={course}", *scratch_options(workdir), *extra]
        self.config, self.coursedir = load_config(self.course, self.options)
        self.api = NbGraderAPI(self.coursedir, config=self.config)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id

    @contextlib.contextmanager
    def gradebook(self):
        with Gradebook(self.db_url, self.course_id) as gradebook:
            yield gradebook

    def check(self, what: str, result: dict) -> None:
        if not result.get("success"):
            raise NbgraderError(f"{what} failed:\n{result.get('log', '')}\n{result.get('error')}")

    def path(self, folder: str, assignment: str, student: str | None = None) -> Path:
        """``course/<folder>/[<student>/]<assignment>/<assignment>.ipynb`` (``.html``: feedback)."""
        parts = [folder] + ([student] if student else []) + [assignment]
        suffix = ".html" if folder == "feedback" else ".ipynb"
        return self.course.joinpath(*parts) / f"{assignment}{suffix}"

    def add_students(self, roster: list[dict]) -> None:
        with self.gradebook() as gradebook:
            for row in roster:
                gradebook.update_or_create_student(
                    row["id"], **{k: v for k, v in row.items() if k != "id"}
                )

    def set_due_date(self, assignment: str, due: dt.datetime) -> None:
        with self.gradebook() as gradebook:
            gradebook.update_or_create_assignment(assignment, duedate=due)

    def hand_grade(
        self, assignment: str, student: str, grade_id: str, score: float, comment: str
    ) -> None:
        """What the formgrader does when a grader saves a score and a comment."""
        with self.gradebook() as gradebook:
            grade = gradebook.find_grade(grade_id, assignment, assignment, student)
            grade.manual_score, grade.needs_manual_grade = score, False
            comment_row = gradebook.find_comment(grade_id, assignment, assignment, student)
            comment_row.manual_comment = comment
            gradebook.db.commit()
