"""The student side of nbgrader's exchange: fetch, submit, fetch feedback.

These run nbgrader's exchange classes in this process, as JupyterLab's
*Assignments* panel does for a student. nbgrader normally takes the student id
from the operating-system user name; here it is given explicitly
(``CourseDirectory.student_id``, the ``--student`` option of ``nbgrader
submit``), so that one machine can act for a whole simulated class. Each
student has a home folder (where assignments are fetched to) and a cache of
their own submissions (``Exchange.cache``), as on separate accounts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory
from nbgrader.utils import capture_log
from traitlets.config import Config

from .nbgrader import NbgraderError

__all__ = ["StudentAccount"]


@dataclass(frozen=True)
class StudentAccount:
    """One student's view of the exchange.

    Attributes
    ----------
    student_id
        The id the submission is filed under (nbgrader's ``--student``).
    home
        The student's folder: assignments are fetched into ``home/<assignment>/``.
    exchange
        The exchange root shared with the instructor.
    course_id
        The course, as in the instructor's ``nbgrader_config.py``.
    """

    student_id: str
    home: Path
    exchange: Path
    course_id: str

    @property
    def cache(self) -> Path:
        """Where nbgrader keeps this student's copies of their submissions."""
        return self.home / ".nbgrader-cache"

    def _config(self, assignment: str) -> Config:
        config = Config()
        config.CourseDirectory.course_id = self.course_id
        config.CourseDirectory.assignment_id = assignment
        config.CourseDirectory.student_id = self.student_id
        config.Exchange.root = str(self.exchange)
        config.Exchange.cache = str(self.cache)
        config.Exchange.assignment_dir = str(self.home)
        config.Exchange.timezone = "UTC"
        return config

    def _run(self, action: str, assignment: str, **options) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        config = self._config(assignment)
        log = logging.getLogger("tests.support.exchange")
        coursedir = CourseDirectory(config=config, log=log)
        factory = ExchangeFactory(config=config, log=log)
        app = getattr(factory, action)(
            coursedir=coursedir,
            config=config,
            log=log,
            authenticator=Authenticator(config=config, log=log),
        )
        for name, value in options.items():
            setattr(app, name, value)
        result = capture_log(app)
        if not result["success"]:
            raise NbgraderError(
                f"student {self.student_id}: {action} of {assignment} failed:\n"
                f"{result.get('log', '')}\n{result.get('error', '')}"
            )

    def fetch(self, assignment: str) -> Path:
        """Fetch a released assignment; return the notebook folder ``home/<assignment>``."""
        self._run("FetchAssignment", assignment)
        return self.home / assignment

    def submit(self, assignment: str) -> None:
        """Submit ``home/<assignment>`` (every notebook in it) to the exchange."""
        self._run("Submit", assignment)

    def fetch_feedback(self, assignment: str) -> list[Path]:
        """Fetch released feedback; return the HTML files now in ``home/<assignment>/feedback``."""
        self._run("FetchFeedback", assignment)
        return sorted((self.home / assignment / "feedback").rglob("*.html"))
