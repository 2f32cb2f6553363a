"""The score so far: one table for the last cell of every graded notebook.

``q.progress()`` checks every question of the notebook against the student's
current answers, without raising, and shows each with its outcome, the
machine-graded points earned so far out of the total, and the written answers
as "read by a person". It is a plain cell, so it neither costs nor earns points;
while nbgrader grades it does nothing.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from .checking import MARKS, Outcome, Question, Written, graded

__all__ = ["Progress", "ProgressRow", "ProgressTable"]


@dataclass(frozen=True)
class ProgressRow:
    title: str
    points: float | None
    status: str
    earned: float | None


@dataclass(frozen=True)
class ProgressTable:
    """What a student has done so far; shown as HTML in a notebook, as text elsewhere."""

    rows: tuple[ProgressRow, ...]
    earned: float
    machine_total: float
    written_total: float
    hidden_tests: bool

    def summary(self) -> str:
        if not self.machine_total and not self.written_total:  # the practice notebook
            return (
                "These are practice questions: they earn no points. In a graded notebook "
                "this line adds up the points your checks give you so far."
            )
        text = f"Checked by machine so far: {self.earned:g} of {self.machine_total:g} points."
        if self.hidden_tests:
            text += " Questions marked with hidden tests run more cases when graded."
        if self.written_total:
            text += f" Written answers ({self.written_total:g} points) are read by a person."
        return text

    def __repr__(self) -> str:
        width = max(len(row.title) for row in self.rows)
        lines = [f"{row.title:<{width}}  {_points(row):>9}  {row.status}" for row in self.rows]
        return "\n".join([*lines, "", self.summary()])

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(row.title)}</td><td>{_points(row)}</td>"
            f"<td>{html.escape(row.status)}</td></tr>"
            for row in self.rows
        )
        return (
            f"<table class='tex2jax_ignore mathjax_ignore'><caption>Your progress in this "
            f"notebook</caption><thead><tr><th>question</th><th>points</th><th>status</th>"
            f"</tr></thead><tbody>{body}</tbody></table><p>{html.escape(self.summary())}</p>"
        )


def _points(row: ProgressRow) -> str:
    if row.points is None:  # practice questions, or no instructor notebook to read points from
        return "–"
    if row.earned is None:
        return f"{row.points:g}"
    return f"{row.earned:g} / {row.points:g}"


def _status(question: Question, values: tuple) -> tuple[str, bool]:
    try:
        outcome = question.outcome(*values)
    except Exception:  # a hostile or broken answer must not stop the table
        outcome = Outcome.NOT_YET
    label = f"{MARKS[outcome]} {outcome.value}"
    if outcome is Outcome.CORRECT and question.has_hidden_tests():
        label += " (visible check; hidden tests run when graded)"
    return label, outcome is Outcome.CORRECT


class Progress:
    """``q.progress()``: the table of a notebook's questions and the score so far."""

    def __init__(
        self, notebook: str, questions: tuple[Question, ...], written: tuple[Written, ...]
    ):
        self.notebook, self.questions, self.written = notebook, questions, written

    def __repr__(self) -> str:
        return f"<progress of notebook {self.notebook}: call q.progress()>"

    def table(self, namespace: dict) -> ProgressTable:
        """The table for the answers in ``namespace`` (a notebook's variables)."""
        rows, earned, total = [], 0.0, 0.0
        for question in self.questions:
            values = tuple(namespace.get(name, None) for name in question.variables)
            label, correct = _status(question, values)
            points = question.points()
            gained = (points or 0.0) if correct else 0.0
            rows.append(ProgressRow(question.title, points, label, gained))
            earned, total = earned + gained, total + (points or 0.0)
        written_total = 0.0
        for item in self.written:
            points = item.points()
            written_total += points or 0.0
            rows.append(ProgressRow(item.title, points, "read by a person", None))
        hidden = any(question.has_hidden_tests() for question in self.questions)
        return ProgressTable(tuple(rows), earned, total, written_total, hidden)

    def __call__(self) -> ProgressTable | None:
        """Show each question's outcome and the points so far (does nothing while graded)."""
        if graded():
            print("The progress table is not computed while the notebook is graded.")
            return None
        return self.table(sys._getframe(1).f_globals)
