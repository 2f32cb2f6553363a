"""A simulated class through the whole nbgrader round trip, on every assignment.

One module-scoped run (:func:`tests.support.classroom.simulate_class`) copies
the course into a temporary folder; five students (full marks, partial, full
marks but late, untouched, and one who switches the visible checks off) fetch,
answer and submit every notebook of ``course/source`` through a temporary
exchange; the instructor collects, grades with ``telegram-case grade``,
hand-grades the written answers, generates and releases feedback and exports
the grades. The tests then read the gradebook, the feedback and the exports.
Expected scores come from the cells' points and the answers put in
(tests/test_instructor_submissions.py), never from running the grader.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from nbgrader.validator import Validator

from telegram_case.instructor.config import scratch_options
from telegram_case.instructor.export import CanvasExport, QuestionExport
from telegram_case.instructor.preprocessors import HideHiddenTests
from telegram_case.instructor.preprocessors.hide_hidden_tests import secret_fragments

from .support import cells
from .support.classroom import TEST_CLASS, simulate_class
from .support.nbgrader import run_nbgrader
from .support.pages import strip_html

pytestmark = [
    pytest.mark.slow,
    # nbgrader 0.9.6's own noise: SQLAlchemy session warnings from its API, and a typo
    # ("authentictor") in NbGraderAPI.release_feedback.
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
    pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
STUDENTS = {s.id: s for s in TEST_CLASS}
BY_KIND = {s.kind + ("_late" if s.late else ""): s.id for s in TEST_CLASS}
NOTICE = "was missing from the submission"  # nbgrader's note in a restored cell


def _course_files() -> set[str]:
    """Everything in course/ but the source notebooks (other people edit those)."""
    return {
        str(p.relative_to(COURSE))
        for p in COURSE.rglob("*")
        if "source" not in p.relative_to(COURSE).parts[:1]
    }


@pytest.fixture(scope="module")
def course_before():
    return _course_files()


@pytest.fixture(scope="module")
def run(tmp_path_factory, course_before):
    return simulate_class(COURSE, tmp_path_factory.mktemp("class") / "run", TEST_CLASS, ASSIGNMENTS)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _feedback_text(path: Path) -> str:
    return _flat(strip_html(path.read_text(encoding="utf-8")))


def _hidden_by_cell(name: str) -> dict[str, list[str]]:
    source = cells.read_notebook(cells.notebook_path(COURSE, "source", name))
    return {
        cells.grade_id(c): cells.hidden_region(c.source).split("\n")
        for c in source.cells
        if c.cell_type == "code" and cells.has_hidden_tests(c.source)
    }


# --- scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ASSIGNMENTS)
@pytest.mark.parametrize("student", list(STUDENTS))
def test_every_question_scores_exactly_as_expected(run, student, name):
    submission = run.submissions[student, name]
    wrong = []
    with run.instructor.gradebook() as gradebook:
        for gid, expected in submission.expected.items():
            grade = gradebook.find_grade(gid, name, name, student)
            if grade.max_score != submission.points[gid]:
                wrong.append(f"{gid}: worth {grade.max_score}, not {submission.points[gid]}")
            if expected is not None and grade.score != expected:
                wrong.append(f"{gid}: scored {grade.score}, expected {expected}")
            if grade.needs_manual_grade:
                wrong.append(f"{gid}: still needs a manual grade")
        notebook = gradebook.find_submission_notebook(name, name, student)
        if submission.total is not None and notebook.score != submission.total:
            wrong.append(f"total {notebook.score}, expected {submission.total}")
        assert notebook.max_score == sum(submission.points.values())
    assert not wrong, f"{student} ({STUDENTS[student].kind}), {name}:\n" + "\n".join(wrong)


def test_the_class_covers_every_kind_of_submission():
    assert {"full", "untouched", "partial", "full_late", "cheat"} <= set(BY_KIND)


def test_hand_grades_keep_the_instructor_s_scores_and_comments(run):
    with run.instructor.gradebook() as gradebook:
        for (student, name), submission in run.submissions.items():
            for gid, hand in submission.hand_grades.items():
                grade = gradebook.find_grade(gid, name, name, student)
                comment = gradebook.find_comment(gid, name, name, student)
                assert (grade.manual_score, comment.comment) == (hand.score, hand.comment)
            feedback = _feedback_text(run.feedback / student / name / f"{name}.html")
            for hand in submission.hand_grades.values():
                assert _flat(hand.comment) in feedback, (student, name)


def test_late_submissions_are_graded_marked_late_and_penalised_as_configured(run):
    late = BY_KIND["full_late"]
    policy = run.instructor.config.LateSubmissionPlugin.get("penalty_method", "none")
    with run.instructor.gradebook() as gradebook:
        for name in ASSIGNMENTS:
            assert gradebook.find_assignment(name).duedate == run.deadline
            for student in STUDENTS:
                submission = gradebook.find_submission(name, student)
                if student != late:
                    assert submission.total_seconds_late == 0, (student, name)
                    continue
                assert submission.timestamp > run.deadline
                assert submission.total_seconds_late > 0
                raw = run.submissions[student, name].total
                assert submission.score == raw  # the raw score: graded like anyone else
                penalty = submission.late_submission_penalty
                assert penalty == {"none": 0.0, "zero": raw}[policy], (name, policy)


def test_deleted_cells_are_put_back_and_scored(run):
    student = BY_KIND["partial"]
    for name in ASSIGNMENTS:
        submission = run.submissions[student, name]
        graded = {c.grade_id for c in cells.grade_cells(submission.notebook)} | set(
            submission.points
        )
        autograded = cells.read_notebook(run.instructor.path("autograded", name, student))
        for gid in submission.deleted:
            found = [c for c in autograded.cells if cells.grade_id(c) == gid]
            if gid in graded:
                assert len(found) == 1 and NOTICE in found[0].source, (name, gid)
            else:  # an answer cell is not a grade cell: it stays deleted
                assert not found, (name, gid)
        # a restored test cell runs after the answer cell it checks
        ids = [cells.grade_id(c) for c in autograded.cells]
        for gid in submission.deleted:
            if gid in submission.points and cells.answer_id(gid) in ids:
                assert ids.index(cells.answer_id(gid)) < ids.index(gid), (name, gid)


def test_hidden_tests_catch_a_student_who_silences_the_checks(run):
    student = BY_KIND["cheat"]
    caught = []
    with run.instructor.gradebook() as gradebook:
        for name in ASSIGNMENTS:
            for gid in _hidden_by_cell(name):
                if gradebook.find_grade(gid, name, name, student).score == 0:
                    caught.append((name, gid))
    # Without hidden tests her silenced checks earn full points (asserted exactly above);
    # with them, wrong answers fail where a hidden test looks at the value.
    assert caught, "no hidden test failed for the student who silenced every check"


# --- feedback -------------------------------------------------------------------------------


@pytest.mark.parametrize("student", list(STUDENTS))
def test_no_hidden_test_reaches_any_feedback_file(run, student):
    release_text = {
        name: "\n".join(
            c.source for c in cells.read_notebook(run.instructor.path("release", name)).cells
        )
        for name in ASSIGNMENTS
    }
    placeholder = _flat(HideHiddenTests().placeholder)
    checked = 0
    for name in ASSIGNMENTS:
        hidden = _hidden_by_cell(name)
        lines = [line for region in hidden.values() for line in region]
        submitted = "\n".join(c.source for c in run.submissions[student, name].notebook.cells)
        secrets = secret_fragments(lines, release_text[name] + "\n" + submitted)
        assert bool(secrets) == bool(hidden), name
        autograded = _flat(
            "\n".join(
                c.source
                for c in cells.read_notebook(run.instructor.path("autograded", name, student)).cells
            )
        )
        for path in [
            run.feedback / student / name / f"{name}.html",
            *run.fetched_feedback[student, name],
        ]:
            text = _feedback_text(path)
            leaked = [s for s in secrets if _flat(s) in text]
            assert not leaked, f"{path} shows hidden tests: {leaked}"
            assert "HIDDEN TESTS" not in text
            restored = sum(1 for gid in hidden if gid in run.submissions[student, name].points)
            assert text.count(placeholder) == restored, path
            checked += len(secrets)
        # the autograded notebook (instructor only) does have them: the check is not vacuous
        assert all(_flat(line) in autograded for line in lines if line.strip()), name
    assert checked or not any(_hidden_by_cell(name) for name in ASSIGNMENTS)


def test_a_failed_hidden_test_is_reported_without_its_code(run):
    student = BY_KIND["cheat"]
    message = _flat(HideHiddenTests().hidden_error.split(": ", 1)[1])
    shown = sum(
        _feedback_text(run.feedback / student / name / f"{name}.html").count(message)
        for name in ASSIGNMENTS
    )
    assert shown >= 1


def test_every_student_fetches_the_filtered_feedback(run):
    for student in STUDENTS:
        for name in ASSIGNMENTS:
            fetched = run.fetched_feedback[student, name]
            assert [p.name for p in fetched] == [f"{name}.html"], (student, name)
            original = run.feedback / student / name / f"{name}.html"
            assert fetched[0].read_bytes() == original.read_bytes()


# --- export, validation, the command line ------------------------------------------------------


def test_grade_export_has_one_exact_row_per_student_and_assignment(run):
    rows = {(r["student_id"], r["assignment"]): r for r in run.grades()}
    assert set(rows) == {(s, a) for s in STUDENTS for a in ASSIGNMENTS}
    for (student, name), row in rows.items():
        submission = run.submissions[student, name]
        person = STUDENTS[student]
        assert (row["first_name"], row["last_name"], row["email"]) == (
            person.first_name,
            person.last_name,
            person.email,
        )
        assert float(row["max_score"]) == sum(submission.points.values())
        if submission.total is not None:
            assert float(row["raw_score"]) == submission.total
        assert float(row["score"]) == float(row["raw_score"]) - float(
            row["late_submission_penalty"]
        )
        submitted, due = (dt.datetime.fromisoformat(row[k]) for k in ("timestamp", "duedate"))
        assert (submitted > due) == person.late, (student, name)


def test_validator_reports_exactly_the_partial_student_s_failures(run):
    """nbgrader's Validator (a student's Validate button) agrees with the expected scores.

    One notebook is enough to show that the student's own view and the grader agree
    (each validation runs the notebook again); the gradebook test covers them all.
    """
    student, name = BY_KIND["partial"], ASSIGNMENTS[0]
    path = run.instructor.path("submitted", name, student)
    notebook = cells.read_notebook(path)
    by_source = {c.source.strip(): cells.grade_id(c) for c in notebook.cells}
    results = Validator().validate(str(path))
    assert set(results) <= {"failed"}, results
    failed = {by_source[cell["source"]] for cell in results.get("failed", [])}
    submission = run.submissions[student, name]
    expected = {
        gid
        for gid, score in submission.expected.items()
        if score == 0 and gid not in submission.deleted and gid not in submission.hand_grades
    }
    assert failed == expected, name


def test_exports_per_question_and_for_canvas(run, tmp_path):
    questions, canvas = tmp_path / "q.csv", tmp_path / "canvas.csv"
    with run.instructor.gradebook() as gradebook:
        QuestionExport(config=run.instructor.config, to=str(questions)).export(gradebook)
        CanvasExport(config=run.instructor.config, to=str(canvas)).export(gradebook)
    with open(questions, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for (student, name), submission in run.submissions.items():
        got = {
            r["question"]: float(r["score"])
            for r in rows
            if (r["student_id"], r["assignment"]) == (student, name)
        }
        assert set(got) == set(submission.points), (student, name)
        assert {g: s for g, s in got.items() if submission.expected[g] is not None} == {
            g: s for g, s in submission.expected.items() if s is not None
        }
    with open(canvas, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0])[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert table[0]["Student"] == "Points Possible"
    by_login = {row["SIS Login ID"]: row for row in table[1:]}
    exported = {(r["student_id"], r["assignment"]): float(r["score"]) for r in run.grades()}
    for person in TEST_CLASS:
        assert by_login[person.id]["ID"] == person.roster_row()["lms_user_id"]
        for name in ASSIGNMENTS:
            assert float(by_login[person.id][name]) == exported[person.id, name]


def test_command_line_submit_regrade_feedback_and_export_in_a_copy(run, tmp_path):
    """The documented commands, run by nbgrader's own command line in a copy of the class."""
    course = tmp_path / "course"
    shutil.copytree(run.course, course)
    shutil.copytree(run.workdir / "exchange", tmp_path / "exchange")
    shutil.copy2(run.workdir / "gradebook.db", tmp_path / "gradebook.db")
    options = scratch_options(tmp_path)
    name, student = ASSIGNMENTS[0], BY_KIND["partial"]

    # one more student on the same machine: `--student` files the submission under her id
    home = tmp_path / "zoe"
    home.mkdir()
    mine = ["--course", "telegram-case", options[1], f"--Exchange.cache={home / '.cache'}"]
    run_nbgrader("fetch_assignment", name, *mine, cwd=home)
    run_nbgrader("submit", name, "--student", "zoe", *mine, cwd=home)
    run_nbgrader("collect", name, "--student", "zoe", *options, cwd=course)
    assert (course / "submitted" / "zoe" / name / f"{name}.ipynb").is_file()
    run_nbgrader("autograde", name, "--student", student, "--force", *options, cwd=course)
    from nbgrader.api import Gradebook

    submission = run.submissions[student, name]
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        for gid, expected in submission.expected.items():
            grade = gradebook.find_grade(gid, name, name, student)
            assert grade.score == expected, gid
            # nbgrader keeps a hand grade through a regrade and flags it for review
            assert grade.needs_manual_grade == (gid in submission.hand_grades), gid

    run_nbgrader("generate_feedback", name, "--student", student, "--force", *options, cwd=course)
    text = _feedback_text(course / "feedback" / student / name / f"{name}.html")
    lines = [line for region in _hidden_by_cell(name).values() for line in region]
    visible = "\n".join(c.source for c in submission.notebook.cells)
    assert not [s for s in secret_fragments(lines, visible) if _flat(s) in text]

    run_nbgrader("export", "--to", str(tmp_path / "grades.csv"), *options, cwd=course)
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as handle:
        exported = {(r["student_id"], r["assignment"]): r["score"] for r in csv.DictReader(handle)}
    # zoe is collected but not autograded yet, so not in the gradebook or the export
    assert exported == {(r["student_id"], r["assignment"]): r["score"] for r in run.grades()}

    # the course's own exports are nbgrader export plugins, with nbgrader's filters
    plugin = "--exporter=telegram_case.instructor.export.QuestionExport"
    only = [f"--student={student}", f"--assignment={name}"]
    run_nbgrader("export", plugin, "--to", str(tmp_path / "q.csv"), *only, *options, cwd=course)
    with open(tmp_path / "q.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["student_id"], r["assignment"]) for r in rows} == {(student, name)}
    got = {r["question"]: float(r["score"]) for r in rows}
    assert set(got) == set(submission.points)
    assert {g: s for g, s in got.items() if submission.expected[g] is not None} == {
        g: s for g, s in submission.expected.items() if s is not None
    }


def test_nothing_is_written_into_the_repository(run, course_before):
    assert _course_files() == course_before
