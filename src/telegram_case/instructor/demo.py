"""``telegram-case demo``: a small class graded end to end in a scratch folder.

Four demo students hand in every notebook (everything answered, the first half, nothing,
everything but late); the demo generates, grades with ``telegram-case grade``, grades the
written answers by hand, writes feedback and exports, and prints the grade table. The
scratch gradebook and exchange are passed as nbgrader options, so the course's own are
never touched, whatever its ``nbgrader_config.py`` says.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from rich.console import Console
from rich.table import Table

from .. import cells
from .export import EXPORTERS
from .grade import grade_class
from .release import assignments, scratch_course

# id, first name, last name, share of the questions answered, submits after the due date
DEMO_CLASS = (
    ("ada", "Ada", "Lovelace", 1.0, False),
    ("grace", "Grace", "Hopper", 0.5, False),
    ("edsger", "Edsger", "Dijkstra", 0.0, False),
    ("barbara", "Barbara", "Liskov", 1.0, True),
)


def model_answer(source: str) -> str:
    """A written answer as a student would write it: the model answer without its label."""
    return re.sub(r"^\s*\*Model answer[^*]*\*\s*", "", cells.solution_code(source)).strip()


def answered(release, source, share: float):
    """The student version with the first ``share`` of its code and written answers given
    (the instructor's solutions and model answers); the later ones stay as released."""
    solutions = {cells.grade_id(c): c.source for c in source.cells if cells.meta(c).get("solution")}
    notebook = copy.deepcopy(release)
    answers = [c for c in notebook.cells if cells.grade_id(c) in solutions]
    for kind, write in (("code", cells.solution_code), ("markdown", model_answer)):
        group = [cell for cell in answers if cell.cell_type == kind]
        for cell in group[: math.ceil(len(group) * share)]:
            cell.source = write(solutions[cells.grade_id(cell)])
    return notebook


def _hand_in(scratch: Path, db_url: str, name: str, due: dt.datetime) -> None:
    """The roster and the due date in the gradebook; every demo student's submission."""
    with Gradebook(db_url) as gradebook:
        gradebook.update_or_create_assignment(name, duedate=due)
        for student, first, last, *_ in DEMO_CLASS:
            gradebook.update_or_create_student(student, first_name=first, last_name=last)
    source, release = (
        nbformat.read(scratch / folder / name / f"{name}.ipynb", as_version=4)
        for folder in ("source", "release")
    )
    for student, *_, share, late in DEMO_CLASS:
        folder = scratch / "submitted" / student / name
        folder.mkdir(parents=True)
        nbformat.write(answered(release, source, share), folder / f"{name}.ipynb")
        when = due + dt.timedelta(hours=1 if late else -1)
        (folder / "timestamp.txt").write_text(f"{when:%Y-%m-%d %H:%M:%S.%f} UTC")


def _hand_grade(db_url: str, name: str, student: str, share: float) -> None:
    """Each written answer gets the share of its points the student answered, with a comment."""
    comment = "Meets the rubric." if share == 1 else "Half the rubric: add sources and a limit."
    with Gradebook(db_url) as gradebook:
        for grade in gradebook.find_submission_notebook(name, name, student).grades:
            if grade.needs_manual_grade:
                grade.manual_score = math.floor(grade.max_score * share * 2) / 2
                grade.needs_manual_grade = False
                gradebook.find_comment(grade.name, name, name, student).manual_comment = comment
        gradebook.db.commit()


def _table(db_url: str, names: list[str]) -> Table:
    table = Table("student", *[name.split("-")[0] for name in names], "total")
    with Gradebook(db_url) as gradebook:
        for student, *_, share, late in DEMO_CLASS:
            scores = [gradebook.find_submission(name, student) for name in names]
            cells = [f"{s.score:g}/{s.max_score:g}{'*' if late else ''}" for s in scores]
            total = f"{sum(s.score for s in scores):g}/{sum(s.max_score for s in scores):g}"
            table.add_row(f"{student} ({share:.0%} answered)", *cells, total)
    return table


def run_demo(course: Path, workdir: Path, names: list[str] | None = None, console=None) -> Path:
    """Grade the demo class on ``names`` (default: all assignments); return the scratch course."""
    console, names = console or Console(), names or assignments(course)
    options, api = scratch_course(course, workdir)
    scratch, db_url = workdir / "course", api.coursedir.db_url
    due = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for name in names:
        console.print(f"[bold]{name}[/]: generate, hand in, grade, hand-grade, feedback")
        if not api.generate_assignment(name)["success"]:
            raise RuntimeError(f"generate_assignment {name} failed")
        _hand_in(scratch, db_url, name, due)
        grade_class(scratch, name, options, console=console)
        for student, *_, share, _late in DEMO_CLASS:
            _hand_grade(db_url, name, student, share)
        api.generate_feedback(name)
    with Gradebook(db_url) as gradebook:
        for kind in ("grades", "questions"):
            EXPORTERS[kind](config=api.config, to=str(workdir / f"{kind}.csv")).export(gradebook)
    console.print(_table(db_url, names))
    return scratch
