"""Grade exports as nbgrader export plugins: per question, and a gradebook Canvas imports.

``QuestionExport``: one row per student, notebook and grade cell (auto and manual score).
``CanvasExport``: Canvas's gradebook CSV (*Grades → Import*): a row per student, a column
per assignment (score after any late penalty; blank, which Canvas leaves as it is, where a
student has no graded submission or answers still to grade by hand), keyed by the roster's
``lms_user_id`` (Canvas's user ID). Both honour ``--assignment``/``--student`` like
nbgrader's own CSV export and run from nbgrader's command line too:
``nbgrader export --exporter=telegram_case.instructor.export.CanvasExport --to canvas.csv``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import CsvExportPlugin, ExportPlugin

__all__ = ["EXPORTERS", "CanvasExport", "GradesExport", "QuestionExport"]

_SCORES = ("score", "max_score", "auto_score", "manual_score", "needs_manual_grade")


def _refuse_unknown_filters(plugin: ExportPlugin, gradebook: Gradebook) -> None:
    """Stop, naming them, at ``--assignment``/``--student`` values the gradebook does not have
    (a typo would otherwise export nothing, silently)."""
    known = {
        "assignment": {a.name for a in gradebook.assignments},
        "student": {s.id for s in gradebook.students},
    }
    wrong = [
        f"{kind} {name!r}"
        for kind in known
        for name in getattr(plugin, kind)
        if name not in known[kind]
    ]
    if wrong:
        raise ValueError(f"not in the gradebook: {', '.join(wrong)}")


class GradesExport(CsvExportPlugin):
    """nbgrader's own CSV export (``grades.csv``), refusing filters the gradebook lacks."""

    def export(self, gradebook: Gradebook) -> None:
        _refuse_unknown_filters(self, gradebook)
        super().export(gradebook)


class _TableExport(ExportPlugin):
    """An export of :meth:`rows` to a CSV file with ``columns`` first."""

    columns: tuple[str, ...] = ()
    default_file = ""

    def rows(self, gradebook: Gradebook, assignments: list[str], students: list) -> Iterator:
        raise NotImplementedError

    def export(self, gradebook: Gradebook) -> None:
        _refuse_unknown_filters(self, gradebook)
        assignments = [a.name for a in gradebook.assignments]
        assignments = [a for a in assignments if a in self.assignment or not self.assignment]
        students = [s for s in gradebook.students if s.id in self.student or not self.student]
        table = pd.DataFrame(list(self.rows(gradebook, assignments, students)))
        table = table.reindex(
            columns=[*self.columns, *table.columns.drop(list(self.columns), errors="ignore")]
        )
        target = self.to or self.default_file
        self.log.info("Exporting %s to %s", type(self).__name__, target)
        table.to_csv(target, index=False, lineterminator="\r\n")  # as the csv module writes it


class QuestionExport(_TableExport):
    """Scores per question: one row per graded cell of every submission (``questions.csv``)."""

    columns = ("student_id", "assignment", "notebook", "question", "cell_type", *_SCORES)
    default_file = "questions.csv"

    def rows(self, gradebook, assignments, students):
        ids = {student.id for student in students}
        for name in assignments:
            for submission in gradebook.assignment_submissions(name):
                if submission.student.id not in ids:
                    continue
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        values = [submission.student.id, name, notebook.name, grade.name]
                        values += [grade.cell.cell_type, *(getattr(grade, s) for s in _SCORES)]
                        yield dict(zip(self.columns, values, strict=True))


class CanvasExport(_TableExport):
    """Canvas's gradebook import (``canvas.csv``): "Points Possible" first, then one row per
    student. Stops, naming them, at students without an ``lms_user_id``; a submission not
    graded, or not finished by hand, is left blank (Canvas reads blank as "no change")."""

    columns = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
    default_file = "canvas.csv"

    def rows(self, gradebook, assignments, students):
        missing = sorted(s.id for s in students if not s.lms_user_id)
        if missing:
            raise ValueError(
                f"no lms_user_id for {', '.join(missing)}: add an lms_user_id column (Canvas's "
                "user ID) to the roster and import it with `nbgrader db student import`"
            )
        points = {a: gradebook.find_assignment(a).max_score for a in assignments}
        yield {"Student": "Points Possible"} | points
        blank = []
        for student in students:
            row = {"Student": f"{student.last_name or ''}, {student.first_name or ''}".strip(", ")}
            row |= {"ID": student.lms_user_id, "SIS Login ID": student.id}
            for name in assignments:
                row[name] = self._score(gradebook, name, student.id, blank)
            yield row
        if blank:
            self.log.warning("left blank (Canvas keeps what it has): %s", "; ".join(blank))

    @staticmethod
    def _score(gradebook, assignment: str, student: str, blank: list) -> float | None:
        """The score after any late penalty; None (blank) with no graded submission or with
        answers still to grade by hand (noted in ``blank``), so an import mid-term writes
        neither zeros nor partial scores into Canvas."""
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            blank.append(f"{student}, {assignment}: no graded submission")
            return None
        if submission.needs_manual_grade:
            blank.append(f"{student}, {assignment}: answers still to grade by hand")
            return None
        return submission.score - (submission.late_submission_penalty or 0.0)


EXPORTERS = {"questions": QuestionExport, "canvas": CanvasExport, "grades": GradesExport}
"""``telegram-case export KIND``: the nbgrader export plugin of each kind."""
