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

from telegram_case.instructor import gradebook
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
    # the report keeps every other student's rows, reasons included
    rows = _report_rows(ours)
    assert {row["student"] for row in rows} >= set(CLASS)
    assert {row["status"] for row in rows if row["student"] == "ben"} == {GRADED}
    assert any(row["student"] == "dee" and row["code"] == "patches-checker" for row in rows)
    table = (ours / "reports" / FIRST / "report.md").read_text()
    assert all(f"| {student} |" in table for student in CLASS)
    assert "| dee | review |" in table and "the last run graded 1 student in" in table


def _report_rows(course: Path) -> list[dict]:
    with open(course / "reports" / FIRST / "report.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_an_assignment_not_in_the_gradebook_stops_before_any_backup(graded, capsys):
    _, ours, _, _ = graded
    backups = sorted(ours.parent.glob("gradebook.db.before-*"))
    typo = "01-fonding-story"
    assert main(["grade", typo, "--course", str(ours), *scratch_options(ours.parent)]) == 1
    assert (
        f"{typo} is not in the gradebook (known: {FIRST}): run `nbgrader generate_assignment "
        f"{typo}` first"
    ) in capsys.readouterr().err
    assert sorted(ours.parent.glob("gradebook.db.before-*")) == backups
    command = ["grade", FIRST, "--course", str(ours), *scratch_options(ours.parent)]
    assert main([*command, "--student", "zed"]) == 1
    assert capsys.readouterr().err.rstrip().endswith("from zed")
    with pytest.raises(SystemExit):
        main([*command, "--workers", "0"])
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


def test_feedback_goes_on_past_a_student_it_fails_for_and_names_each(graded, capsys):
    """Submissions not collected through the exchange (here: copied, as from an LMS) cannot
    be released to it; a student not graded has no feedback. Each is named, with the cause."""
    _, ours, _, _ = graded
    (ours.parent / "exchange").mkdir(exist_ok=True)
    command = ["feedback", FIRST, "--course", str(ours), *scratch_options(ours.parent)]
    students = ["--student", "ana", "--student", "zed", "--student", "cy"]
    assert main([*command, "--release", *students]) == 1
    output = capsys.readouterr()
    lms = "not collected through the exchange: hand out feedback/{}/" + FIRST + "/ via the LMS"
    assert f"ana: {lms.format('ana')}" in output.err and f"cy: {lms.format('cy')}" in output.err
    assert f"zed: not graded: run `telegram-case grade {FIRST} --student zed` first" in output.err
    assert "feedback generated and released for 0 of 3" in output.out
    for student in ("ana", "cy"):  # generated all the same
        assert (ours / "feedback" / student / FIRST / f"{FIRST}.html").is_file()
    assert main([*command, "--student", "ana"]) == 0
    assert "feedback generated for 1 of 1" in capsys.readouterr().out
    assert main(["feedback", "nope", *command[2:]]) == 1
    assert "nope is not in the gradebook" in capsys.readouterr().err


def test_ctrl_c_writes_what_was_graded_and_says_so(graded, monkeypatch):
    """Ctrl-C reaches the grading loop (here while the first graded student is written): the
    student being graded is finished and written, the others are not started; the report has
    the graded ones, the summary says how many, and the exit status is 130."""
    _, ours, _, _ = graded
    apply, applied = gradebook.apply_record, []

    def interrupted_at_the_first(db_url, record):
        applied.append(record["student"])
        if len(applied) == 1:
            raise KeyboardInterrupt
        apply(db_url, record)

    monkeypatch.setattr(gradebook, "apply_record", interrupted_at_the_first)
    db, output = ours.parent / "gradebook.db", io.StringIO()
    before, options = _grades(db), scratch_options(ours.parent)
    report = grade_class(ours, FIRST, options, ["ana", "cy", "eve"], 1, Console(file=output))
    assert report.exit_code == 130 and applied == ["ana", "ana"]
    assert [result.student for result in report.results] == ["ana"]
    assert _grades(db) == before  # ana graded again alike, cy and eve untouched
    text = " ".join(output.getvalue().split())
    assert "interrupted: 1 of 3 graded and written; gradebook backup at " in text
    assert str(report.backup) in output.getvalue()  # on one line, though 80 columns wide
    assert {row["student"] for row in _report_rows(ours)} >= {"ana", "cy", "eve"}
    assert "(interrupted)" in report.files["md"].read_text()


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
    reasons = {(row["student"], row["message"]) for row in _report_rows(ours)}
    assert {
        ("zoe", "nbgrader failed: see the log"),
        ("ana", "nbgrader failed: see the log"),
    } <= reasons
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
