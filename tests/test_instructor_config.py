"""Does every setting of course/nbgrader_config.py take effect in nbgrader 0.9.6?

Each test instantiates the nbgrader class a setting is for, with the course's
configuration, and checks the value nbgrader will actually use (a setting on the
wrong class, or a preprocessor that is switched off, would pass a plain reading
of the file). No nbgrader command runs here.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat.v4 import new_code_cell, new_notebook, new_output
from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import Exchange
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import (
    ClearSolutions,
    Execute,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
)
from traitlets.config import Config

from telegram_case.instructor.config import late_penalty_method, load_course_config
from telegram_case.instructor.feedback import HideHiddenTests
from telegram_case.instructor.preprocessors import TagUnansweredCells
from telegram_case.instructor.restore import RestoreMissingCells

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"


@pytest.fixture
def config(monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_DB_URL", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_EXCHANGE", raising=False)
    return load_course_config(COURSE)


def test_course_id_root_and_default_gradebook(config):
    coursedir = CourseDirectory(config=config)
    assert coursedir.course_id == "telegram-case"
    assert Path(coursedir.root) == COURSE
    assert coursedir.db_url == f"sqlite:///{COURSE / 'gradebook.db'}"


def test_shared_gradebook_and_exchange_from_the_environment(monkeypatch):
    monkeypatch.setenv("TELEGRAM_CASE_DB_URL", "postgresql://grader@db.example.edu/telegram_case")
    monkeypatch.setenv("TELEGRAM_CASE_EXCHANGE", "/tmp/some-exchange")
    config = load_course_config(COURSE)
    assert CourseDirectory(config=config).db_url.startswith("postgresql://grader@db.example.edu")
    assert Exchange(config=config).root == "/tmp/some-exchange"


def test_default_exchange_and_timezone(config):
    exchange = Exchange(config=config)
    assert exchange.root == "/srv/nbgrader/exchange"
    assert exchange.timezone == "UTC"


def test_cell_timeout_is_set_on_nbgrader_execute(config):
    assert Execute().timeout == 30  # nbgrader's own default, not nbconvert's
    assert Execute(config=config).timeout == 60
    assert Execute(config=config).interrupt_on_timeout
    assert Execute(config=config).startup_timeout == 60
    # Execute.timeout wins over the documented ExecutePreprocessor.timeout, also when
    # that comes later (e.g. from the command line): the guide says to use Execute.timeout.
    later = Config({"ExecutePreprocessor": {"timeout": 5}})
    both = load_course_config(COURSE)
    both.merge(later)
    assert Execute(config=both).timeout == 60
    assert Execute(config=later).timeout == 5
    assert Execute in Autograde(config=config).autograde_preprocessors


def test_ignore_pattern_is_enabled_and_strips_only_known_warnings(config):
    assert not IgnorePattern().enabled, "nbgrader ships it switched off"
    preprocessor = IgnorePattern(config=config)
    assert preprocessor.enabled
    assert IgnorePattern in Autograde(config=config).autograde_preprocessors
    outputs = [
        new_output("stream", name="stderr", text="/x.py:3: FutureWarning: use this instead\n"),
        new_output("stream", name="stderr", text="Matplotlib is building the font cache\n"),
        new_output("stream", name="stderr", text="something the student broke\n"),
        new_output("stream", name="stdout", text="FutureWarning in stdout is not stderr\n"),
    ]
    notebook = new_notebook(cells=[new_code_cell("q.x.check()", outputs=outputs)])
    cleaned, _ = preprocessor(notebook, {})
    assert [o.text for o in cleaned.cells[0].outputs] == [
        "something the student broke\n", "FutureWarning in stdout is not stderr\n"]


def test_deleted_grade_cells_are_restored_by_the_fixed_preprocessor(config):
    assert not OverwriteCells().add_missing_cells, "nbgrader ships it switched off"
    steps = Autograde(config=config).sanitize_preprocessors
    defaults = Autograde().sanitize_preprocessors
    assert steps == [RestoreMissingCells if s is OverwriteCells else s for s in defaults]
    assert RestoreMissingCells(config=config).add_missing_cells


def test_feedback_pipeline_hides_hidden_tests_first(config):
    steps = GenerateFeedback(config=config).preprocessors
    assert steps[0] is HideHiddenTests
    assert GetGrades in steps and CSSHTMLHeaderPreprocessor in steps
    assert HideHiddenTests(config=config).enabled


def test_generate_assignment_pipeline_is_nbgrader_s_plus_run_all_tags(config):
    """nbgrader's own steps, in its order, with TagUnansweredCells just before
    ClearSolutions (it reads the names the solutions define)."""
    steps = list(GenerateAssignment(config=config).preprocessors)
    at = steps.index(TagUnansweredCells)
    assert steps[at + 1] is ClearSolutions
    del steps[at]
    assert steps == GenerateAssignment().preprocessors


def test_explicit_late_submission_policy(config):
    text = (COURSE / "nbgrader_config.py").read_text(encoding="utf-8")
    assert re.search(r"^c\.LateSubmissionPlugin\.penalty_method = ", text, re.M)
    policy = LateSubmissionPlugin(config=config).penalty_method
    assert policy == late_penalty_method(config) == "none"


def test_stubs_and_output_limits(config):
    clear = ClearSolutions(config=config)
    assert clear.code_stub["python"].endswith("raise NotImplementedError()")
    assert clear.text_stub == "YOUR ANSWER HERE"
    limit = LimitOutput(config=config)
    assert (limit.max_lines, limit.max_traceback) == (1000, 100)


def test_example_roster_imports_into_nbgrader():
    with open(COURSE / "roster.example.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["id", "first_name", "last_name", "email"]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_.-]*", i) for i in ids), "no '+' or '*' in an id"
    assert all("@" in row["email"] for row in rows)
