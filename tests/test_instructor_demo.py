"""`python -m telegram_case.instructor.demo` on one notebook, in a scratch folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from telegram_case.instructor import cells, demo
from telegram_case.instructor.simulation import DEMO_CLASS
from telegram_case.instructor.submissions import build_submission

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
FIRST = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())[0]


def test_demo_prints_the_grade_table_and_keeps_only_the_feedback(tmp_path, monkeypatch, capsys):
    # a real shared gradebook or exchange in the environment must not be used
    monkeypatch.setenv("TELEGRAM_CASE_DB_URL", f"sqlite:///{tmp_path / 'real-gradebook.db'}")
    monkeypatch.setenv("TELEGRAM_CASE_EXCHANGE", str(tmp_path / "real-exchange"))
    before = sorted(p.name for p in COURSE.iterdir())
    folder = tmp_path / "demo"

    assert demo.main(["--assignments", FIRST, "--dir", str(folder)]) == 0
    out = capsys.readouterr().out

    source = cells.read_notebook(cells.notebook_path(COURSE, "source", FIRST))
    release = cells.read_notebook(ROOT / "notebooks" / f"{FIRST}.ipynb")
    points = sum(c.points for c in cells.grade_cells(source))
    for student in DEMO_CLASS:
        total = build_submission(student.kind, FIRST, source, release).total
        mark = r"\*" if student.late else ""
        row = rf"^{student.id} \({re.escape(student.role)}\)\s+{total:g}/{points:g}{mark}\s"
        assert re.search(row, out, re.M), f"no row {row!r} in:\n{out}"
    assert "?" not in out.split("Grades", 1)[1].split("* submitted")[0], "hand grading missing"
    for student in DEMO_CLASS:
        assert (folder / "feedback" / student.id / FIRST / f"{FIRST}.html").is_file()
    assert (folder / "grades.csv").is_file()
    assert str(folder / "feedback") in out
    assert not (folder / "class").exists(), "the scratch course is removed without --keep"
    assert not (tmp_path / "real-gradebook.db").exists()
    assert not (tmp_path / "real-exchange").exists()
    assert sorted(p.name for p in COURSE.iterdir()) == before
