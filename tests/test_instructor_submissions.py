"""The simulated students' notebooks (tests/support), built without running nbgrader.

The released notebook here is the committed student version in ``notebooks/``
(nbgrader's ``generate_assignment`` output; tests/test_notebooks.py keeps it
current). The round trip (tests/test_instructor_roundtrip.py) grades them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from telegram_case.instructor.demo import answered, model_answer

from .support import cells
from .support.submissions import KINDS, build_submission

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())


def _source(name):
    return cells.read_notebook(cells.notebook_path(COURSE, "source", name))


def _release(name):
    return cells.read_notebook(ROOT / "notebooks" / f"{name}.ipynb")


@pytest.fixture(scope="module")
def built():
    """Every kind of submission for every assignment."""
    return {
        (kind, name): build_submission(kind, name, _source(name), _release(name))
        for name in ASSIGNMENTS
        for kind in KINDS
    }


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
def test_a_partial_student_answers_the_first_half_and_deletes_cells(built, name):
    partial, source = built["partial", name], _source(name)
    tests = [c.grade_id for c in cells.grade_cells(source) if c.kind == "test"]
    answers = [
        cells.grade_id(c)
        for c in source.cells
        if cells.meta(c).get("solution") and c.cell_type == "code"
    ]
    first_half = set(answers[: math.ceil(len(answers) / 2)])
    right = [q for q in tests if cells.answer_id(q) in first_half]
    assert right and len(right) < len(tests)
    for question in tests:
        expected = partial.points[question] if question in right else 0
        assert partial.expected[question] == expected, question
    written = [c.grade_id for c in cells.grade_cells(source) if c.kind == "written"]
    assert written[-1] in partial.deleted and partial.expected[written[-1]] == 0
    assert right[0] in partial.deleted and partial.hand_grades
    for gid, grade in partial.hand_grades.items():
        assert 0 < grade.score <= partial.points[gid] / 2 and grade.comment
    for gid in partial.deleted:
        with pytest.raises(KeyError):
            cells.cell_index(partial.notebook, gid)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_cheat_switches_every_check_off_first(built, name):
    cheat, source = built["cheat", name], _source(name)
    for test in (c.grade_id for c in cells.grade_cells(source) if c.kind == "test"):
        cell = cheat.notebook.cells[cells.cell_index(cheat.notebook, cells.answer_id(test))]
        assert cell.source.splitlines()[1].endswith(f".{test}.check = lambda *args, **kwargs: None")
        hidden = cells.has_hidden_tests(source.cells[cells.cell_index(source, test)].source)
        assert cheat.expected[test] == (None if hidden else cheat.points[test])


def test_full_written_answers_are_the_model_answers_without_label():
    text = "*Model answer (for graders):* Durov sold his stake.\nHe kept control."
    assert model_answer(text) == "Durov sold his stake.\nHe kept control."


def test_answered_takes_the_solutions_in_notebook_order():
    name = ASSIGNMENTS[0]
    release, source = _release(name), _source(name)
    assert answered(release, source, 0.0) == release
    solution = {cells.grade_id(c): cells.solution_text(c.source) for c in source.cells}
    full = answered(release, source, 1.0)
    for cell in full.cells:
        if cells.meta(cell).get("solution") and cell.cell_type == "code":
            assert cell.source == solution[cells.grade_id(cell)]
