"""Does grading survive bad and hostile submissions, on every path an instructor may take?

One batch holds every bad submission of the matrix below beside two clean ones
(a fully solved notebook and the untouched student version) and a student graded
earlier. It is graded three times, each in its own copy of the course, with the
course's ``nbgrader_config.py`` and nothing else (10 s per cell):

* ``cli``: plain ``nbgrader autograde``;
* ``button``: the API call behind the formgrader's *Autograde* button
  (``NbGraderAPI.autograde``), student by student;
* ``command``: ``telegram-case grade`` with two workers.

Each test asserts one case's outcome on every path: no crash, no inflated score,
no half-written gradebook entry, a flag and a recorded reason where a human should
look, and a kernel that sees none of the course, the gradebook, the exchange or
the network (where bubblewrap works). One test requires the three gradebooks to
hold the same scores, flags and findings. Questions and points are read from
the notebook, never written here. Run with ``-s`` for the summary.
"""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry
from rich.console import Console

from telegram_case.cells import hidden_region
from telegram_case.instructor.checks import findings
from telegram_case.instructor.config import load_config, scratch_options
from telegram_case.instructor.grade import grade_class
from telegram_case.instructor.kernel import bwrap_path

from .support import cells
from .support.nbgrader import run_nbgrader

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = sorted(p.name for p in (ROOT / "course" / "source").iterdir() if p.is_dir())[0]
NB = f"{ASSIGNMENT}.ipynb"
SOURCE = cells.read_notebook(ROOT / "course" / "source" / ASSIGNMENT / NB)
GRADED = cells.grade_cells(SOURCE)
TESTS = [c for c in GRADED if c.kind == "test"]
AUTO = sum(c.points for c in TESTS)  # what a solved notebook scores before hand grading
FIRST, SECOND, LAST = TESTS[0].grade_id, TESTS[1].grade_id, TESTS[-1].grade_id
POINTS = {c.grade_id: c.points for c in GRADED}
SETUP = next(
    cells.grade_id(c)
    for c in SOURCE.cells
    if cells.meta(c).get("locked") and not cells.meta(c).get("grade")
)
VARIABLE = cells.questions(ASSIGNMENT)[FIRST].variables[0]
MODULE = cells.exercise_module(ASSIGNMENT).__name__
CELL_TIMEOUT = 10
PATHS = ("cli", "button", "command")
SANDBOX = bwrap_path() is not None


def _hidden(question: str) -> bool:
    return cells.has_hidden_tests(SOURCE.cells[cells.cell_index(SOURCE, question)].source)


# --- building submissions -------------------------------------------------------------------


def _solved(release):
    """The student version with every answer cell solved (written answers: one sentence)."""
    nb = copy.deepcopy(release)
    solutions = {cells.grade_id(c): c for c in SOURCE.cells if cells.meta(c).get("solution")}
    for cell in nb.cells:
        ref = solutions.get(cells.grade_id(cell))
        if ref is not None:
            code = cell.cell_type == "code"
            cell.source = cells.solution_text(ref.source) if code else "My own answer."
    return nb


def _prepend(grade_id, code):
    def edit(nb):
        cell = nb.cells[cells.cell_index(nb, grade_id)]
        cell.source = f"{code}\n{cell.source}"
        return nb

    return edit


def _insert_after(grade_id, code):
    def edit(nb):
        nb.cells.insert(cells.cell_index(nb, grade_id) + 1, nbformat.v4.new_code_cell(code))
        return nb

    return edit


def _edit(target, source=None, **changes):
    def edit(nb):
        cell = nb.cells[cells.cell_index(nb, target)]
        if source is not None:
            cell.source = source
        cells.meta(cell).update(changes)
        return nb

    return edit


def _duplicate(nb):
    i = cells.cell_index(nb, FIRST)
    twin = copy.deepcopy(nb.cells[i])
    twin.source = "# the real check, made friendlier\npass"
    twin.id = "twin-cell"
    nb.cells.insert(i + 1, twin)
    return nb


def _delete(nb):
    del nb.cells[cells.cell_index(nb, FIRST)]
    return nb


FAKE_Q = """
class _Pass:
    def check(self, *args):
        print("✔ Correct")
class _AllPass:
    def __getattr__(self, name):
        return _Pass()
q = _AllPass()
"""
EQUAL_ANYTHING = f"""
class Yes(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__
{VARIABLE} = Yes("whatever")
"""
IGNORE_INTERRUPT = """
import time
while True:
    try:
        time.sleep(0.5)
    except KeyboardInterrupt:
        pass
"""
WIDGET_WAIT = """
import time
import ipywidgets
button = ipywidgets.Button(description="Go on")
clicked = []
button.on_click(lambda _: clicked.append(1))
display(button)
while not clicked:
    time.sleep(0.1)
"""
FAKE_PACKAGE = {
    "telegram_case/__init__.py": "def load(*a, **k):\n    raise SystemExit\n"
    "def setup_notebook():\n    pass\ndef source(*a):\n    pass\n",
    "telegram_case/exercises/__init__.py": "",
    f"telegram_case/exercises/{MODULE.rsplit('.', 1)[1]}.py": "class _Pass:\n"
    "    def check(self, *a):\n        pass\ndef __getattr__(name):\n    return _Pass()\n",
}


def _fake_package(folder: Path):
    for name, text in FAKE_PACKAGE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def _probe(course: Path) -> str:
    paths = {
        "course source": str(course / "source" / ASSIGNMENT / NB),
        "gradebook": str(course.parent / "gradebook.db"),
        "other student": str(course / "submitted" / "clean_full" / ASSIGNMENT / NB),
        "exchange": str(course.parent / "exchange" / "SECRET"),
        "repository source": str(ROOT / "course" / "source" / ASSIGNMENT / NB),
        "repository history": str(ROOT / ".git" / "HEAD"),
    }
    return f"""
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
"""


@dataclass
class Case:
    student: str
    tried: str
    base: str  # "solved", "release" or "files" (the files function writes the notebook)
    edit: object = None
    files: object = None
    score: float | None = None  # None: unpredictable (the same on every path)
    codes: frozenset = frozenset()  # findings that must be recorded
    flagged: bool = True


def _c(student, tried, base, edit=None, files=None, score=None, codes=(), flagged=True):
    return Case(student, tried, base, edit, files, score, frozenset(codes), flagged)


def _solved_file(folder: Path, name: str = NB):
    release = nbformat.read(ROOT / "notebooks" / NB, as_version=4)
    nbformat.write(_solved(release), folder / name)


CASES = [
    _c("clean_full", "a correct, complete submission", "solved", score=AUTO, flagged=False),
    _c("clean_empty", "the untouched student version", "release", score=0, flagged=False),
    _c(
        "edit_visible_test",
        "a visible test cell edited to pass",
        "release",
        _edit(FIRST, source="pass"),
        score=0,
        codes={"edited-read-only"},
    ),
    _c("delete_test", "a test cell deleted", "solved", _delete, score=AUTO, codes={"deleted-test"}),
    _c(
        "points_changed",
        "a test cell's points raised to 100",
        "solved",
        _edit(FIRST, points=100),
        score=AUTO,
        codes={"metadata-changed"},
    ),
    _c(
        "grade_id_changed",
        "a test cell's grade id renamed, its test emptied",
        "release",
        _edit(SECOND, grade_id=f"{SECOND}_bonus", source="pass"),
        score=0,
        codes={"unknown-cell", "deleted-test"},
    ),
    _c(
        "unlocked_test",
        "a test cell unlocked and edited",
        "release",
        _edit(FIRST, locked=False, source="pass"),
        score=0,
        codes={"edited-read-only"},
    ),
    _c(
        "grade_flag_flipped",
        "a test cell turned into an answer cell and emptied",
        "release",
        _edit(FIRST, grade=False, solution=True, source="pass"),
        score=0,
        codes={"metadata-changed"},
    ),
    _c(
        "duplicated_test",
        "a test cell duplicated, the copy edited to pass",
        "release",
        _duplicate,
        score=0,
        codes={"duplicate-cell"},
    ),
    _c(
        "edit_setup",
        "the locked setup cell edited to replace the checks",
        "release",
        _prepend(SETUP, FAKE_Q),
        score=0,
        codes={"edited-read-only"},
    ),
    _c(
        "patch_check",
        "a visible check replaced from an answer cell",
        "release",
        _prepend(cells.answer_id(FIRST), f"q.{FIRST}.check = lambda *args: None"),
        score=0 if _hidden(FIRST) else POINTS[FIRST],
        codes={"patches-checker"},
    ),
    _c(
        "patch_library",
        "the checking library monkeypatched",
        "release",
        _prepend(
            cells.answer_id(FIRST),
            f"import telegram_case.checking as tc\nimport {MODULE} "
            "as nb\ntc.expect_number = nb.expect_number = lambda *a, **k: None",
        ),
        codes={"internals", "patches-checker"},
    ),
    _c(
        "rebind_q",
        "`q` redefined with checks that always pass",
        "release",
        _prepend(cells.answer_id(FIRST), FAKE_Q),
        codes={"rebinds-q"},
    ),
    _c(
        "equal_anything",
        "an answer that claims equality with anything",
        "release",
        _prepend(cells.answer_id(FIRST), EQUAL_ANYTHING),
        codes={"fake-object"},
    ),
    _c(
        "swallow_errors",
        "IPython's exception display switched off",
        "release",
        _prepend(
            cells.answer_id(FIRST),
            "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)",
        ),
        score=0,
        codes={"shell"},
    ),
    _c(
        "sys_exit",
        "sys.exit() in an answer cell",
        "solved",
        _prepend(cells.answer_id(LAST), "import sys\nsys.exit('bye')"),
        score=AUTO - POINTS[LAST],
        codes={"system"},
    ),
    _c(
        "os_exit",
        "os._exit() kills the kernel",
        "solved",
        _prepend(cells.answer_id(LAST), "import os\nos._exit(1)"),
        score=AUTO - POINTS[LAST],
        codes={"kernel-stopped"},
    ),
    _c(
        "infinite_loop",
        "an endless loop",
        "solved",
        _prepend(cells.answer_id(LAST), "while True:\n    pass"),
        score=AUTO - POINTS[LAST],
        codes={"cell-timeout", "endless-loop"},
    ),
    _c(
        "ignore_interrupt",
        "an endless loop that catches KeyboardInterrupt",
        "solved",
        _prepend(cells.answer_id(LAST), IGNORE_INTERRUPT),
        score=AUTO - POINTS[LAST],
        codes={"kernel-stopped", "catches-interrupt"},
    ),
    _c(
        "big_print",
        "a 100 MB print",
        "solved",
        _insert_after(cells.answer_id(LAST), "print('x' * 100_000_000)"),
        score=AUTO,
        flagged=False,
    ),
    _c(
        "input_wait",
        "a cell that waits for input()",
        "solved",
        _insert_after(cells.answer_id(LAST), "name = input('Name? ')"),
        score=AUTO,
        codes={"call"},
    ),
    _c(
        "widget_wait",
        "a cell that waits for a widget click",
        "solved",
        _insert_after(cells.answer_id(LAST), WIDGET_WAIT),
        score=AUTO,
        codes={"cell-timeout"},
    ),
    _c(
        "invalid_json",
        "a notebook that is not valid JSON",
        "files",
        score=0,
        files=lambda folder: (folder / NB).write_text('{"cells": [', encoding="utf-8"),
        codes={"unreadable"},
    ),
    _c(
        "not_utf8",
        "a notebook that is not UTF-8",
        "files",
        score=0,
        codes={"unreadable"},
        files=lambda folder: (folder / NB).write_bytes(
            (ROOT / "notebooks" / NB).read_text(encoding="utf-8").encode("cp1252", "replace")
        ),
    ),
    _c(
        "nbformat3",
        "a notebook in format v3",
        "files",
        score=0,
        flagged=False,
        files=lambda folder: (folder / NB).write_text(
            nbformat.writes(nbformat.read(ROOT / "notebooks" / NB, as_version=4), version=3)
        ),
    ),
    _c(
        "renamed_notebook",
        "the solved notebook renamed",
        "files",
        score=0,
        files=lambda folder: _solved_file(folder, f"{ASSIGNMENT}-Copy1.ipynb"),
        codes={"unreadable"},
    ),
    _c("missing_notebook", "no notebook at all", "files", files=lambda folder: None),
    _c(
        "shadow_pandas",
        "a pandas.py next to the notebook",
        "solved",
        score=AUTO,
        files=lambda folder: (folder / "pandas.py").write_text("raise SystemExit('gotcha')\n"),
        codes={"extra-files"},
    ),
    _c(
        "shadow_telegram_case",
        "a fake telegram_case package next to the notebook",
        "release",
        files=_fake_package,
        score=0,
        codes={"extra-files"},
    ),
    _c(
        "bad_timestamp",
        "a malformed timestamp.txt",
        "solved",
        score=AUTO,
        files=lambda folder: (folder / "timestamp.txt").write_text("the day before the deadline"),
        codes={"bad-timestamp"},
    ),
    _c("..\\evil;id", "a student folder nbgrader does not see (a leading dot)", "solved"),
    _c(
        "evil;id+x",
        "a student id with characters unsafe in paths",
        "solved",
        score=AUTO,
        codes={"student-id"},
    ),
    _c(
        "probe",
        "code that looks for the solutions, gradebook, exchange and network",
        "solved",
        score=AUTO,
        codes={"path", "audit"},
    ),
]
BY_NAME = {case.student: case for case in CASES}
NOT_SEEN = {"missing_notebook", "..\\evil;id"}


def _build(tmp: Path) -> Path:
    """The course: the assignment generated, every case submitted, a student graded earlier."""
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    run_nbgrader("generate_assignment", ASSIGNMENT, "--force", *scratch_options(tmp), cwd=course)
    release = nbformat.read(course / "release" / ASSIGNMENT / NB, as_version=4)
    for case in CASES:
        folder = course / "submitted" / case.student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")
        if case.base != "files":
            nb = _solved(release) if case.base == "solved" else copy.deepcopy(release)
            if case.student == "probe":
                nb = _insert_after(cells.answer_id(LAST), _probe(course))(nb)
            nbformat.write(case.edit(nb) if case.edit else nb, folder / NB)
        if case.files:
            case.files(folder)
    with Gradebook(f"sqlite:///{tmp / 'gradebook.db'}") as gradebook:
        gradebook.add_student("earlier", first_name="Ear", last_name="Lier")
        gradebook.add_submission(ASSIGNMENT, "earlier")
        grade = gradebook.find_grade(SECOND, ASSIGNMENT, ASSIGNMENT, "earlier")
        grade.auto_score, grade.manual_score = 1.0, 0.5
        gradebook.db.commit()
    (tmp / "exchange").mkdir(exist_ok=True)
    (tmp / "exchange" / "SECRET").write_text("the exchange holds every submission")
    return course


def _grade_with_the_button(course: Path, options: list[str]) -> None:
    from nbgrader.apps import NbGraderAPI

    config, coursedir = load_config(course, options)
    api = NbGraderAPI(coursedir, config=config)
    for student in sorted(api.get_submitted_students(ASSIGNMENT)):  # as the formgrader lists them
        api.autograde(ASSIGNMENT, student)  # a failure shows in the gradebook, checked below


@dataclass
class Graded:
    """One path's result: the course, its gradebook, and per student what grading left."""

    course: Path
    db: str
    grades: dict  # (student, cell) -> (auto score, manual score, needs manual grade)
    students: dict  # student -> {"score", "max", "flagged", "codes", "notebook"} or None


def _read(course: Path) -> Graded:
    db = f"sqlite:///{course.parent / 'gradebook.db'}"
    grades, students = {}, {}
    with Gradebook(db) as gradebook:
        for case in [*CASES, Case("earlier", "", "")]:
            try:
                submission = gradebook.find_submission(ASSIGNMENT, case.student)
            except MissingEntry:
                students[case.student] = None
                continue
            notebook = submission.notebooks[0]
            for grade in notebook.grades:
                grades[case.student, grade.name] = (
                    grade.auto_score,
                    grade.manual_score,
                    grade.needs_manual_grade,
                )
            path = course / "autograded" / case.student / ASSIGNMENT / NB
            graded = nbformat.read(path, as_version=4) if path.is_file() else None
            students[case.student] = {
                "score": notebook.score,
                "max": notebook.max_score,
                "flagged": notebook.flagged,
                "codes": {f.code for f in findings(graded)} if graded else set(),
                "notebook": graded,
            }
    return Graded(course, db, grades, students)


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> dict[str, Graded]:
    """The batch graded on each path, from identical copies; the cli path runs meanwhile."""
    base = tmp_path_factory.mktemp("hostile")
    template = _build(base / "template")
    courses = {}
    for path in PATHS:
        shutil.copytree(template.parent, base / path)
        courses[path] = base / path / "course"
    options = {
        path: [*scratch_options(base / path), f"--Execute.timeout={CELL_TIMEOUT}"] for path in PATHS
    }
    cli = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force", *options["cli"]],
        cwd=courses["cli"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _grade_with_the_button(courses["button"], options["button"])
    grade_class(
        courses["command"], ASSIGNMENT, options["command"], workers=2, console=Console(quiet=True)
    )
    log = cli.communicate(timeout=1800)[1]
    (base / "cli.log").write_text(log)
    return {path: _read(course) for path, course in courses.items()}


SUMMARY: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    lines = ["", f"Hostile submissions: {len(CASES)} cases, graded on {', '.join(PATHS)}"]
    lines += [f"  {name:<22} {how}" for name, how in SUMMARY.items()]
    print("\n".join(lines))


# --- every path ---------------------------------------------------------------------------------


def test_the_three_paths_grade_alike(paths):
    cli = paths["cli"]
    for path in ("button", "command"):
        assert paths[path].grades == cli.grades, path
        for student, seen in cli.students.items():
            other = paths[path].students[student]
            if seen is None or other is None:
                assert seen is other, (path, student)
                continue
            same = ("score", "max", "flagged", "codes")
            assert {k: other[k] for k in same} == {k: seen[k] for k in same}, (path, student)
    SUMMARY["@paths"] = "nbgrader autograde, the Autograde button and telegram-case grade agree"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("student", [case.student for case in CASES])
def test_each_case_holds(paths, path, student):
    case, seen = BY_NAME[student], paths[path].students[student]
    if student in NOT_SEEN:
        assert seen is None  # nothing nbgrader can grade: no gradebook entry at all
        SUMMARY[student] = f"{case.tried}: nothing graded, no gradebook entry"
        return
    assert seen is not None, f"{student} was not graded on the {path} path"
    assert seen["notebook"] is not None, "no autograded notebook"
    assert case.codes <= seen["codes"], (seen["codes"], case.codes)
    assert bool(seen["flagged"]) == case.flagged, seen["codes"]
    if case.score is not None:
        assert seen["score"] == case.score
    assert seen["max"] == sum(POINTS.values())
    SUMMARY[student] = (
        f"{case.tried}: {seen['score']:g} points, "
        f"{'flagged' if seen['flagged'] else 'clean'} "
        f"({', '.join(sorted(case.codes)) or 'no findings'})"
    )


@pytest.mark.parametrize("path", PATHS)
def test_no_half_written_entry_and_the_earlier_student_untouched(paths, path):
    graded = paths[path]
    tests = {c.grade_id for c in TESTS}
    for (student, cell), (auto, *_) in graded.grades.items():
        if cell in tests and student != "earlier":
            assert auto is not None, (student, cell)  # every test cell scored
    earlier = {k[1]: v for k, v in graded.grades.items() if k[0] == "earlier"}
    assert earlier[SECOND][:2] == (1.0, 0.5)
    assert all(v[0] is None for k, v in earlier.items() if k != SECOND)


@pytest.mark.parametrize("path", PATHS)
def test_tampered_test_cells_run_as_the_instructor_wrote_them(paths, path):
    students = paths[path].students
    for student, cell in [
        ("edit_visible_test", FIRST),
        ("unlocked_test", FIRST),
        ("grade_flag_flipped", FIRST),
        ("duplicated_test", FIRST),
        ("grade_id_changed", SECOND),
        ("delete_test", FIRST),
    ]:
        graded = students[student]["notebook"]
        copies = [c for c in graded.cells if cells.grade_id(c) == cell]
        assert len(copies) == 1 and f"q.{cell}.check(" in copies[0].source, student
    setup = students["edit_setup"]["notebook"].cells[
        cells.cell_index(students["edit_setup"]["notebook"], SETUP)
    ]
    assert "_AllPass" not in setup.source


@pytest.mark.parametrize("path", PATHS)
def test_outputs_are_clipped_and_files_left_out(paths, path):
    course = paths[path].course
    big = course / "autograded" / "big_print" / ASSIGNMENT / NB
    assert big.stat().st_size < 3_000_000
    assert "output clipped by the grader" in big.read_text(encoding="utf-8")
    for student in ("shadow_pandas", "shadow_telegram_case"):
        folder = course / "autograded" / student / ASSIGNMENT
        assert not (folder / "pandas.py").exists() and not (folder / "telegram_case").exists()
    assert not (course / "submitted" / "bad_timestamp" / ASSIGNMENT / "timestamp.txt").exists()
    aside = course / "submitted" / "bad_timestamp" / ASSIGNMENT / "timestamp.txt.unreadable"
    assert aside.read_text() == "the day before the deadline"  # kept, not deleted
    with Gradebook(paths[path].db) as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "bad_timestamp").timestamp is None


@pytest.mark.parametrize("path", PATHS)
def test_student_code_cannot_see_the_course(paths, path):
    graded = paths[path].students["probe"]["notebook"]
    text = "".join(
        o.get("text", "")
        for c in graded.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    seen = json.loads(re.search(r"PROBE (\{.*\})", text).group(1))
    assert graded.metadata["telegram_case"]["isolated"] is SANDBOX
    if not SANDBOX:
        pytest.skip("bubblewrap cannot build a sandbox on this machine: nothing is isolated")
    assert seen == dict.fromkeys(seen, False), seen
    SUMMARY["@isolation"] = (
        "source, gradebook, exchange, other students, repository, network: unseen"
    )


# --- feedback -----------------------------------------------------------------------------------


def _html_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_feedback_has_no_hidden_tests_or_solutions(paths):
    course = paths["command"].course
    run_nbgrader(
        "generate_feedback", ASSIGNMENT, "--force", *scratch_options(course.parent), cwd=course
    )
    hidden, solutions = [], []
    for cell in SOURCE.cells:
        if cells.meta(cell).get("grade") and not cells.meta(cell).get("solution"):
            hidden += [line.strip() for line in hidden_region(cell.source).split("\n")]
        if cells.meta(cell).get("solution"):
            solutions += [line.strip() for line in cells.solution_text(cell.source).splitlines()]
    hidden, solutions = [h for h in hidden if len(h) > 12], [s for s in solutions if len(s) > 12]
    assert hidden and solutions
    pages = sorted((course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert {p.parts[-3] for p in pages} == {c.student for c in CASES} - NOT_SEEN
    for page in pages:
        text = _html_text(page)
        submitted = (course / "submitted" / page.parts[-3] / ASSIGNMENT).glob("*.ipynb")
        answers = "".join(p.read_text(encoding="utf-8", errors="replace") for p in submitted)
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "Model answer"):
            assert marker not in text, (page, marker)
        for line in hidden:
            assert line not in text, (page, line)
        for line in solutions:  # the student's own answer may be the solution
            assert line not in text or json.dumps(line)[1:-1] in answers, (page, line)
    SUMMARY["@feedback"] = f"{len(pages)} feedback pages: no hidden test, no solution"
