"""Fast checks of the pieces behind safe_grade: file checks, cell checks, code scan, sandbox.

The end-to-end matrix is tests/test_hostile_grading.py; these run in
milliseconds and cover every assignment in course/source.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from telegram_case.instructor import integrity, sandbox
from telegram_case.instructor.integrity import (
    check_folder,
    check_notebook,
    read_notebook,
    references_from_source,
    repair_metadata,
    safe_student_id,
    scan_code,
)
from telegram_case.instructor.preprocessors import ClipOutput
from telegram_case.instructor.safe_grade import compare_gradebooks

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())


def _source(name):
    return nbformat.read(SOURCE / name / f"{name}.ipynb", as_version=4)


def _student(name):
    return nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)


def _flags(findings):
    return [f for f in findings if f.severity != "note"]


# --- no false alarms on the course itself ----------------------------------------------------


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_and_course_code_raise_no_flag(name):
    """Every code cell a student can edit, as the instructor wrote it, scans clean."""
    for cell in _source(name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("locked"):
            found = [f for f in scan_code(cell.source) if f[0] != "note"]
            assert not found, (meta.get("grade_id"), found, cell.source)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_student_version_passes_the_cell_checks(name):
    if not (ROOT / "notebooks" / f"{name}.ipynb").is_file():
        pytest.skip("no student version yet")
    ref = references_from_source(_source(name), name)
    findings = check_notebook(_student(name), ref)
    assert not _flags(findings), findings


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_repair_puts_every_metadata_change_back(name):
    ref = references_from_source(_source(name), name)
    nb = _student(name)
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
                and not c.metadata["nbgrader"].get("solution"))
    test.metadata["nbgrader"].update(points=99, locked=False, grade=False, solution=True)
    codes = {f.code for f in check_notebook(nb, ref)}
    assert "metadata-changed" in codes
    assert repair_metadata(nb, ref) >= 1
    assert not [f for f in check_notebook(nb, ref) if f.code == "metadata-changed"]


# --- the code scan ----------------------------------------------------------------------------

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


@pytest.mark.parametrize("code", [
    "mau = users[users['metric'] == 'monthly_active_users'].sort_values('date')",
    "import math\nratio = math.log(2) / math.log(1.5)",
    "%matplotlib inline\nimport pandas as pd",
    "df = df.rename(columns={'a': 'b'})\nitems = [1, 2]\nitems.remove(1)",
    "def cagr(a, b, t):\n    return (b / a) ** (1 / t) - 1",
])
def test_scan_leaves_ordinary_answers_alone(code):
    assert not [f for f in scan_code(code) if f[0] != "note"]


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("student", "ok"), [
    ("ana", True), ("ana.b-c_d@uni.edu", True), ("A1", True),
    ("../x", False), ("..", False), (".hidden", False), ("-rf", False), ("a b", False),
    ("a+b", False), ("a*", False), ("a\\b", False), ("é", False), ("", False), ("x" * 101, False),
])
def test_student_ids(student, ok):
    assert safe_student_id(student) is ok


def _write(path: Path, data: bytes | str):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(("data", "code"), [
    (b"\xff\xfe{", "not-utf8"),
    ("{\"cells\": [", "invalid-json"),
    ("[1, 2]", "not-a-notebook"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}),
     "nbformat"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [{"cell_type": "code"}]}), "invalid-notebook"),
])
def test_broken_notebooks_are_refused_with_a_reason(tmp_path, data, code):
    notebook, findings = read_notebook(_write(tmp_path / "nb.ipynb", data))
    assert notebook is None
    assert [f.code for f in findings] == [code]
    assert findings[0].severity == "error" and "nb.ipynb" in findings[0].message


def test_oversized_notebook(tmp_path):
    path = _write(tmp_path / "nb.ipynb", "x" * 2000)
    notebook, findings = read_notebook(path, max_bytes=1000)
    assert notebook is None and findings[0].code == "too-large"


def test_folder_checks(tmp_path):
    folder = tmp_path / "ana" / "a1"
    folder.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), folder / "a1.ipynb")
    _write(folder / "timestamp.txt", "2026-01-10 12:00:00.000000 UTC")
    _write(folder / "pandas.py", "raise SystemExit")
    _write(folder / "notes.txt", "hello")
    findings, notebooks, timestamp = check_folder(folder, ["a1"], "ana")
    assert set(notebooks) == {"a1"} and timestamp == folder / "timestamp.txt"
    extra = next(f for f in findings if f.code == "extra-files")
    assert extra.severity == "flag" and "pandas.py" in extra.message

    _write(folder / "timestamp.txt", "not a time")
    findings, _, timestamp = check_folder(folder, ["a1"], "ana")
    assert timestamp is None and "bad-timestamp" in {f.code for f in findings}

    (folder / "a1.ipynb").rename(folder / "a1-Copy1.ipynb")
    findings, notebooks, _ = check_folder(folder, ["a1"], "ana")
    assert not notebooks
    assert "a1-Copy1.ipynb" in next(f.message for f in findings if f.code == "missing-notebook")

    link = tmp_path / "bob"
    link.mkdir()
    os.symlink(folder, link / "a1")
    findings, notebooks, _ = check_folder(link / "a1", ["a1"], "bob")
    assert [f.code for f in findings] == ["symlink"] and not notebooks


# --- the pieces around nbgrader ---------------------------------------------------------------


def test_clip_output_cuts_every_kind_of_output():
    cell = nbformat.v4.new_code_cell("print('x' * 10**6)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="x" * 10**6),
        nbformat.v4.new_output("execute_result", data={"text/plain": "y" * 10**6},
                               execution_count=1),
        nbformat.v4.new_output("error", ename="E", evalue="z" * 10**6, traceback=["t" * 10**6]),
    ]
    clipped, _ = ClipOutput(max_chars=1000).preprocess_cell(cell, {}, 0)
    assert len(json.dumps(clipped)) < 10_000
    assert "output clipped by the grader" in clipped.outputs[0].text


def test_sandbox_command_hides_before_it_binds(tmp_path):
    if not sandbox.bwrap_path():
        pytest.skip("no bubblewrap")
    hidden, work = tmp_path / "course", tmp_path / "course" / "work"
    work.mkdir(parents=True)
    (tmp_path / "gradebook.db").write_text("")
    argv = sandbox.bwrap_argv(sandbox.SandboxPolicy(
        hide=[hidden, tmp_path / "gradebook.db", tmp_path / "missing"], writable=[work]))
    assert {"--unshare-net", "--unshare-pid", "--die-with-parent"} <= set(argv)
    assert argv[argv.index("--cap-drop") + 1] == "ALL"
    assert argv.index(str(hidden)) < argv.index(str(work))
    assert argv[argv.index(str(tmp_path / "gradebook.db")) - 1] == "/dev/null"
    assert str(tmp_path / "missing") not in argv


def test_audit_lines_are_read_from_a_log():
    log = "noise\nTELEGRAM-CASE-AUDIT " + json.dumps({"event": "open", "args": ["'/x'"],
                                                     "line": "open('/x')"}) + "\nmore\n"
    assert sandbox.parse_audit_log(log) == [{"event": "open", "args": ["'/x'"],
                                             "line": "open('/x')"}]


def test_gradebook_comparison_names_each_change():
    grades = {("a1", "ana", "a1", "q1"): (1.0, None, None, False, 1.0),
              ("a1", "ben", "a1", "q1"): (0.0, None, None, False, 1.0)}
    structure = {"a1": ("None", {"a1": (None, (), (("q1", 1.0, "code"),), ())})}
    before = {"structure": structure, "students": {"ana": ("", "", ""), "ben": ("", "", "")},
              "grades": grades, "flags": {}}
    after = {**before, "grades": {**grades, ("a1", "ben", "a1", "q1"): (1.0, None, None, False,
                                                                         1.0)}}
    assert compare_gradebooks(before, before, "a1", {"ana"}) == []
    problems = compare_gradebooks(before, after, "a1", {"ana"})
    assert len(problems) == 1 and "ben" in problems[0]
    assert compare_gradebooks(before, after, "a1", {"ana", "ben"}) == []
    too_much = {**before, "grades": {**grades, ("a1", "ana", "a1", "q1"): (5.0, None, None,
                                                                           False, 1.0)}}
    assert "scored 5.0" in compare_gradebooks(before, too_much, "a1", {"ana"})[0]
    assert integrity.Finding("flag", "x", "y", "nb.ipynb", "q1").as_dict()["cell"] == "q1"
