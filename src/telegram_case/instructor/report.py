"""The grade table: one row per student, one column per notebook, from the gradebook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nbgrader.api import Gradebook, MissingEntry

__all__ = ["Grade", "format_table", "read_grades"]


@dataclass(frozen=True)
class Grade:
    """One student's result on one assignment, as the gradebook has it.

    Attributes
    ----------
    student, assignment
        Who and what.
    score
        Points after any late penalty.
    max_score
        Points available.
    seconds_late
        How long after the due date it was submitted (0 if on time).
    penalty
        Points taken for lateness.
    needs_manual_grade
        True while a written answer still waits for a hand grade.
    submitted
        False if the student has no submission.
    """

    student: str
    assignment: str
    score: float
    max_score: float
    seconds_late: float
    penalty: float
    needs_manual_grade: bool
    submitted: bool = True

    @property
    def late(self) -> bool:
        """Submitted after the due date."""
        return self.seconds_late > 0


def read_grades(db_url: str, course_id: str, students: Iterable[str],
                assignments: Iterable[str]) -> list[Grade]:
    """Every (student, assignment) result from the gradebook at ``db_url``."""
    grades = []
    with Gradebook(db_url, course_id) as gradebook:
        for assignment in assignments:
            max_score = gradebook.find_assignment(assignment).max_score
            for student in students:
                try:
                    submission = gradebook.find_submission(assignment, student)
                except MissingEntry:
                    grades.append(Grade(student, assignment, 0.0, max_score, 0.0, 0.0, False,
                                        submitted=False))
                    continue
                penalty = float(submission.late_submission_penalty or 0.0)
                grades.append(Grade(student, assignment, submission.score - penalty, max_score,
                                    submission.total_seconds_late, penalty,
                                    bool(submission.needs_manual_grade)))
    return grades


def format_table(grades: list[Grade], labels: dict[str, str] | None = None) -> str:
    """A plain-text table: students down, notebooks across, then the total.

    Parameters
    ----------
    grades
        From :func:`read_grades`.
    labels
        Student id -> a few words shown after the id (e.g. what they did).

    Returns
    -------
    str
        The table, with a legend for the marks after a score.
    """
    labels = labels or {}
    students = list(dict.fromkeys(g.student for g in grades))
    assignments = list(dict.fromkeys(g.assignment for g in grades))
    by_key = {(g.student, g.assignment): g for g in grades}
    header = ["student", *[a.split("-")[0] for a in assignments], "total"]
    rows = []
    for student in students:
        mine = [by_key[student, a] for a in assignments]
        cells = [f"{student} ({labels[student]})" if student in labels else student]
        for grade in mine:
            mark = "-" if not grade.submitted else (
                ("?" if grade.needs_manual_grade else "") + ("*" if grade.late else ""))
            cells.append(f"{grade.score:g}/{grade.max_score:g}{mark}")
        total = sum(g.score for g in mine)
        cells.append(f"{total:g}/{sum(g.max_score for g in mine):g}")
        rows.append(cells)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                       for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    legend = ["* submitted after the due date   ? waits for a hand grade   - not submitted",
              "Notebooks: " + ", ".join(assignments)]
    return "\n".join([*lines, "", *legend])
