"""``telegram-case demo`` on one notebook: scores as answered, and nothing outside its folder.

The course copy it runs on names its own gradebook and exchange in
``nbgrader_config.py`` (as an instructor's may): the demo must not write them.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from rich.console import Console

from telegram_case.instructor.demo import DEMO_CLASS, run_demo

from .support import cells

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
FIRST = sorted(p.name for p in (ROOT / "course" / "source").iterdir() if p.is_dir())[0]


def _expected(source, share: float) -> float:
    """What a demo student who answers ``share`` of the questions scores (by hand too)."""
    answers = [
        cells.grade_id(c)
        for c in source.cells
        if cells.meta(c).get("solution") and c.cell_type == "code"
    ]
    done = set(answers[: math.ceil(len(answers) * share)])
    graded = cells.grade_cells(source)
    tests = sum(
        c.points for c in graded if c.kind == "test" and cells.answer_id(c.grade_id) in done
    )
    written = [c for c in graded if c.kind == "written"]
    hand = written[: math.ceil(len(written) * share)]
    return tests + sum(math.floor(c.points * share * 2) / 2 for c in hand)


def test_demo_grades_its_class_and_touches_nothing_else(tmp_path):
    course, real = tmp_path / "course", tmp_path / "real"
    shutil.copytree(ROOT / "course" / "source" / FIRST, course / "source" / FIRST)
    text = (ROOT / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(
        f'{text}\nc.CourseDirectory.db_url = "sqlite:///{real / "gradebook.db"}"\n'
        f'c.Exchange.root = "{real / "exchange"}"\n',
        encoding="utf-8",
    )
    before = sorted(p.name for p in course.rglob("*"))
    scratch = run_demo(course, tmp_path / "demo", [FIRST], Console(quiet=True))

    source = cells.read_notebook(course / "source" / FIRST / f"{FIRST}.ipynb")
    with Gradebook(f"sqlite:///{tmp_path / 'demo' / 'gradebook.db'}") as gradebook:
        for student, *_, share, late in DEMO_CLASS:
            submission = gradebook.find_submission(FIRST, student)
            assert submission.score == _expected(source, share), student
            assert not submission.needs_manual_grade, student
            assert (submission.total_seconds_late > 0) == late, student
    for student, *_ in DEMO_CLASS:
        assert (scratch / "feedback" / student / FIRST / f"{FIRST}.html").is_file()
    assert (scratch / "reports" / FIRST / "report.md").is_file()
    assert (tmp_path / "demo" / "grades.csv").is_file()
    assert (tmp_path / "demo" / "questions.csv").is_file()
    assert not real.exists(), "the demo wrote into the configured gradebook or exchange"
    assert sorted(p.name for p in course.rglob("*")) == before
