"""The instructor's side of nbgrader, run in this process.

:class:`Instructor` drives a course folder through nbgrader's Python API,
``nbgrader.apps.NbGraderAPI`` (the API behind the formgrader's buttons), and
its gradebook, ``nbgrader.api.Gradebook`` (for due dates, the roster and hand
grading). Each step is the same code as the nbgrader command the instructor
guide names, without a new Python process for every command; a step that
fails raises :class:`~telegram_case.instructor.cli.NbgraderError` naming the
assignment, the student and nbgrader's log.

The configuration is the course's own ``nbgrader_config.py`` (nothing from the
user's or the system's Jupyter folders), with the course root, the gradebook
and the exchange set explicitly, so a scratch copy never reaches the real ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import CsvExportPlugin
from traitlets.config import Config

from .cli import NbgraderError
from .config import load_course_config

__all__ = ["Instructor", "quiet_logger"]


def quiet_logger(name: str) -> logging.Logger:
    """A logger for nbgrader's messages that prints nothing by itself.

    nbgrader's API captures each step's log (and :class:`Instructor` puts it into
    the error message of a step that fails); nothing else should reach the terminal.
    """
    log = logging.getLogger(name)
    log.propagate = False
    log.setLevel(logging.INFO)
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    return log


class Instructor:
    """One instructor's course folder, gradebook and exchange.

    Parameters
    ----------
    course
        The course folder (``source/`` and ``nbgrader_config.py``).
    exchange
        The exchange root.
    db_url
        The gradebook (default: ``sqlite:///<course>/gradebook.db``, whatever
        ``TELEGRAM_CASE_DB_URL`` says).
    overrides
        Extra configuration, applied last.
    """

    def __init__(self, course: Path, exchange: Path, db_url: str | None = None,
                 overrides: Config | None = None):
        self.course = Path(course)
        config = load_course_config(self.course)
        config.CourseDirectory.root = str(self.course)
        config.CourseDirectory.db_url = db_url or f"sqlite:///{self.course / 'gradebook.db'}"
        config.Exchange.root = str(exchange)
        config.Exchange.cache = str(self.course / ".nbgrader-cache")
        if overrides is not None:
            config.merge(overrides)
        self.config = config
        self.log = quiet_logger("telegram_case.instructor.nbgrader")
        self.coursedir = CourseDirectory(config=config, log=self.log)
        self.api = NbGraderAPI(coursedir=self.coursedir, config=config, log=self.log)

    @property
    def course_id(self) -> str:
        """The course id from the configuration."""
        return self.coursedir.course_id

    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL."""
        return self.coursedir.db_url

    @contextlib.contextmanager
    def gradebook(self) -> Iterator[Gradebook]:
        """The gradebook, opened for the ``with`` block and closed after it."""
        with Gradebook(self.db_url, self.course_id) as gradebook:
            yield gradebook

    def _check(self, what: str, result: dict) -> dict:
        if not result.get("success"):
            raise NbgraderError(f"{what} failed:\n{result.get('log', '')}\n"
                                f"{result.get('error', '')}")
        return result

    def path(self, folder: str, assignment: str, student: str | None = None) -> Path:
        """``course/<folder>/[<student>/]<assignment>/<assignment>.<ext>``."""
        parts = [folder] + ([student] if student else []) + [assignment]
        suffix = ".html" if folder == "feedback" else ".ipynb"
        return self.course.joinpath(*parts) / f"{assignment}{suffix}"

    # -- release -------------------------------------------------------------------------------

    def generate(self, assignment: str) -> Path:
        """``nbgrader generate_assignment ASSIGNMENT --force``; return the student version."""
        self._check(f"generate_assignment {assignment}", self.api.generate_assignment(assignment))
        return self.path("release", assignment)

    def release(self, assignment: str) -> None:
        """``nbgrader release_assignment ASSIGNMENT``: put it in the exchange for students."""
        self._check(f"release_assignment {assignment}", self.api.release_assignment(assignment))

    def add_students(self, roster: list[dict]) -> None:
        """``nbgrader db student import``: rows with id, first_name, last_name, email."""
        with self.gradebook() as gradebook:
            for row in roster:
                fields = {k: v for k, v in row.items() if k != "id"}
                gradebook.update_or_create_student(row["id"], **fields)

    def set_due_date(self, assignment: str, due: dt.datetime) -> None:
        """``nbgrader db assignment add ASSIGNMENT --duedate=...`` (``due`` in UTC)."""
        with self.gradebook() as gradebook:
            gradebook.update_or_create_assignment(assignment, duedate=due)

    # -- grading -------------------------------------------------------------------------------

    def collect(self, assignment: str) -> list[str]:
        """``nbgrader collect ASSIGNMENT``; return the students now in ``submitted/``."""
        self._check(f"collect {assignment}", self.api.collect(assignment))
        return sorted(p.parent.name for p in (self.course / "submitted").glob(f"*/{assignment}"))

    def autograde(self, assignment: str, student: str) -> Path:
        """``nbgrader autograde ASSIGNMENT --student STUDENT --force``.

        Raises
        ------
        NbgraderError
            If nbgrader fails, or writes no autograded notebook (it removes the
            notebook of a submission it could not grade).
        """
        what = f"autograde of {assignment} for student {student}"
        self._check(what, self.api.autograde(assignment, student))
        notebook = self.path("autograded", assignment, student)
        if not notebook.is_file():
            raise NbgraderError(f"{what} wrote no {notebook}")
        return notebook

    def hand_grade(self, assignment: str, student: str, grade_id: str, score: float,
                   comment: str, notebook: str | None = None) -> None:
        """Give a written answer a score and a comment, as a grader does in the formgrader.

        Raises
        ------
        ValueError
            If ``score`` is more than the cell is worth.
        nbgrader.api.MissingEntry
            If the student, notebook or cell is not in the gradebook.
        """
        notebook = notebook or assignment
        with self.gradebook() as gradebook:
            grade = gradebook.find_grade(grade_id, notebook, assignment, student)
            if score > grade.max_score:
                raise ValueError(f"{student}, {notebook}, {grade_id}: {score} is more than "
                                 f"the {grade.max_score} points the cell is worth")
            grade.manual_score = score
            grade.needs_manual_grade = False  # what the formgrader does when a grader saves
            gradebook.find_comment(grade_id, notebook, assignment, student).manual_comment = comment
            gradebook.db.commit()

    # -- feedback and export -------------------------------------------------------------------

    def generate_feedback(self, assignment: str) -> None:
        """``nbgrader generate_feedback ASSIGNMENT --force`` for every graded student."""
        self._check(f"generate_feedback {assignment}", self.api.generate_feedback(assignment))

    def release_feedback(self, assignment: str) -> None:
        """``nbgrader release_feedback ASSIGNMENT``: put the feedback in the exchange."""
        self._check(f"release_feedback {assignment}", self.api.release_feedback(assignment))

    def export_grades(self, target: Path) -> Path:
        """``nbgrader export --to TARGET``: one CSV row per student and assignment."""
        plugin = CsvExportPlugin(config=self.config, log=self.log)
        plugin.to = str(target)
        with self.gradebook() as gradebook:
            plugin.export(gradebook)
        return Path(target)
