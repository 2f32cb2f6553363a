"""Are the notebooks well formed, up to date, free of leaks, and zero when untouched?

The source notebooks themselves run under nbval (see the Makefile's test target);
here the student versions are checked the way nbgrader would see them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
STUDENT = ROOT / "notebooks"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())


def _source(name):
    return nbformat.read(SOURCE / name / f"{name}.ipynb", as_version=4)


def _student(name):
    return nbformat.read(STUDENT / f"{name}.ipynb", as_version=4)


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


def test_syllabus_order():
    assert ASSIGNMENTS == sorted(ASSIGNMENTS)
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+", name) for name in ASSIGNMENTS)
    assert (STUDENT / "00-start-here.ipynb").is_file()


@pytest.mark.parametrize("name", ASSIGNMENTS)
class TestStructure:
    def test_first_code_cell_is_setup_only(self, name):
        first = next(c for c in _source(name).cells if c.cell_type == "code")
        assert "setup_notebook()" in first.source
        code = [
            line for line in first.source.splitlines() if line.strip() and not line.startswith("#")
        ]
        assert all(line.startswith(("from ", "import ", "setup_notebook()")) for line in code)
        assert _nbgrader(first).get("locked"), "the setup cell must be read-only"

    def test_opens_with_objectives_time_and_points(self, name):
        intro = next(c for c in _source(name).cells if c.cell_type == "markdown").source
        assert "Learning objectives" in intro
        assert re.search(r"\*\*Time:\*\* about \d+ minutes", intro)
        points = int(re.search(r"\*\*Points:\*\* (\d+)", intro).group(1))
        total = sum(_nbgrader(c).get("points", 0) for c in _source(name).cells)
        assert points == total == 25

    def test_closes_with_summary_and_next(self, name):
        last = _source(name).cells[-1]
        assert last.cell_type == "markdown" and "## Summary" in last.source
        assert "**Next:**" in last.source or "What comes next" in last.source

    def test_enough_autograded_and_written_questions(self, name):
        cells = _source(name).cells
        tests = [c for c in cells if _nbgrader(c).get("grade") and not _nbgrader(c).get("solution")]
        written = [
            c
            for c in cells
            if _nbgrader(c).get("grade")
            and _nbgrader(c).get("solution")
            and c.cell_type == "markdown"
        ]
        assert len(tests) >= 5
        assert len(written) >= 2
        for cell in tests:
            assert cell.source.startswith('"""'), f"{_nbgrader(cell)['grade_id']}: no docstring"
        for cell in written:
            index = cells.index(cell)
            prompt = "\n".join(c.source for c in cells[max(0, index - 2) : index])
            assert "Rubric" in prompt, f"{_nbgrader(cell)['grade_id']}: no rubric before it"

    def test_grade_ids_are_snake_case_and_unique(self, name):
        ids = [_nbgrader(c)["grade_id"] for c in _source(name).cells if _nbgrader(c)]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)

    def test_no_outputs_committed(self, name):
        for notebook in (_source(name), _student(name)):
            assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")

    def test_markdown_is_one_sentence_per_line(self, name):
        for cell in _source(name).cells:
            if cell.cell_type != "markdown":
                continue
            for line in cell.source.splitlines():
                if line.startswith(("|", "-", "#", ">", "*", "1", "2", "3", "4", "5")):
                    continue
                assert not re.search(r"[a-z0-9)]\. [A-Z]", line), f"two sentences: {line}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_has_no_solutions_or_hidden_tests(name):
    text = (STUDENT / f"{name}.ipynb").read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "Model answer"):
        assert marker not in text
    source = _source(name)
    student_code = "\n".join(c.source for c in _student(name).cells)
    for cell in source.cells:
        if _nbgrader(cell).get("solution") and cell.cell_type == "code":
            solution = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            for line in solution.strip().splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in student_code, f"solution line leaked: {line}"


@pytest.mark.slow
def test_student_notebooks_are_regenerated_from_source():
    from telegram_case.instructor.release import stale

    assert stale(ROOT / "course") == [], "run `make student-notebooks` and commit notebooks/"


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_student_version_passes_no_test_cell(name, tmp_path):
    """nbgrader's Validator with invert=True lists every test cell that passes."""
    from nbgrader.validator import Validator

    folder = tmp_path / "submitted" / "student one" / name  # any working directory
    folder.mkdir(parents=True)
    shutil.copy(STUDENT / f"{name}.ipynb", folder)
    results = Validator(invert=True).validate(str(folder / f"{name}.ipynb"))
    assert results == {}, results
