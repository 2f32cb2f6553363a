"""Does grading survive bad and hostile submissions?

One module-scoped batch holds every bad submission of the matrix below beside
two clean ones (a fully solved notebook and the untouched student version), and
is graded once with ``telegram_case.instructor.safe_grade`` (10 s per cell, two
workers). Each test asserts one case's outcome:

* no inflated score: a tampered test is restored, or the submission is flagged
  for review (and says why);
* one student never stops the batch; every failure has a row in the report,
  by student and notebook, with a readable reason;
* the gradebook is backed up and consistent afterwards; the clean students'
  grades equal those of plain ``nbgrader autograde`` on a batch without the
  bad submissions;
* student code cannot see the course, the gradebook, the exchange or the
  network (where bubblewrap works);
* feedback files hold no hidden test and no solution.

Run with ``-s`` to see the summary of cases tried and held.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from telegram_case.instructor import sandbox
from telegram_case.instructor.cli import nbgrader
from telegram_case.instructor.integrity import hidden_lines
from telegram_case.instructor.safe_grade import (
    GRADED,
    NOT_GRADED,
    REVIEW,
    Options,
    gradebook_snapshot,
    safe_grade,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01-founding-story"
NB = f"{ASSIGNMENT}.ipynb"
CELL_TIMEOUT = 10
AUTO_POINTS = 17  # the machine-checked points of notebook 01 (8 more are written answers)
SANDBOX = sandbox.bwrap_path() is not None

# --- building submissions -------------------------------------------------------------------


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if _meta(c).get("grade_id") == grade_id)


def _solved(release, source):
    """The student version with every answer cell solved (without the solution markers)."""
    nb = copy.deepcopy(release)
    solutions = {_meta(c).get("grade_id"): c for c in source.cells if _meta(c).get("solution")}
    for cell in nb.cells:
        ref = solutions.get(_meta(cell).get("grade_id"))
        if ref is None:
            continue
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in ref.source.split("\n")
                                    if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
        else:
            cell.source = "My own answer: Telegram grew when competitors failed (firstpost)."
    return nb


def _prepend(nb, grade_id, code):
    cell = nb.cells[_index(nb, grade_id)]
    cell.source = code + "\n" + cell.source


def _insert_after(nb, grade_id, code):
    nb.cells.insert(_index(nb, grade_id) + 1, nbformat.v4.new_code_cell(code))


@dataclass
class Case:
    student: str
    tried: str
    base: str  # "solved" or "release"
    edit: object = None  # function(notebook) -> notebook, or None
    files: object = None  # function(folder) writing the submission itself, or None
    held_by: str = ""


FAKE_Q = '''
class _Pass:
    def check(self, *args):
        print("✔ Correct")
class _AllPass:
    def __getattr__(self, name):
        return _Pass()
q = _AllPass()
'''

EQUAL_ANYTHING = '''
class Yes(str):
    def strip(self):
        return self
    def lower(self):
        return self
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__
fastest_shock = Yes("whatever")
'''

IGNORE_INTERRUPT = '''
import time
while True:
    try:
        time.sleep(0.5)
    except KeyboardInterrupt:
        pass
'''

WIDGET_WAIT = '''
import time
import ipywidgets
button = ipywidgets.Button(description="Go on")
clicked = []
button.on_click(lambda _: clicked.append(1))
display(button)
while not clicked:
    time.sleep(0.1)
'''

FAKE_PACKAGE = {
    "telegram_case/__init__.py": "import pandas as pd\n"
                                 "def load(*a, **k):\n    return pd.DataFrame({'category': []})\n"
                                 "def setup_notebook():\n    pass\n"
                                 "def source(*a):\n    pass\n",
    "telegram_case/plots.py": "def __getattr__(name):\n    return lambda *a, **k: None\n",
    "telegram_case/widgets.py": "def __getattr__(name):\n    return lambda *a, **k: None\n",
    "telegram_case/ledger.py": "def claim_cards(*a, **k):\n    pass\n",
    "telegram_case/exercises/__init__.py": "",
    "telegram_case/exercises/nb01.py": "class _Pass:\n    def check(self, *a):\n        pass\n"
                                       "def __getattr__(name):\n    return _Pass()\n",
}


def _write_fake_package(folder: Path):
    for name, text in FAKE_PACKAGE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def _probe_code(course: Path) -> str:
    paths = {
        "course source": str(course / "source" / ASSIGNMENT / NB),
        "course release": str(course / "release" / ASSIGNMENT / NB),
        "gradebook": str(course / "gradebook.db"),
        "other student": str(course / "submitted" / "clean_full" / ASSIGNMENT / NB),
        "exchange": str(course.parent / "exchange" / "SECRET"),
        "repository source": str(ROOT / "course" / "source" / ASSIGNMENT / NB),
        "repository history": str(ROOT / ".git" / "HEAD"),
    }
    return f'''
import json, os, socket
paths = {paths!r}
seen = {{name: os.path.exists(path) for name, path in paths.items()}}
seen["via /proc/1/root"] = os.path.exists("/proc/1/root" + paths["course source"])
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2).close()
    seen["network"] = True
except OSError:
    seen["network"] = False
print("PROBE " + json.dumps(seen))
'''


def _edit(target, source=None, **changes):
    def edit(nb):
        cell = nb.cells[_index(nb, target)]
        if source is not None:
            cell.source = source
        _meta(cell).update(changes)
        return nb
    return edit


def _duplicate(nb):
    i = _index(nb, "mau_multiple")
    twin = copy.deepcopy(nb.cells[i])
    twin.source = "# the real check, made friendlier\npass"
    twin.pop("id", None)
    nb.cells.insert(i + 1, nbformat.from_dict({**twin, "id": "twin-cell"}))
    return nb


def _delete(nb):
    del nb.cells[_index(nb, "mau_multiple")]
    return nb


def _with(fn):
    def edit(nb):
        fn(nb)
        return nb
    return edit


CASES = [
    Case("clean_full", "a correct, complete submission", "solved"),
    Case("clean_empty", "the untouched student version", "release"),
    Case("edit_visible_test", "a visible test cell edited to pass", "release",
         _edit("mau_multiple", source="pass"), held_by="restored by nbgrader"),
    Case("delete_test", "a test cell deleted", "solved", _delete,
         held_by="re-inserted by nbgrader and scored"),
    Case("points_changed", "a test cell's points raised from 1 to 100", "solved",
         _edit("mau_multiple", points=100), held_by="points put back"),
    Case("grade_id_changed", "a test cell's grade id renamed and its test emptied", "release",
         _edit("speed_ratio", grade_id="speed_ratio_bonus", source="pass"),
         held_by="original test re-inserted"),
    Case("unlocked_test", "a test cell unlocked and edited", "release",
         _edit("mau_multiple", locked=False, source="pass"), held_by="restored"),
    Case("grade_flag_flipped", "a test cell turned into an answer cell and emptied", "release",
         _edit("mau_multiple", grade=False, solution=True, source="pass"),
         held_by="metadata put back, test restored"),
    Case("duplicated_test", "a test cell duplicated, the copy edited to pass", "release",
         _duplicate, held_by="copy restored"),
    Case("edit_setup", "the locked setup cell edited to replace the checks", "release",
         _with(lambda nb: _prepend(nb, "setup", FAKE_Q)), held_by="setup cell restored"),
    Case("patch_check", "q.mau_multiple.check replaced from an answer cell", "release",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple",
                                   "q.mau_multiple.check = lambda *args: None")),
         held_by="flagged for review"),
    Case("patch_library", "telegram_case's expect_number monkeypatched", "release",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple",
                                   "import telegram_case.checking as tc\n"
                                   "import telegram_case.exercises.nb01 as nb01\n"
                                   "tc.expect_number = nb01.expect_number = "
                                   "lambda *a, **k: None")),
         held_by="flagged for review"),
    Case("rebind_q", "`q` redefined with checks that always pass", "release",
         _with(lambda nb: _prepend(nb, "answer_mau_milestones", FAKE_Q)),
         held_by="flagged for review"),
    Case("equal_anything", "an answer object that claims equality with anything", "release",
         _with(lambda nb: _prepend(nb, "answer_fastest_shock", EQUAL_ANYTHING)),
         held_by="flagged for review"),
    Case("swallow_errors", "IPython's exception display switched off from an answer cell",
         "release",
         _with(lambda nb: _prepend(nb, "answer_mau_milestones",
                                   "get_ipython().set_custom_exc((BaseException,), "
                                   "lambda *args, **kwargs: None)")),
         held_by="flagged for review"),
    Case("sys_exit", "sys.exit() in an answer cell", "solved",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple", "import sys\nsys.exit('bye')")),
         held_by="cell fails, batch goes on"),
    Case("os_exit", "os._exit() kills the kernel", "solved",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple", "import os\nos._exit(1)")),
         held_by="reported, not graded"),
    Case("infinite_loop", "an endless loop", "solved",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple", "while True:\n    pass")),
         held_by="interrupted after the cell limit"),
    Case("ignore_interrupt", "an endless loop that catches KeyboardInterrupt", "solved",
         _with(lambda nb: _prepend(nb, "answer_mau_multiple", IGNORE_INTERRUPT)),
         held_by="kernel killed, reported"),
    Case("big_print", "a 100 MB print", "solved",
         _with(lambda nb: _insert_after(nb, "answer_mau_multiple", "print('x' * 100_000_000)")),
         held_by="output clipped"),
    Case("input_wait", "a cell that waits for input()", "solved",
         _with(lambda nb: _insert_after(nb, "answer_mau_multiple", "name = input('Name? ')")),
         held_by="input() fails at once"),
    Case("widget_wait", "a cell that waits for a widget click", "solved",
         _with(lambda nb: _insert_after(nb, "answer_mau_multiple", WIDGET_WAIT)),
         held_by="interrupted after the cell limit"),
    Case("invalid_json", "a notebook that is not valid JSON", "files",
         files=lambda folder: (folder / NB).write_text('{"cells": [', encoding="utf-8"),
         held_by="rejected with a reason"),
    Case("not_utf8", "a notebook that is not UTF-8", "files",
         files=lambda folder: (folder / NB).write_bytes(
             (ROOT / "notebooks" / NB).read_text(encoding="utf-8").encode("cp1252", "replace")),
         held_by="rejected with a reason"),
    Case("nbformat3", "a notebook in format v3", "files",
         files=lambda folder: (folder / NB).write_text(nbformat.writes(
             nbformat.read(ROOT / "notebooks" / NB, as_version=4), version=3)),
         held_by="rejected with a reason"),
    Case("missing_notebook", "no notebook at all", "files", files=lambda folder: None,
         held_by="rejected with a reason"),
    Case("renamed_notebook", "the notebook renamed", "files",
         files=lambda folder: shutil.copy(ROOT / "notebooks" / NB,
                                          folder / f"{ASSIGNMENT}-Copy1.ipynb"),
         held_by="rejected, the file named"),
    Case("shadow_pandas", "a pandas.py next to the notebook", "solved",
         files=lambda folder: (folder / "pandas.py").write_text("raise SystemExit('gotcha')\n"),
         held_by="extra file left out, flagged"),
    Case("shadow_telegram_case", "a fake telegram_case package next to the notebook",
         "release", files=_write_fake_package, held_by="extra files left out, flagged"),
    Case("bad_timestamp", "a malformed timestamp.txt", "solved",
         files=lambda folder: (folder / "timestamp.txt").write_text("the day before the deadline"),
         held_by="graded without a time, flagged"),
    Case("..\\evil;id", "a student id with path characters", "solved",
         held_by="rejected with a reason"),
    Case("probe", "code that looks for the solutions, gradebook, exchange and network",
         "solved", held_by="nothing visible (sandbox), flagged"),
]
BY_NAME = {case.student: case for case in CASES}


def _build_course(tmp: Path) -> Path:
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source", course / "source")
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course)
    return course


def _write_submissions(course: Path, cases: list[Case]) -> None:
    release = nbformat.read(course / "release" / ASSIGNMENT / NB, as_version=4)
    source = nbformat.read(course / "source" / ASSIGNMENT / NB, as_version=4)
    solved = _solved(release, source)
    for case in cases:
        folder = course / "submitted" / case.student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")
        if case.base in ("solved", "release"):
            nb = copy.deepcopy(solved if case.base == "solved" else release)
            if case.student == "probe":
                _insert_after(nb, "answer_mau_multiple", _probe_code(course))
            if case.edit:
                nb = case.edit(nb)
            nbformat.write(nb, folder / NB)
        if case.files:
            case.files(folder)


def _grades(db: Path, students) -> dict:
    snapshot = gradebook_snapshot(f"sqlite:///{db}")
    return {key: value for key, value in snapshot["grades"].items() if key[1] in students}


@dataclass
class Batch:
    course: Path
    report: object
    seconds: float
    reference: dict
    reference_seconds: float
    before: dict
    after: dict


SUMMARY: dict[str, tuple[str, str]] = {}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TELEGRAM_CASE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
        mp.setenv("TELEGRAM_CASE_EXCHANGE", str(tmp / "exchange"))
        (tmp / "exchange").mkdir()
        (tmp / "exchange" / "SECRET").write_text("the exchange holds every submission")
        mp.setenv("TELEGRAM_CASE_DB_URL", f"sqlite:///{tmp / 'course' / 'gradebook.db'}")
        course = _build_course(tmp)
        # the reference: plain nbgrader on the two clean students alone, run meanwhile
        ref_course = tmp / "reference" / "course"
        shutil.copytree(course, ref_course)
        _write_submissions(ref_course, [BY_NAME["clean_full"], BY_NAME["clean_empty"]])
        env = dict(os.environ, TELEGRAM_CASE_DB_URL=f"sqlite:///{ref_course / 'gradebook.db'}",
                   PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
        start = time.perf_counter()
        reference_run = subprocess.Popen(
            [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"],
            cwd=ref_course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _write_submissions(course, CASES)
        # a student graded earlier, outside this batch: must stay exactly as it is
        from nbgrader.api import Gradebook
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
            gradebook.add_student("earlier", first_name="Ear", last_name="Lier")
            gradebook.add_submission(ASSIGNMENT, "earlier")
            grade = gradebook.find_grade("speed_ratio", ASSIGNMENT, ASSIGNMENT, "earlier")
            grade.auto_score, grade.manual_score = 2.0, 1.5
            gradebook.db.commit()
        before = gradebook_snapshot(f"sqlite:///{course / 'gradebook.db'}")
        start_batch = time.perf_counter()
        report = safe_grade(course, ASSIGNMENT, Options(workers=2, cell_timeout=CELL_TIMEOUT,
                                                         student_timeout=300),
                            log=lambda *_: None)
        seconds = time.perf_counter() - start_batch
        _, errors = reference_run.communicate(timeout=600)
        reference_seconds = time.perf_counter() - start
        assert reference_run.returncode == 0, errors[-3000:]
        reference = _grades(ref_course / "gradebook.db", {"clean_full", "clean_empty"})
        after = gradebook_snapshot(f"sqlite:///{course / 'gradebook.db'}")
        yield Batch(course, report, seconds, reference, reference_seconds, before, after)
    _print_summary(report, seconds)


def _print_summary(report, seconds):
    lines = ["", "=" * 100, f"Hostile submissions: {len(CASES)} cases tried in one batch "
             f"({seconds:.0f} s, 2 workers, {CELL_TIMEOUT} s per cell, kernel sandbox: "
             f"{'bubblewrap' if report.sandboxed else 'off'})"]
    held = sum(1 for verdict, _ in SUMMARY.values() if verdict == "held")
    lines.append(f"cases held: {held} of {len(SUMMARY)} checked")
    lines.append(f"{'case':<22} {'status':<15} {'score':>7}  verdict  how")
    for case in CASES:
        try:
            row = report.row(case.student)
        except KeyError:
            continue
        verdict, how = SUMMARY.get(case.student, ("not run", ""))
        score = "" if row.score is None else f"{row.score:g}"
        lines.append(f"{case.student:<22.22} {row.status:<15} {score:>7}  {verdict:<7}  "
                     f"{case.tried}: {how}")
    for name, (verdict, how) in SUMMARY.items():
        if name.startswith("@"):
            lines.append(f"{name:<22} {'':<15} {'':>7}  {verdict:<7}  {how}")
    lines.append("Not held by design, mitigated: see docs/grading-security.md "
                 "(in-process tampering is flagged, not prevented; worked solutions ship "
                 "in the package).")
    lines.append("=" * 100)
    print("\n".join(lines))


def _record(name, how, verdict="held"):
    SUMMARY[name] = (verdict, how)


def _autograded(batch, student):
    return nbformat.read(batch.course / "autograded" / student / ASSIGNMENT / NB, as_version=4)


def _codes(row):
    return {f.code for f in row.findings}


def _score(batch, student, grade_id):
    return batch.after["grades"][(ASSIGNMENT, student, ASSIGNMENT, grade_id)][0]


# --- the batch as a whole ----------------------------------------------------------------------


def test_every_submission_has_a_row_and_the_batch_finished(batch):
    students = {row.student for row in batch.report.rows}
    assert students == {case.student for case in CASES} | set()
    for row in batch.report.rows:
        assert row.notebook == NB
        assert row.status in (GRADED, REVIEW, NOT_GRADED)
        if row.status != GRADED:
            assert row.reason and row.reason != "ok", row
    report_md = batch.report.files["md"].read_text()
    report_csv = batch.report.files["csv"].read_text()
    for case in CASES:
        assert case.student.replace("\\", "\\\\") in report_md or case.student in report_md
        assert case.student in report_csv
    _record("@batch", f"one batch, {len(CASES)} students, never stopped; report in md/csv/json")


def test_clean_grades_equal_plain_nbgrader_without_the_bad_submissions(batch):
    got = _grades(batch.course / "gradebook.db", {"clean_full", "clean_empty"})
    assert got == batch.reference
    assert len(got) == 2 * 11
    assert batch.report.row("clean_full").score == AUTO_POINTS
    assert batch.report.row("clean_empty").score == 0
    for student in ("clean_full", "clean_empty"):
        row = batch.report.row(student)
        assert row.status == GRADED, row.reason
        assert not [f for f in row.findings if f.severity != "note"]
        _record(student, "graded like plain nbgrader, no flags")


def test_gradebook_backed_up_and_consistent(batch):
    report = batch.report
    assert report.problems == []
    assert report.backup.is_file()
    assert gradebook_snapshot(f"sqlite:///{report.backup}") == batch.before
    earlier = {k: v for k, v in batch.after["grades"].items() if k[1] == "earlier"}
    assert earlier == {k: v for k, v in batch.before["grades"].items() if k[1] == "earlier"}
    assert batch.after["structure"] == batch.before["structure"]
    graded = {r.student for r in report.rows if r.status != NOT_GRADED}
    submitted = {k[1] for k in batch.after["grades"]} - {"earlier"}
    assert submitted == graded  # nothing half-written for the students that were not graded
    flagged = {k[1] for k, v in batch.after["flags"].items() if v}
    assert flagged == {r.student for r in report.rows if r.status == REVIEW}
    _record("@gradebook", "backed up; unchanged but for graded students; flags set for review")


# --- the matrix ---------------------------------------------------------------------------------

TAMPERED_TESTS = {
    "edit_visible_test": ("mau_multiple", "test-edited"),
    "unlocked_test": ("mau_multiple", "metadata-changed"),
    "grade_flag_flipped": ("mau_multiple", "metadata-changed"),
    "duplicated_test": ("mau_multiple", "duplicate-cell"),
    "grade_id_changed": ("speed_ratio", "unknown-cell"),
}


@pytest.mark.parametrize("student", sorted(TAMPERED_TESTS))
def test_tampered_test_cell_is_restored_and_flagged(batch, student):
    grade_id, code = TAMPERED_TESTS[student]
    row = batch.report.row(student)
    assert row.status == REVIEW
    assert code in _codes(row)
    assert row.score == 0  # the release answers nothing: no test may pass
    assert _score(batch, student, grade_id) == 0
    graded = _autograded(batch, student)
    copies = [c for c in graded.cells if _meta(c).get("grade_id") == grade_id]
    assert len(copies) == 1 and "q." in copies[0].source and copies[0].source.strip() != "pass"
    _record(student, f"test restored (0 points), flagged: {code}")


def test_deleted_test_cell_is_put_back_and_scored(batch):
    row = batch.report.row("delete_test")
    assert row.status == REVIEW and "deleted-test" in _codes(row)
    assert row.score == AUTO_POINTS and _score(batch, "delete_test", "mau_multiple") == 1
    graded = _autograded(batch, "delete_test")
    assert [c for c in graded.cells if _meta(c).get("grade_id") == "mau_multiple"]
    _record("delete_test", "re-inserted by nbgrader, scored as the instructor's test, flagged")


def test_changed_points_are_put_back(batch):
    row = batch.report.row("points_changed")
    assert row.status == REVIEW and "metadata-changed" in _codes(row)
    assert (row.score, row.max_score) == (AUTO_POINTS, 25)
    assert _score(batch, "points_changed", "mau_multiple") == 1
    _record("points_changed", "scored 1 of 1, not 100; flagged")


def test_edited_setup_cell_is_restored(batch):
    row = batch.report.row("edit_setup")
    assert row.status == REVIEW and "locked-edited" in _codes(row)
    assert row.score == 0
    setup = _autograded(batch, "edit_setup").cells[0]
    assert "_AllPass" not in setup.source
    _record("edit_setup", "restored by nbgrader (locked), 0 points, flagged")


PATCHES = {
    "patch_check": {"patches-checker"},
    "patch_library": {"internals", "patches-checker"},
    "rebind_q": {"rebinds-q"},
    "equal_anything": {"fake-object"},
    "swallow_errors": {"shell"},
}


@pytest.mark.parametrize("student", sorted(PATCHES))
def test_in_process_tampering_is_flagged(batch, student):
    """Code in the student's kernel can subvert checks that run in that kernel: it is flagged."""
    row = batch.report.row(student)
    assert row.status == REVIEW
    assert PATCHES[student] <= _codes(row), row.reason
    flagged = batch.after["flags"][(ASSIGNMENT, student, ASSIGNMENT)]
    assert flagged
    how = f"flagged ({', '.join(sorted(PATCHES[student]))}); score {row.score:g}"
    if row.score:
        how += " (inflated, but held for the instructor's review)"
    _record(student, how)


def test_sys_exit_fails_only_its_cell(batch):
    row = batch.report.row("sys_exit")
    assert row.status == REVIEW and "system" in _codes(row)
    assert row.score == AUTO_POINTS - 1
    _record("sys_exit", "SystemExit is an error in its cell; the rest graded, flagged")


def test_os_exit_is_reported_not_graded(batch):
    row = batch.report.row("os_exit")
    assert row.status == NOT_GRADED
    assert "kernel died" in row.reason
    assert not [k for k in batch.after["grades"] if k[1] == "os_exit"]
    _record("os_exit", "not graded, reason: kernel died; gradebook untouched")


def test_endless_loop_is_interrupted(batch):
    row = batch.report.row("infinite_loop")
    assert row.status == REVIEW and {"cell-timeout", "endless-loop"} <= _codes(row)
    assert row.score == AUTO_POINTS - 1
    _record("infinite_loop", f"interrupted after {CELL_TIMEOUT} s, later cells graded")


def test_loop_that_ignores_interrupts_is_killed_and_reported(batch):
    row = batch.report.row("ignore_interrupt")
    assert row.status == NOT_GRADED
    assert "did not stop when interrupted" in row.reason
    assert "catches-interrupt" in _codes(row)
    assert row.seconds < CELL_TIMEOUT + 120
    _record("ignore_interrupt", f"killed after {row.seconds:.0f} s, not graded, reason given")


def test_huge_output_is_clipped(batch):
    row = batch.report.row("big_print")
    assert row.status == GRADED and row.score == AUTO_POINTS
    path = batch.course / "autograded" / "big_print" / ASSIGNMENT / NB
    assert path.stat().st_size < 3_000_000
    assert "output clipped by the grader" in path.read_text(encoding="utf-8")
    _record("big_print", f"graded; autograded notebook {path.stat().st_size / 1e6:.1f} MB")


def test_input_fails_at_once(batch):
    row = batch.report.row("input_wait")
    assert row.score == AUTO_POINTS and row.seconds < 60
    assert "call" in _codes(row)
    graded = _autograded(batch, "input_wait")
    cell = next(c for c in graded.cells if "input(" in c.source)
    assert any(o.output_type == "error" for o in cell.outputs)
    _record("input_wait", "input() raises at once (no stdin while grading); flagged")


def test_widget_wait_is_interrupted(batch):
    row = batch.report.row("widget_wait")
    assert row.score == AUTO_POINTS and "cell-timeout" in _codes(row)
    _record("widget_wait", f"interrupted after {CELL_TIMEOUT} s; graded, flagged")


BROKEN_FILES = {
    "invalid_json": ("invalid-json", "not valid JSON"),
    "not_utf8": ("not-utf8", "not UTF-8"),
    "nbformat3": ("nbformat", "format 3"),
    "missing_notebook": ("missing-notebook", "was not submitted"),
    "renamed_notebook": ("missing-notebook", f"{ASSIGNMENT}-Copy1.ipynb"),
    "..\\evil;id": ("student-id", "unsafe"),
}


@pytest.mark.parametrize("student", sorted(BROKEN_FILES))
def test_broken_submission_is_rejected_with_a_reason(batch, student):
    code, words = BROKEN_FILES[student]
    row = batch.report.row(student)
    assert row.status == NOT_GRADED
    assert code in _codes(row)
    assert words in row.reason
    assert not [k for k in batch.after["grades"] if k[1] == student]
    assert student not in batch.after["students"]
    _record(student, f"not graded, reason: {row.reason[:70]}")


@pytest.mark.parametrize("student", ["shadow_pandas", "shadow_telegram_case"])
def test_module_named_files_are_left_out(batch, student):
    row = batch.report.row(student)
    assert row.status == REVIEW and "extra-files" in _codes(row)
    assert "shadow" in row.reason
    assert row.score == (AUTO_POINTS if student == "shadow_pandas" else 0)
    folder = batch.course / "autograded" / student / ASSIGNMENT
    assert not (folder / "pandas.py").exists() and not (folder / "telegram_case").exists()
    _record(student, f"left out of grading, flagged; score {row.score:g} as answered")


def test_malformed_timestamp_is_flagged_not_fatal(batch):
    row = batch.report.row("bad_timestamp")
    assert row.status == REVIEW and "bad-timestamp" in _codes(row)
    assert row.score == AUTO_POINTS
    _record("bad_timestamp", "graded without a submission time, flagged (plain nbgrader stops)")


def test_student_code_cannot_see_the_course(batch):
    row = batch.report.row("probe")
    assert row.status == REVIEW and {"path", "filesystem"} & _codes(row)
    graded = _autograded(batch, "probe")
    text = "".join(o.get("text", "") for c in graded.cells if c.cell_type == "code"
                   for o in c.outputs)
    seen = json.loads(re.search(r"PROBE (\{.*\})", text).group(1))
    if not SANDBOX:
        _record("probe", "NOT HELD: no bubblewrap here; flagged only", "not held")
        pytest.skip("bubblewrap cannot build a sandbox on this machine")
    assert seen == dict.fromkeys(seen, False), seen
    assert "audit" in _codes(row)
    _record("probe", "course, gradebook, exchange, other students, repository and network "
            "invisible; audit hook flagged the attempts")


def test_every_case_held(batch):
    """The summary lists every case; any case that is not held fails here."""
    missing = {case.student for case in CASES} - set(SUMMARY)
    assert not missing, f"cases without a verdict: {missing}"
    assert all(verdict == "held" for verdict, _ in SUMMARY.values() if verdict != "not held")


# --- feedback -----------------------------------------------------------------------------------


def _html_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def _secret_lines(course: Path) -> tuple[list[str], list[str]]:
    source = nbformat.read(course / "source" / ASSIGNMENT / NB, as_version=4)
    hidden, solutions = [], []
    for cell in source.cells:
        meta = _meta(cell)
        if meta.get("grade") and not meta.get("solution"):
            hidden += [line for line in hidden_lines(cell.source) if len(line) > 12]
        if meta.get("solution"):
            body = cell.source
            if "BEGIN SOLUTION" in body:
                body = body.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            solutions += [line.strip() for line in body.splitlines() if len(line.strip()) > 12]
    return hidden, solutions


def test_feedback_has_no_hidden_tests_or_solutions(batch):
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=batch.course)
    hidden, solutions = _secret_lines(batch.course)
    assert hidden and solutions
    pages = sorted((batch.course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    graded = {r.student for r in batch.report.rows if r.status != NOT_GRADED}
    assert {p.parts[-3] for p in pages} == graded
    for page in pages:
        text = _html_text(page)
        submitted = (batch.course / "submitted" / page.parts[-3] / ASSIGNMENT / NB).read_text(
            encoding="utf-8", errors="replace")
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION",
                       "Model answer"):
            assert marker not in text, (page, marker)
        for line in hidden:
            assert line not in text, (page, line)
        for line in solutions:  # the student's own answer may be the solution
            assert line not in text or json.dumps(line)[1:-1] in submitted, (page, line)
    _record("@feedback", f"{len(pages)} feedback pages: no hidden test, no solution, "
            "no marker")
