"""Does ``telegram-case grade`` give exactly the grades of plain ``nbgrader autograde``?

One scratch course, the first assignment, five simulated students, copied twice:
one copy graded by ``nbgrader autograde`` (the course's configuration, nothing
else), the other by ``telegram-case grade`` with two workers. Then, on the second
copy: a regrade of one student, a grading that fails (the real gradebook keeps
that student as before), and a run without bubblewrap (said loudly, reported).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from rich.console import Console

from telegram_case.instructor.cli import main
from telegram_case.instructor.config import scratch_options
from telegram_case.instructor.grade import GRADED, NOT_GRADED, REVIEW, grade_class

from .support.nbgrader import run_nbgrader
from .support.submissions import build_submission

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIRST = sorted(p.name for p in (ROOT / "course" / "source").iterdir() if p.is_dir())[0]
CLASS = {"ana": "full", "ben": "untouched", "cy": "partial", "dee": "cheat", "eve": "full"}


def _course(tmp: Path) -> Path:
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source" / FIRST, course / "source" / FIRST)
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    run_nbgrader("generate_assignment", FIRST, "--force", *scratch_options(tmp), cwd=course)
    return course


def _submit(course: Path, student: str, kind: str) -> None:
    read = nbformat.read
    source = read(course / "source" / FIRST / f"{FIRST}.ipynb", as_version=4)
    release = read(course / "release" / FIRST / f"{FIRST}.ipynb", as_version=4)
    folder = course / "submitted" / student / FIRST
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(
        build_submission(kind, FIRST, source, release).notebook, folder / f"{FIRST}.ipynb"
    )
    (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")


def _grades(db: Path) -> dict:
    with Gradebook(f"sqlite:///{db}") as gradebook:
        return {
            (submission.student.id, grade.name): (grade.auto_score, grade.needs_manual_grade)
            for submission in gradebook.assignment_submissions(FIRST)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(plain nbgrader's course, telegram-case grade's course, its report, its output)."""
    tmp = tmp_path_factory.mktemp("grade")
    plain = _course(tmp / "plain")
    for student, kind in CLASS.items():
        _submit(plain, student, kind)
    ours = tmp / "ours" / "course"
    shutil.copytree(plain, ours)
    shutil.copy2(tmp / "plain" / "gradebook.db", ours.parent / "gradebook.db")
    run_nbgrader("autograde", FIRST, "--force", *scratch_options(tmp / "plain"), cwd=plain)
    output = io.StringIO()
    report = grade_class(
        ours,
        FIRST,
        scratch_options(tmp / "ours"),
        workers=2,
        console=Console(file=output, width=120),
    )
    return plain, ours, report, output.getvalue()


def test_grades_equal_plain_nbgrader_autograde(graded):
    plain, ours, report, _ = graded
    expected, got = _grades(plain.parent / "gradebook.db"), _grades(ours.parent / "gradebook.db")
    assert got == expected and len({student for student, _ in got}) == len(CLASS)
    scores = {r.student: r.score for r in report.results}
    assert scores["ana"] == scores["eve"] > scores["cy"] > scores["ben"] == 0  # they differ
    for student in CLASS:
        assert (ours / "autograded" / student / FIRST / f"{FIRST}.ipynb").is_file()


def test_progress_logs_report_and_backup(graded):
    *_, report, output = graded
    assert f"grading {FIRST}" in output and f"{len(CLASS)}/{len(CLASS)}" in output
    assert re.search(r"\d:\d\d:\d\d", output)  # the time elapsed and left
    for student in CLASS:
        assert f"{student}: " in output
        assert report.result(student).log.is_file()
        assert "Autograding" in report.result(student).log.read_text()
    assert report.backup.is_file()
    table = report.files["md"].read_text()
    assert all(f"| {student} |" in table for student in CLASS)
    assert report.result("ben").status == GRADED and report.result("dee").status == REVIEW
    assert "patches-checker" in report.files["csv"].read_text()  # the cheat's silenced checks
    assert report.isolated == bool(shutil.which("bwrap"))


def test_one_student_is_regraded_and_nobody_else(graded, tmp_path):
    _, ours, _, _ = graded
    db = ours.parent / "gradebook.db"
    before = _grades(db)
    _submit(ours, "ben", "full")  # ben hands in a new version
    options = scratch_options(ours.parent)
    assert main(["grade", FIRST, "--student", "ben", "--course", str(ours), *options]) == 0
    after = _grades(db)
    assert {k: v for k, v in after.items() if k[0] != "ben"} == {
        k: v for k, v in before.items() if k[0] != "ben"
    }
    ana = {k[1]: v for k, v in after.items() if k[0] == "ana"}
    assert {k[1]: v for k, v in after.items() if k[0] == "ben"} == ana


def test_the_export_command_writes_only_the_students_asked_for(graded, tmp_path, capsys):
    _, ours, _, _ = graded
    target, options = tmp_path / "q.csv", scratch_options(ours.parent)
    command = ["export", "questions", "--to", str(target), "--course", str(ours), *options]
    assert main([*command, "--student", "ana", "--student", "cy", "--assignment", FIRST]) == 0
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["student_id"], r["assignment"]) for r in rows} == {("ana", FIRST), ("cy", FIRST)}
    assert main([*command, "--student", "anna"]) == 1  # a typo stops, naming it
    assert "not in the gradebook: student 'anna'" in capsys.readouterr().err


def test_a_failed_grading_leaves_the_gradebook_as_it_was(graded):
    _, ours, _, _ = graded
    db = ours.parent / "gradebook.db"
    before = _grades(db)
    _submit(ours, "zoe", "full")
    # an address space too small for Python: the kernel dies before it can start
    options = [*scratch_options(ours.parent), "--SandboxedKernelManager.memory_limit=50000000"]
    report = grade_class(ours, FIRST, options, ["zoe", "ana"], console=Console(quiet=True))
    assert {r.status for r in report.results} == {NOT_GRADED}
    assert "nbgrader failed" in report.files["md"].read_text()
    assert _grades(db) == before  # ana keeps her grades, zoe has no half-written entry
    assert "Kernel died" in report.result("zoe").log.read_text()


def test_without_bubblewrap_grading_says_so_and_reports_the_run(graded, monkeypatch):
    _, ours, _, _ = graded
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # no bwrap on it
    output = io.StringIO()
    report = grade_class(
        ours, FIRST, scratch_options(ours.parent), ["ana"], console=Console(file=output, width=200)
    )
    assert not report.isolated and report.result("ana").status == GRADED
    assert "WITHOUT isolation" in output.getvalue()
    assert "NONE (unisolated run" in report.files["md"].read_text()
    assert "Grading WITHOUT isolation" in report.result("ana").log.read_text()
    assert os.environ["PATH"] == str(Path(sys.executable).parent)


def test_the_command_line_lists_its_subcommands(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert all(name in text for name in ("release", "grade", "feedback", "export", "demo"))


def test_without_a_hub_submissions_downloaded_from_canvas_are_collected_and_graded(tmp_path):
    """The no-hub workflow: an LMS archive, `nbgrader zip_collect`, `telegram-case grade`."""
    course = _course(tmp_path)
    source = nbformat.read(course / "source" / FIRST / f"{FIRST}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / FIRST / f"{FIRST}.ipynb", as_version=4)
    archive = course / "downloaded" / FIRST / "archive"
    archive.mkdir(parents=True)
    # Canvas's names: <name>_<user id>_<number>_<file name>, LATE_ before a late one's id
    names = {"lovelaceada_1001_5551_": "full", "hopperg_LATE_1002_5552_": "untouched"}
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        for prefix, kind in names.items():
            notebook = build_submission(kind, FIRST, source, release).notebook
            bundle.writestr(f"{prefix}{FIRST}.ipynb", nbformat.writes(notebook))
    run_nbgrader("zip_collect", FIRST, *scratch_options(tmp_path), cwd=course)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["1001", "1002"]
    report = grade_class(course, FIRST, scratch_options(tmp_path), console=Console(quiet=True))
    scores = {r.student: r.score for r in report.results}
    full = build_submission("full", FIRST, source, release)
    assert scores == {"1001": sum(full.expected[t.grade_id] for t in _tests(source)), "1002": 0}


def _tests(source):
    from telegram_case.cells import grade_cells

    return [cell for cell in grade_cells(source) if cell.kind == "test"]
