"""Fast checks of the grading pipeline's pieces: reading, repairing, scanning, the sandbox.

The end-to-end matrix is tests/test_hostile_grading.py; these run in
milliseconds (the repairs against a small gradebook built here) and cover every
assignment in course/source where the course's own notebooks are involved.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.api import Gradebook
from nbgrader.preprocessors import CheckCellMetadata, ComputeChecksums, DeduplicateIds, SaveCells
from nbgrader.utils import compute_checksum

from telegram_case.instructor import kernel
from telegram_case.instructor.checks import (
    SubmissionReader,
    findings,
    prepare_submission,
    read_strictly,
)
from telegram_case.instructor.cli import main
from telegram_case.instructor.code_scan import scan_code
from telegram_case.instructor.export import CanvasExport, GradesExport, QuestionExport
from telegram_case.instructor.gradebook import apply_record, submission_record
from telegram_case.instructor.kernel_launcher import AUDIT_PREFIX
from telegram_case.instructor.preprocessors import ClipOutput, RestoreMissingCells

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())


def _source(name):
    return nbformat.read(SOURCE / name / f"{name}.ipynb", as_version=4)


# --- the code scan: no false alarms on the course, every attack named -----------------------


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_and_course_code_raise_no_flag(name):
    """Every code cell a student can edit, as the instructor wrote it, scans clean."""
    for cell in _source(name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("locked"):
            found = [f for f in scan_code(cell.source) if f[0] != "note"]
            assert not found, (meta.get("grade_id"), found, cell.source)


ATTACKS = {
    "q.mau_multiple.check = lambda: None": "patches-checker",
    "setattr(q.mau_multiple, 'check', print)": "patches-checker",
    "import telegram_case.checking as c\nc.expect_number = lambda *a, **k: None": "internals",
    "from telegram_case.exercises import nb01\nnb01._check_multiple = print": "internals",
    "q = None": "rebinds-q",
    "def q():\n    pass": "rebinds-q",
    "import sys\nsys.modules['telegram_case.checking'] = None": "patches-library",
    "import builtins\nbuiltins.isinstance = lambda *a: True": "risky-import",
    "class A:\n    def __eq__(self, other):\n        return True": "fake-object",
    "get_ipython().set_custom_exc((Exception,), print)": "shell",
    "try:\n    pass\nexcept KeyboardInterrupt:\n    pass": "catches-interrupt",
    "try:\n    pass\nexcept:\n    pass": "catches-interrupt",
    "while True:\n    pass": "endless-loop",
    "open('/etc/passwd').read()": "call",
    "import os\nos.listdir('../../source')": "path",
    "import os\nos._exit(0)": "system",
    "exec('print(1)')": "call",
    "x = input()": "call",
    "!cat ../../gradebook.db": "filesystem",
    "(1).__class__.__subclasses__()": "introspection",
    "q.mau_multiple.worked_solution": "introspection",
    "import ctypes": "risky-import",
    "this is not python (": "syntax",
}


@pytest.mark.parametrize("code", sorted(ATTACKS))
def test_scan_names_the_attack(code):
    codes = {found[1] for found in scan_code(code)}
    assert ATTACKS[code] in codes, codes


@pytest.mark.parametrize(
    "code",
    [
        "mau = users[users['metric'] == 'monthly_active_users'].sort_values('date')",
        "import math\nratio = math.log(2) / math.log(1.5)",
        "%matplotlib inline\nimport pandas as pd",
        "df = df.rename(columns={'a': 'b'})\nitems = [1, 2]\nitems.remove(1)",
        "def cagr(a, b, t):\n    return (b / a) ** (1 / t) - 1",
    ],
)
def test_scan_leaves_ordinary_answers_alone(code):
    assert not [f for f in scan_code(code) if f[0] != "note"]


# --- strict reading: a damaged submission becomes a stand-in that says why -------------------


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe{", "not UTF-8"),
        ('{"cells": [', "not valid JSON"),
        ("[1, 2]", "not a notebook"),
        (
            json.dumps(
                {
                    "nbformat": 4,
                    "nbformat_minor": 5,
                    "metadata": {},
                    "cells": [{"cell_type": "code"}],
                }
            ),
            "breaks the notebook format",
        ),
        ("x" * 2000, "larger than"),
    ],
)
def test_broken_notebooks_are_refused_with_a_reason(tmp_path, data, words):
    notebook, reason = read_strictly(_write(tmp_path / "nb.ipynb", data), max_bytes=1000)
    assert notebook is None
    assert words in reason and "nb.ipynb" in reason


def test_a_renamed_notebook_is_named_in_the_reason(tmp_path):
    _write(tmp_path / "nb-Copy1.ipynb", nbformat.writes(new_notebook()))
    notebook, reason = read_strictly(tmp_path / "nb.ipynb", max_bytes=10**6)
    assert notebook is None and "nb.ipynb was not submitted" in reason
    assert "Found nb-Copy1.ipynb instead" in reason


def test_the_reader_turns_an_unreadable_submission_into_a_stand_in(tmp_path):
    path = _write(tmp_path / "nb.ipynb", '{"cells": [')
    output, resources = SubmissionReader().from_filename(str(path))
    notebook = nbformat.reads(output, as_version=4)
    assert "could not be graded as submitted" in notebook.cells[0].source
    assert [(f.severity, f.code) for f in findings(notebook)] == [("error", "unreadable")]
    assert resources["metadata"]["path"] == str(tmp_path)


def test_the_reader_drops_findings_and_malformed_metadata_a_student_put_in(tmp_path):
    notebook = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("y = 2")])
    notebook.metadata["telegram_case"] = {"findings": [], "isolated": True}
    notebook.cells[0].metadata["nbgrader"] = "not a mapping"
    notebook.cells[1].metadata["nbgrader"] = {"grade_id": ["a", "list"], "grade": True}
    path = _write(tmp_path / "nb.ipynb", nbformat.writes(notebook))
    read = nbformat.reads(SubmissionReader().from_filename(str(path))[0], as_version=4)
    assert not any("nbgrader" in cell.metadata for cell in read.cells)
    assert [f.code for f in findings(read)] == ["metadata-changed"] * 2
    assert "isolated" not in read.metadata["telegram_case"]


def test_prepare_submission_keeps_a_bad_timestamp_aside_and_adds_missing_notebooks(tmp_path):
    source = tmp_path / "source" / "a1"
    folder = tmp_path / "submitted" / "ana" / "a1"
    for path in (source, folder):
        path.mkdir(parents=True)
    for name in ("a1.ipynb", "a1-extra.ipynb"):
        _write(source / name, "{}")
    _write(folder / "a1-Copy1.ipynb", "{}")
    _write(folder / "timestamp.txt", "the day before the deadline")
    notebooks = [str(folder / "a1-Copy1.ipynb")]
    prepare_submission(assignment="*", student="*", notebooks=notebooks)
    assert notebooks == [str(folder / n) for n in ("a1-Copy1.ipynb", "a1-extra.ipynb", "a1.ipynb")]
    assert not (folder / "timestamp.txt").exists()
    assert (folder / "timestamp.txt.unreadable").read_text() == "the day before the deadline"
    _write(folder / "timestamp.txt", "2026-01-10 12:00:00.000000 UTC")
    prepare_submission(assignment="*", student="*", notebooks=notebooks)
    assert (folder / "timestamp.txt").is_file()  # a good one stays


# --- RestoreMissingCells against a small gradebook --------------------------------------------

TEST = '"""Check."""\nq.a.check()\n### BEGIN HIDDEN TESTS\nassert a == 2\n### END HIDDEN TESTS'


def _cell(make, source, grade_id, **flags):
    cell = make(source)
    meta = {"grade": False, "solution": False, "locked": False, "task": False}
    cell.metadata.nbgrader = {**meta, **flags, "grade_id": grade_id, "schema_version": 3}
    return cell


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A gradebook holding assignment a1 (setup, answer, test with hidden tests, written
    answer, task), and a1's student version. Creating a gradebook takes seconds: once."""
    source = new_notebook(
        cells=[
            _cell(new_code_cell, "import math", "setup", locked=True),
            _cell(new_code_cell, "a = 2", "answer_a", solution=True),
            _cell(new_code_cell, TEST, "a", grade=True, locked=True, points=2),
            _cell(new_markdown_cell, "Why?", "w1", grade=True, solution=True, points=3),
            _cell(new_markdown_cell, "Do this.", "t1", task=True, locked=True, points=1),
        ]
    )
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with Gradebook(f"sqlite:///{path}") as book:
        book.update_or_create_assignment("a1")
    resources = {"nbgrader": {"db_url": f"sqlite:///{path}", "assignment": "a1", "notebook": "a1"}}
    source, _ = ComputeChecksums().preprocess(source, resources)
    SaveCells().preprocess(source, resources)
    release = nbformat.from_dict(source)
    release.cells[1].source = "raise NotImplementedError()"
    release.cells[2].source = '"""Check."""\nq.a.check()'
    return path, release


def _copy(template, target: Path) -> str:
    shutil.copy(template[0], target)
    return f"sqlite:///{target}"


@pytest.fixture
def gradebook(template, tmp_path):
    resources = {
        "nbgrader": {
            "db_url": _copy(template, tmp_path / "gradebook.db"),
            "assignment": "a1",
            "notebook": "a1",
        }
    }
    return nbformat.from_dict(template[1]), resources


def _restore(notebook, resources):
    notebook, _ = DeduplicateIds().preprocess(notebook, resources)
    notebook, _ = RestoreMissingCells(add_missing_cells=True).preprocess(notebook, resources)
    CheckCellMetadata().preprocess(notebook, resources)  # nbgrader's own validation passes
    ids = [cell.metadata.get("nbgrader", {}).get("grade_id") for cell in notebook.cells]
    return notebook, ids, {f.code for f in findings(notebook)}


def test_an_untouched_release_needs_no_repair(gradebook, caplog):
    notebook, resources = gradebook
    # as generate_assignment leaves it: the test cell's checksum is of its visible part
    notebook.cells[2].metadata.nbgrader["checksum"] = compute_checksum(notebook.cells[2])
    with caplog.at_level(logging.WARNING):
        notebook, ids, codes = _restore(notebook, resources)
    assert ids == ["setup", "answer_a", "a", "w1", "t1"] and codes == set()
    assert "assert a == 2" in notebook.cells[2].source  # hidden tests put back
    # putting the hidden tests back changes the checksum: no warning that reads as tampering
    assert not [r.getMessage() for r in caplog.records if "has changed" in r.getMessage()]


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (lambda nb: nb.cells.pop(2), "deleted-test"),
        (lambda nb: nb.cells.pop(4), "deleted-task"),
        (lambda nb: nb.cells.insert(3, nbformat.from_dict(nb.cells[2])), "duplicate-cell"),
        (lambda nb: nb.cells.insert(5, nbformat.from_dict(nb.cells[4])), "duplicate-cell"),
        (
            lambda nb: nb.cells[2].metadata.nbgrader.update(grade=False, solution=True),
            "metadata-changed",
        ),
        (lambda nb: nb.cells[2].metadata.nbgrader.update(points=100), "metadata-changed"),
        (lambda nb: nb.cells[2].metadata.nbgrader.update(points="lots"), "metadata-changed"),
        (
            lambda nb: (
                nb.cells[2].metadata.nbgrader.update(locked=False),
                setattr(nb.cells[2], "source", "pass"),
            ),
            "edited-read-only",
        ),
        (lambda nb: nb.cells[2].metadata.nbgrader.update(grade_id="a_bonus"), "unknown-cell"),
        (lambda nb: setattr(nb.cells[0], "source", "q = None"), "edited-read-only"),
        (lambda nb: setattr(nb.cells[2], "source", "pass"), "edited-read-only"),
    ],
)
def test_every_tampered_cell_is_repaired_and_recorded(gradebook, tamper, code):
    release, resources = gradebook
    tamper(release)
    notebook, ids, codes = _restore(release, resources)
    assert code in codes
    assert [i for i in ids if i] == ["setup", "answer_a", "a", "w1", "t1"]
    test = notebook.cells[ids.index("a")]
    assert test.metadata.nbgrader["points"] == 2 and test.metadata.nbgrader["grade"]
    assert test.source.startswith(('"""Check."""', "# ")) and "assert a == 2" in test.source
    assert notebook.cells[ids.index("setup")].source == "import math"


def test_a_stand_in_gets_every_cell_back_and_only_the_reason_it_stands_in(gradebook, tmp_path):
    """A damaged notebook's stand-in lacks every grade cell: they are put back and scored, but
    not reported one by one ("the test cell was deleted") after the real reason."""
    _, resources = gradebook
    path = _write(tmp_path / "a1.ipynb", '{"cells": [')
    stand_in = nbformat.reads(SubmissionReader().from_filename(str(path))[0], as_version=4)
    notebook, ids, _ = _restore(stand_in, resources)
    assert [i for i in ids if i] == ["a", "w1", "t1"]  # the grade and task cells
    assert [(f.severity, f.code) for f in findings(notebook)] == [("error", "unreadable")]


# --- output, the gradebook merge, the sandbox --------------------------------------------------


def test_clip_output_cuts_text_and_drops_large_rich_outputs():
    cell = new_code_cell("print('x' * 10**6)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 10**6),
        nbformat.v4.new_output(
            "execute_result",
            data={"text/plain": "y" * 10**6, "text/html": "<b>" * 10**6},
            execution_count=1,
        ),
        nbformat.v4.new_output("error", ename="E", evalue="z" * 10**6, traceback=["t" * 10**6]),
        nbformat.v4.new_output("display_data", data={"image/png": "small"}),
    ]
    clipped, _ = ClipOutput(max_chars=1000).preprocess_cell(cell, {}, 0)
    assert len(json.dumps(clipped)) < 10_000
    assert "output clipped by the grader" in clipped.outputs[0].text
    assert "text/html" not in clipped.outputs[1].data
    assert clipped.outputs[3].data == {"image/png": "small"}


def test_a_student_s_grades_move_between_gradebooks_exactly(template, tmp_path):
    source, target = (_copy(template, tmp_path / name) for name in ("scratch.db", "real.db"))
    with Gradebook(source) as gradebook:
        gradebook.add_student("ana", first_name="Ana", lms_user_id="7")
        gradebook.add_submission("a1", "ana")
        grade = gradebook.find_grade("a", "a1", "a1", "ana")
        grade.auto_score, grade.manual_score = 1.0, 1.5
        gradebook.find_submission_notebook("a1", "a1", "ana").flagged = True
        gradebook.db.commit()
    record = submission_record(source, "a1", "ana")
    assert record["notebooks"]["a1"]["grades"]["a"][:2] == (1.0, 1.5)
    apply_record(target, record)
    assert submission_record(target, "a1", "ana") == record
    assert submission_record(source, "a1", "bob") is None


def test_exports_name_students_canvas_cannot_match_and_honour_filters(template, tmp_path):
    db_url = _copy(template, tmp_path / "gradebook.db")
    with Gradebook(db_url) as gradebook:
        gradebook.add_student("ana", first_name="Ana", last_name="Ito", lms_user_id="7")
        gradebook.add_student("bob")
        gradebook.add_submission("a1", "ana")
        gradebook.add_submission("a1", "bob")
        with pytest.raises(ValueError, match=r"no lms_user_id for bob: add an lms_user_id"):
            CanvasExport(to=str(tmp_path / "all.csv")).export(gradebook)
        assert not (tmp_path / "all.csv").exists()
        for exporter in (CanvasExport, QuestionExport, GradesExport):  # a typo exports nothing
            with pytest.raises(ValueError, match=r"not in the gradebook: student 'anna'"):
                exporter(to=str(tmp_path / "typo.csv"), student=["anna"]).export(gradebook)
            with pytest.raises(ValueError, match=r"assignment 'a2'"):
                exporter(to=str(tmp_path / "typo.csv"), assignment=["a1", "a2"]).export(gradebook)
        assert not (tmp_path / "typo.csv").exists()
        CanvasExport(to=str(tmp_path / "ana.csv"), student=["ana"]).export(gradebook)
        QuestionExport(to=str(tmp_path / "q.csv"), student=["bob"]).export(gradebook)
    canvas = (tmp_path / "ana.csv").read_text().splitlines()
    assert canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,a1"
    assert canvas[1:] == ["Points Possible,,,,,6.0", '"Ito, Ana",7,,ana,,']  # w1 to grade
    questions = (tmp_path / "q.csv").read_text().splitlines()
    assert [line.split(",")[:4] for line in questions[1:]] == [
        ["bob", "a1", "a1", grade_id] for grade_id in ("a", "w1", "t1")
    ]


def test_canvas_gets_no_score_for_work_not_graded_or_not_finished_by_hand(
    template, tmp_path, caplog, capfd
):
    """Mid-term: ana is graded completely, bob's written answer still needs grading by hand
    (his 2 auto points would be a partial score), cy has not handed in. Only ana's score goes
    to Canvas; bob's and cy's cells are blank (no change there), and a warning names them."""
    db_url = _copy(template, tmp_path / "gradebook.db")
    with Gradebook(db_url) as gradebook:
        for student, lms in (("ana", "7"), ("bob", "8"), ("cy", "9")):
            gradebook.add_student(student, first_name=student.title(), lms_user_id=lms)
        for student in ("ana", "bob"):
            gradebook.add_submission("a1", student)
            for name, score in (("a", 2.0), ("w1", 0.0), ("t1", 0.0)):
                grade = gradebook.find_grade(name, "a1", "a1", student)
                grade.auto_score, grade.needs_manual_grade = score, name != "a"
        for name, manual in (("w1", 3.0), ("t1", 1.0)):
            grade = gradebook.find_grade(name, "a1", "a1", "ana")
            grade.manual_score, grade.needs_manual_grade = manual, False
        gradebook.db.commit()
        CanvasExport(to=str(tmp_path / "canvas.csv")).export(gradebook)
    assert (tmp_path / "canvas.csv").read_text().splitlines()[2:] == [
        "Ana,7,,ana,,6.0",
        "Bob,8,,bob,,",
        "Cy,9,,cy,,",
    ]
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "bob, a1: answers still to grade by hand" in warned
    assert "cy, a1: no graded submission" in warned and "ana" not in warned
    course = tmp_path / "course"  # and telegram-case export shows the warning
    course.mkdir()
    shutil.copy2(Path(__file__).parents[1] / "course" / "nbgrader_config.py", course)
    command = ["export", "canvas", "--course", str(course), "--to", str(tmp_path / "c.csv")]
    assert main([*command, f"--CourseDirectory.db_url={db_url}"]) == 0
    assert "cy, a1: no graded submission" in capfd.readouterr().err


def test_sandbox_command_hides_before_it_binds(tmp_path):
    hidden, work = tmp_path / "course", tmp_path / "course" / "work"
    work.mkdir(parents=True)
    (tmp_path / "gradebook.db").write_text("")
    hide = [hidden, tmp_path / "gradebook.db", tmp_path / "missing"]
    argv = kernel.bwrap_argv("/usr/bin/bwrap", hide, [], [work])
    assert {"--unshare-net", "--unshare-pid", "--die-with-parent"} <= set(argv)
    assert argv[argv.index("--cap-drop") + 1] == "ALL"
    assert argv.index(str(hidden)) < argv.index(str(work))
    assert argv[argv.index(str(tmp_path / "gradebook.db")) - 1] == "/dev/null"
    assert str(tmp_path / "missing") not in argv
    assert argv[argv.index("--unsetenv") + 1] == "JPY_PARENT_PID"


def test_audit_records_are_read_from_a_kernel_log():
    record = {"event": "open", "args": ["'/x'"], "line": "open('/x')"}
    log = f"noise\n{AUDIT_PREFIX}{json.dumps(record)}\n{AUDIT_PREFIX}{{broken\nmore\n"
    assert kernel.parse_audit(log) == [
        record,
        {"event": "unreadable", "args": [f"{AUDIT_PREFIX}{{broken"], "line": ""},
    ]


def test_the_sandbox_is_available_where_ci_runs():
    """CI installs bubblewrap (.ci/run); grading there must be isolated."""
    if not os.environ.get("CI"):
        pytest.skip("only CI must have bubblewrap")
    assert kernel.bwrap_path(), "bubblewrap is missing or cannot build a sandbox here"
