"""The simulated students' notebooks, built without running nbgrader.

The released notebook here is the committed student version in ``notebooks/``
(nbgrader's ``generate_assignment`` output; tests/test_notebooks.py keeps it
current). The round trip (tests/test_instructor_roundtrip.py) grades them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from telegram_case.checking import Outcome
from telegram_case.instructor import cells
from telegram_case.instructor.dataflow import dependencies
from telegram_case.instructor.mistakes import forget_return
from telegram_case.instructor.submissions import KINDS, build_submission, model_answer

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())


def _source(name):
    return cells.read_notebook(cells.notebook_path(COURSE, "source", name))


def _release(name):
    return cells.read_notebook(ROOT / "notebooks" / f"{name}.ipynb")


@pytest.fixture(scope="module")
def built():
    """Every kind of submission for every assignment (answers are checked in-process)."""
    return {(kind, name): build_submission(kind, name, _source(name), _release(name))
            for name in ASSIGNMENTS for kind in KINDS}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_notebook_follows_the_grade_id_convention(name):
    assert cells.check_conventions(name, _source(name)) == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_expected_scores_come_from_the_points_metadata(built, name):
    points = {c.grade_id: c.points for c in cells.grade_cells(_source(name))}
    full, untouched = built["full", name], built["untouched", name]
    assert full.expected == points and full.total == sum(points.values())
    assert untouched.total == 0 and untouched.notebook == _release(name)
    for kind in KINDS:
        submission = built[kind, name]
        assert submission.points == points
        for gid, score in submission.expected.items():
            assert score is None or 0 <= score <= points[gid], (kind, gid)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_only_answer_cells_change(built, name):
    """Locked cells stay as released, so nbgrader's checksums do not flag them."""
    release = _release(name)
    answerable = {cells.grade_id(c) for c in release.cells if cells.meta(c).get("solution")}
    for kind in KINDS:
        submission = built[kind, name]
        kept = [c for c in release.cells if cells.grade_id(c) not in submission.deleted]
        assert len(submission.notebook.cells) == len(kept)
        for before, after in zip(kept, submission.notebook.cells, strict=True):
            if cells.grade_id(before) not in answerable:
                assert after == before, (kind, cells.grade_id(before))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_wrong_answers_are_wrong_by_the_checker(built, name):
    wrong = built["wrong", name]
    tests = [c.grade_id for c in cells.grade_cells(_source(name)) if c.kind == "test"]
    assert sorted(wrong.wrong) == sorted(tests)
    assert all(wrong.expected[q] == 0 for q in tests)
    for question, mistake in wrong.wrong.items():
        cell = wrong.notebook.cells[cells.cell_index(wrong.notebook, cells.answer_id(question))]
        assert mistake.code.strip() in cell.source
        assert mistake.variable == cells.questions(name)[question].variables[0]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_partial_answers_never_build_on_wrong_ones(built, name):
    partial = built["partial", name]
    questions = cells.questions(name)
    tests = [c.grade_id for c in cells.grade_cells(_source(name)) if c.kind == "test"]
    depends = dependencies(_source(name), {q: questions[q].variables for q in tests})
    right = [q for q in tests if q not in partial.wrong]
    assert right and partial.wrong
    for question in right:
        assert not depends[question] & set(partial.wrong), question
        assert partial.expected[question] == partial.points[question]
    written = [c.grade_id for c in cells.grade_cells(_source(name)) if c.kind == "written"]
    assert written[-1] in partial.deleted and partial.expected[written[-1]] == 0
    assert partial.hand_grades
    for gid, grade in partial.hand_grades.items():
        assert 0 < grade.score <= partial.points[gid] / 2 and grade.comment
    for gid in partial.deleted:
        with pytest.raises(KeyError):
            cells.cell_index(partial.notebook, gid)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_cheat_switches_every_check_off_first(built, name):
    cheat = built["cheat", name]
    for question in cheat.wrong:
        cell = cheat.notebook.cells[cells.cell_index(cheat.notebook, cells.answer_id(question))]
        assert cell.source.splitlines()[1].endswith(
            f".{question}.check = lambda *args, **kwargs: None")
        test = _source(name).cells[cells.cell_index(_source(name), question)].source
        expected = None if cells.has_hidden_tests(test) else cheat.points[question]
        assert cheat.expected[question] == expected


def test_full_written_answers_are_the_model_answers_without_label():
    text = "*Model answer (for graders):* Durov sold his stake.\nHe kept control."
    assert model_answer(text) == "Durov sold his stake.\nHe kept control."


def test_forget_return_keeps_the_body_and_drops_the_result():
    code = textwrap.dedent("""
        def cagr(start, end, years):
            ratio = end / start
            return ratio ** (1 / years) - 1
    """)
    namespace = {}
    exec(forget_return(code, "cagr"), namespace)
    assert namespace["cagr"](100, 200, 1) is None


def test_dataflow_follows_names_through_plain_cells():
    def answer(question, code):
        return new_code_cell(code, metadata={"nbgrader": {
            "grade_id": cells.answer_id(question), "solution": True, "grade": False}})

    notebook = new_notebook(cells=[
        answer("first", "base = load('x')"),
        new_code_cell("%matplotlib inline\nderived = base * 2\nother = 3"),
        answer("second", "result = derived + 1"),
        answer("third", "table = other + 1\nseen = []\nseen.append(result)"),
        answer("fourth", "import math\nvalue = math.pi"),
        new_code_cell('"""Check."""\nq.fourth.check()\n### BEGIN HIDDEN TESTS\n'
                      "assert value > base\n### END HIDDEN TESTS",
                      metadata={"nbgrader": {"grade_id": "fourth", "grade": True,
                                             "solution": False, "points": 1}}),
    ])
    variables = {"first": ("base",), "second": ("result",), "third": ("table", "seen"),
                 "fourth": ("value",)}
    assert dependencies(notebook, variables) == {
        "first": set(), "second": {"first"}, "third": {"first", "second"}, "fourth": {"first"}}


def test_outcome_of_each_slip_is_not_yet_right(built):
    name = ASSIGNMENTS[0]
    questions = cells.questions(name)
    from telegram_case.instructor.mistakes import reference_namespace

    namespace = reference_namespace(cells.exercise_module(name))
    for question, mistake in built["wrong", name].wrong.items():
        trial = dict(namespace)
        if mistake.replaces_answer:
            continue  # a function without `return`: graded in the round trip
        exec(mistake.code, trial)
        values = [trial[v] for v in questions[question].variables]
        assert questions[question].outcome(*values) is Outcome.NOT_YET, question
