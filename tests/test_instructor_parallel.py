"""Does parallel autograde give exactly the grades of serial `nbgrader autograde`?"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from telegram_case.instructor.cli import nbgrader
from telegram_case.instructor.parallel import (
    ParallelAutogradeError,
    autograde_in_parallel,
    shard,
)

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01-founding-story"


def test_shard_spreads_students_evenly():
    assert shard(["d", "a", "c", "b", "e"], 2) == [["a", "c", "e"], ["b", "d"]]
    assert shard(["a"], 4) == [["a"]]
    with pytest.raises(ValueError, match="at least 1"):
        shard(["a"], 0)


def _course(tmp: Path) -> Path:
    """A scratch course with the assignment generated and five submissions."""
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source", course / "source")
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    env = {"TELEGRAM_CASE_DB_URL": f"sqlite:///{course / 'gradebook.db'}"}
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source = course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    half = nbformat.read(release, as_version=4)
    solved = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
              for c in nbformat.read(source, as_version=4).cells}
    for cell in half.cells:  # answer the first half of the questions
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in ("answer_mau_milestones", "answer_mau_multiple", "answer_cagr_function"):
            cell.source = solved[grade_id]
    submissions = {"ana": source, "ben": release, "cy": source, "dee": release, "eve": half}
    for student, notebook in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        if isinstance(notebook, Path):
            shutil.copy2(notebook, folder / f"{ASSIGNMENT}.ipynb")
        else:
            nbformat.write(notebook, folder / f"{ASSIGNMENT}.ipynb")
        (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")
    return course


def _grades(course: Path) -> dict:
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    table[(submission.student.id, grade.name)] = (
                        grade.auto_score, grade.needs_manual_grade)
    return table


@pytest.mark.slow
def test_parallel_grades_equal_serial_grades(tmp_path, monkeypatch):
    serial = _course(tmp_path / "serial")
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=serial,
             env={"TELEGRAM_CASE_DB_URL": f"sqlite:///{serial / 'gradebook.db'}"})
    parallel = _course(tmp_path / "parallel")
    monkeypatch.setenv("TELEGRAM_CASE_DB_URL", f"sqlite:///{parallel / 'gradebook.db'}")
    autograde_in_parallel(parallel, ASSIGNMENT, workers=2, log=lambda *_: None)

    expected, got = _grades(serial), _grades(parallel)
    assert len(expected) == 5 * 12  # five students, twelve graded cells each (10 checks, 2 written)
    assert got == expected
    # the students really differ, so equality is not trivial
    assert expected[("ana", "speed_ratio")][0] == 1 and expected[("ben", "speed_ratio")][0] == 0
    assert expected[("eve", "mau_multiple")][0] == 1 and expected[("eve", "speed_ratio")][0] == 0
    for student in ("ana", "ben", "cy", "dee", "eve"):
        assert (parallel / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    assert (parallel / "gradebook.db.before-parallel-autograde").is_file()


def test_no_submissions_is_a_clear_error(tmp_path):
    (tmp_path / "submitted").mkdir()
    with pytest.raises(ParallelAutogradeError, match="No submissions of 'nope'"):
        autograde_in_parallel(tmp_path, "nope", workers=2)
