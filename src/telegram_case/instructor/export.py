"""``telegram-case export``: grades per question, and a gradebook Canvas imports.

``questions``: one row per student, notebook and grade cell (auto and manual score).
``canvas``: Canvas's gradebook CSV (*Grades → Import*): a row per student, a column per
assignment (score after any late penalty), keyed by the roster's ``lms_user_id``
(Canvas's user ID). ``grades``: nbgrader's own export.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin

__all__ = ["EXPORTS", "canvas_rows", "question_rows"]

_SCORES = ["score", "max_score", "auto_score", "manual_score", "needs_manual_grade"]
QUESTION_COLUMNS = ["student_id", "assignment", "notebook", "question", "cell_type", *_SCORES]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def question_rows(gradebook: Gradebook) -> Iterator[dict]:
    """One row per graded cell of every submission in the gradebook."""
    for assignment in gradebook.assignments:
        for submission in gradebook.assignment_submissions(assignment.name):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    values = [submission.student.id, assignment.name, notebook.name, grade.name]
                    values += [grade.cell.cell_type, *(getattr(grade, s) for s in _SCORES)]
                    yield dict(zip(QUESTION_COLUMNS, values, strict=True))


def canvas_rows(gradebook: Gradebook) -> Iterator[dict]:
    """Canvas's import rows: "Points Possible" first, then one row per student.

    Raises
    ------
    ValueError
        Naming the students without an ``lms_user_id``: Canvas could not match them.
    """
    missing = sorted(s.id for s in gradebook.students if not s.lms_user_id)
    if missing:
        raise ValueError(
            f"no lms_user_id for {', '.join(missing)}: add an lms_user_id column (Canvas's "
            "user ID) to the roster and import it with `nbgrader db student import`"
        )
    names = [a.name for a in gradebook.assignments]
    yield {"Student": "Points Possible"} | {a.name: a.max_score for a in gradebook.assignments}
    for student in gradebook.students:
        row = {"Student": f"{student.last_name or ''}, {student.first_name or ''}".strip(", ")}
        row |= {"ID": student.lms_user_id, "SIS Login ID": student.id}
        for name in names:
            try:
                submission = gradebook.find_submission(name, student.id)
            except MissingEntry:  # not submitted: 0, as nbgrader's own export has it
                row[name] = 0.0
            else:
                row[name] = submission.score - (submission.late_submission_penalty or 0.0)
        yield row


def _write(rows: Iterator[dict], columns: list[str], target: Path) -> Path:
    table = pd.DataFrame(list(rows))
    table = table.reindex(columns=[*columns, *(c for c in table.columns if c not in columns)])
    table.to_csv(target, index=False, lineterminator="\r\n")  # as the csv module writes it
    return target


def _nbgrader_grades(gradebook: Gradebook, target: Path, config) -> Path:
    CsvExportPlugin(config=config, to=str(target)).export(gradebook)
    return target


EXPORTS = {
    "questions": lambda gb, target, config: _write(question_rows(gb), QUESTION_COLUMNS, target),
    "canvas": lambda gb, target, config: _write(canvas_rows(gb), CANVAS_COLUMNS, target),
    "grades": _nbgrader_grades,
}
"""Export kind -> function(gradebook, target file, nbgrader config) writing it."""
