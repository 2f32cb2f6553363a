"""Gradebook backups, and one student's graded submission moved between gradebooks.

``telegram-case grade`` workers grade against their own copy of a SQLite gradebook
and hand back :func:`submission_record`; the parent writes it with :func:`apply_record`.
"""

from __future__ import annotations

import sqlite3
import warnings
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry


def sqlite_file(db_url: str) -> Path | None:
    """The database file of a ``sqlite:///`` URL, or None for a server database."""
    return Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else None


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, even while another process writes to it."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def backup(database: Path, label: str) -> Path:
    """Copy ``database`` to ``<name>.before-<label>-<UTC time>`` beside it; return the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.name}.before-{label}-{stamp}")
    copy_sqlite(database, target)
    return target


def submission_record(db_url: str, assignment: str, student: str) -> dict | None:
    """One student's graded submission as plain data (None if there is none)."""
    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            return None
        grade = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
        notebooks = {
            nb.name: {
                "flagged": nb.flagged,
                "penalty": nb.late_submission_penalty,
                "grades": {g.name: tuple(getattr(g, c) for c in grade) for g in nb.grades},
                "comments": {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments},
            }
            for nb in submission.notebooks
        }
        return {
            "assignment": assignment,
            "student": student,
            "notebooks": notebooks,
            "timestamp": submission.timestamp,
            "extension": submission.extension,
        }


def apply_record(db_url: str, record: dict) -> None:
    """Write a :func:`submission_record` into the gradebook at ``db_url``, replacing grades."""
    from sqlalchemy.exc import SAWarning

    assignment, student = record["assignment"], record["student"]
    with Gradebook(db_url) as gradebook, warnings.catch_warnings():
        # nbgrader's add_submission adds rows to the session late; SQLAlchemy warns each time
        warnings.filterwarnings("ignore", category=SAWarning)
        gradebook.update_or_create_student(student)  # as autograde does: a new one has no names
        submission = gradebook.update_or_create_submission(
            assignment, student, timestamp=record["timestamp"], extension=record["extension"]
        )
        for name, graded in record["notebooks"].items():
            where = (name, assignment, student)
            notebook = gradebook.find_submission_notebook(*where)
            notebook.flagged = graded["flagged"]
            notebook.late_submission_penalty = graded["penalty"]
            for grade_name, values in graded["grades"].items():
                g = gradebook.find_grade(grade_name, *where)
                g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade = values
            for comment_name, (auto, manual) in graded["comments"].items():
                comment = gradebook.find_comment(comment_name, *where)
                comment.auto_comment, comment.manual_comment = auto, manual
        gradebook.db.add(submission)
        gradebook.db.commit()


def require_assignment(db_url: str, assignment: str) -> None:
    """Stop unless the gradebook has ``assignment`` (``generate_assignment`` puts it there),
    naming the ones it has: nbgrader's grading and feedback fail later, saying it in a log."""
    database = sqlite_file(db_url)
    if database is not None and not database.is_file():
        raise ValueError(
            f"no gradebook at {database}: run `nbgrader generate_assignment {assignment}` first"
        )
    with Gradebook(db_url) as book:
        known = sorted(a.name for a in book.assignments)
    if assignment not in known:
        raise ValueError(
            f"{assignment} is not in the gradebook (known: {', '.join(known) or 'none'}): "
            f"run `nbgrader generate_assignment {assignment}` first"
        )
