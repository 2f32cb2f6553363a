"""Does every setting of course/nbgrader_config.py take effect in nbgrader 0.9.6?

Each test instantiates the nbgrader class a setting is for, with the course's
configuration as nbgrader loads it, and checks the value nbgrader will actually
use (a setting on the wrong class, or a preprocessor that is switched off, would
pass a plain reading of the file). One slow test shows that nbgrader options
override the file, so scratch work never writes where the configuration points.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from nbclient import NotebookClient
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
from nbgrader.utils import is_ignored
from traitlets.config import Config

from telegram_case.instructor.checks import SubmissionReader, prepare_submission
from telegram_case.instructor.config import load_config
from telegram_case.instructor.kernel import SandboxedKernelManager
from telegram_case.instructor.preprocessors import (
    ClipOutput,
    CompleteExecute,
    FlagForReview,
    HideHiddenTests,
    RestoreMissingCells,
    ReviewSubmission,
    TagUnansweredCells,
)

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"


@pytest.fixture
def config(monkeypatch):
    monkeypatch.delenv("TELEGRAM_CASE_DB_URL", raising=False)
    monkeypatch.delenv("TELEGRAM_CASE_EXCHANGE", raising=False)
    return load_config(COURSE)[0]


def test_course_id_root_and_default_gradebook(config):
    coursedir = CourseDirectory(config=config)
    assert coursedir.course_id == "telegram-case"
    assert Path(coursedir.root) == COURSE
    assert coursedir.db_url == f"sqlite:///{COURSE / 'gradebook.db'}"


def test_nbgrader_options_win_over_the_file():
    options = [
        "--CourseDirectory.db_url=postgresql://grader@db.example.edu/telegram_case",
        "--Exchange.root=/tmp/some-exchange",
    ]
    config, coursedir = load_config(COURSE, options)
    assert coursedir.db_url.startswith("postgresql://grader@db.example.edu")
    assert Exchange(config=config).root == "/tmp/some-exchange"
    with pytest.raises(ValueError, match="not nbgrader options"):
        load_config(COURSE, ["--db", "x"])


@pytest.mark.parametrize(
    ("option", "words"),
    [
        (
            "--CourseDirectory.db_ulr=sqlite:////tmp/trial.db",
            "CourseDirectory has no setting 'db_ulr' (did you mean --CourseDirectory.db_url?)",
        ),
        ("--Exchange.rot=/tmp/x", "did you mean --Exchange.root?"),
        ("--CourseDirectry.db_url=x", "no class 'CourseDirectry' (did you mean --CourseDirectory"),
        ("--Execute.timeout_s=120", "Execute has no setting 'timeout_s'"),
    ],
)
def test_a_mistyped_nbgrader_option_stops_before_anything_runs(option, words):
    """traitlets only warns, and the command would use the real gradebook it was meant to
    keep out of."""
    with pytest.raises(ValueError) as error:
        load_config(COURSE, [option])
    assert words in str(error.value) and option in str(error.value)


def test_the_course_s_own_settings_are_accepted_as_options():
    options = [
        "--SandboxedKernelManager.memory_limit=50000000",
        "--ClipOutput.max_chars=5",
        "--SubmissionReader.max_bytes=5",
        "--RestoreMissingCells.enabled=True",
        "--CanvasExport.to=canvas.csv",
        "--QuestionExport.assignment=['01-founding-story']",
        "--ExportApp.plugin_class=telegram_case.instructor.export.CanvasExport",
        "--Execute.timeout=120",
        "--ExecutePreprocessor.timeout=120",
        "--Exchange.root=/tmp/x",
        "--FileNameCollectorPlugin.named_regexp=.*",
    ]
    assert ClipOutput(config=load_config(COURSE, options)[0]).max_chars == 5


def test_commands_outside_a_course_folder_stop_and_create_nothing(tmp_path, monkeypatch, capsys):
    from telegram_case.instructor.cli import main

    monkeypatch.chdir(tmp_path)
    for command in (["export", "canvas"], ["grade", "a1"], ["feedback", "a1"]):
        assert main(command) == 1
        assert (
            f"no nbgrader_config.py in {tmp_path}: run this in the course folder or pass "
            "--course" in capsys.readouterr().err
        )
    assert list(tmp_path.iterdir()) == []  # no gradebook.db, no canvas.csv
    assert main(["export", "canvas", "--course", str(COURSE), "--CourseDirectory.db_ulr=x"]) == 1
    assert "did you mean --CourseDirectory.db_url?" in capsys.readouterr().err


def test_default_exchange_and_timezone(config):
    exchange = Exchange(config=config)
    assert exchange.root == "/srv/nbgrader/exchange"
    assert exchange.timezone == "UTC"


def test_cell_timeout_and_kernel_on_nbgrader_execute(config):
    assert Execute().timeout == 30  # nbgrader's own default, not nbconvert's
    for step in (Execute(config=config), CompleteExecute(config=config)):
        assert (step.timeout, step.interrupt_on_timeout, step.startup_timeout) == (60, True, 60)
    # Execute.timeout wins over the documented ExecutePreprocessor.timeout, also when
    # that comes later (e.g. from the command line): the guide says to use Execute.timeout.
    both = load_config(COURSE)[0]
    both.merge(Config({"ExecutePreprocessor": {"timeout": 5}}))
    assert Execute(config=both).timeout == 60
    # nbclient re-reads the configuration when a notebook runs (nbgrader's Execute passes
    # its own manager class when it is created): the sandboxed one is what runs
    step = CompleteExecute(config=config)
    NotebookClient.__init__(step, new_notebook(), None)  # the first line of preprocess()
    assert step.kernel_manager_class is SandboxedKernelManager


def test_autograde_pipelines_are_nbgrader_s_with_the_course_s_steps(config):
    autograde = Autograde(config=config)
    sanitize = Autograde().sanitize_preprocessors
    assert autograde.sanitize_preprocessors == [
        RestoreMissingCells if step is OverwriteCells else step for step in sanitize
    ] + [ReviewSubmission]
    steps = [CompleteExecute if s is Execute else s for s in Autograde().autograde_preprocessors]
    steps.insert(steps.index(LimitOutput) + 1, ClipOutput)
    assert autograde.autograde_preprocessors == [*steps, FlagForReview]
    assert RestoreMissingCells(config=config).add_missing_cells
    assert autograde.pre_convert_hook is prepare_submission
    assert autograde.exporter_class is SubmissionReader


def test_files_that_shadow_modules_are_never_copied(config, tmp_path):
    ignore = CourseDirectory(config=config).ignore
    assert set(CourseDirectory().ignore) <= set(ignore)
    shadows = ("pandas.py", "numpy.cpython-311-x86_64-linux-gnu.so", "evil.pth", "x.pyc")
    plain = ("notes.txt", "01-founding-story.ipynb", "timestamp.txt", "data.csv")
    for name in shadows + plain:
        (tmp_path / name).write_text("")  # nbgrader matches names against the folder
    assert [n for n in shadows + plain if is_ignored(str(tmp_path / n), ignore)] == list(shadows)


def test_ignore_pattern_is_enabled_and_strips_only_known_warnings(config):
    assert not IgnorePattern().enabled, "nbgrader ships it switched off"
    preprocessor = IgnorePattern(config=config)
    assert preprocessor.enabled
    outputs = [
        new_output("stream", name="stderr", text="/x.py:3: FutureWarning: use this instead\n"),
        new_output("stream", name="stderr", text="Matplotlib is building the font cache\n"),
        new_output("stream", name="stderr", text="something the student broke\n"),
        new_output("stream", name="stdout", text="FutureWarning in stdout is not stderr\n"),
    ]
    notebook = new_notebook(cells=[new_code_cell("q.x.check()", outputs=outputs)])
    cleaned, _ = preprocessor(notebook, {})
    assert [o.text for o in cleaned.cells[0].outputs] == [
        "something the student broke\n",
        "FutureWarning in stdout is not stderr\n",
    ]


def test_plain_nbgrader_export_refuses_unknown_filters(config, tmp_path):
    """`nbgrader export` uses the course's GradesExport: a typo stops it, naming the value."""
    from nbgrader.apps import ExportApp

    from telegram_case.instructor.config import scratch_options
    from telegram_case.instructor.export import GradesExport

    from .support.nbgrader import run_nbgrader

    assert ExportApp(config=config).plugin_class is GradesExport
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy2(COURSE / "nbgrader_config.py", course)
    target = tmp_path / "grades.csv"
    options = [f"--to={target}", *scratch_options(tmp_path)]
    result = run_nbgrader("export", "--assignment=nope", *options, cwd=course, check=False)
    assert result.returncode != 0 and "not in the gradebook: assignment 'nope'" in result.stderr
    assert not target.exists()
    run_nbgrader("export", *options, cwd=course)
    assert target.read_text().startswith("assignment,duedate,timestamp,student_id")


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
    assert policy == config.LateSubmissionPlugin.get("penalty_method", "none") == "none"


def test_stubs_and_output_limits(config):
    clear = ClearSolutions(config=config)
    assert clear.code_stub["python"].endswith("raise NotImplementedError()")
    assert clear.text_stub == "YOUR ANSWER HERE"
    limit = LimitOutput(config=config)
    assert (limit.max_lines, limit.max_traceback) == (1000, 100)
    assert ClipOutput(config=config).max_chars == 1_000_000


def test_example_roster_imports_into_nbgrader():
    with open(COURSE / "roster.example.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["id", "first_name", "last_name", "email", "lms_user_id"]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_.-]*", i) for i in ids), "no '+' or '*' in an id"
    assert all("@" in row["email"] and row["lms_user_id"] for row in rows)


@pytest.mark.slow
def test_an_explicit_gradebook_and_exchange_are_never_written_by_scratch_work(tmp_path):
    """An instructor's nbgrader_config.py that names its gradebook and exchange: the
    student versions (telegram-case release) and the test support's scratch courses
    pass their own as nbgrader options and never touch these (the demo: its test)."""
    from telegram_case.instructor.release import generate

    from .support.instructor import Instructor

    course, real = tmp_path / "course", tmp_path / "real"
    shutil.copytree(COURSE / "source", course / "source")
    text = (COURSE / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(
        f'{text}\nc.CourseDirectory.db_url = "sqlite:///{real / "gradebook.db"}"\n'
        f'c.Exchange.root = "{real / "exchange"}"\n',
        encoding="utf-8",
    )
    assert load_config(course)[1].db_url == f"sqlite:///{real / 'gradebook.db'}"
    first = sorted(p.name for p in (course / "source").iterdir())[0]
    assert generate(course, tmp_path / "scratch", [first])[first].is_file()
    instructor = Instructor(course, tmp_path / "support")
    assert instructor.db_url == f"sqlite:///{tmp_path / 'support' / 'gradebook.db'}"
    instructor.add_students([{"id": "ada"}])
    assert not real.exists()


@pytest.mark.slow
def test_release_writes_the_notebooks_of_the_course_it_is_given(tmp_path, capsys):
    from telegram_case.instructor.cli import main

    first = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())[0]
    course, notebooks = tmp_path / "my-course", tmp_path / "notebooks"
    shutil.copytree(COURSE / "source" / first, course / "source" / first)
    shutil.copy2(COURSE / "nbgrader_config.py", course)
    assert main(["release", "--check", "--course", str(course)]) == 1
    assert f"no notebooks/ beside {course}" in capsys.readouterr().err
    notebooks.mkdir()
    checkout = (ROOT / "notebooks" / f"{first}.ipynb").read_bytes()
    (notebooks / f"{first}.ipynb").write_bytes(checkout.replace(b"Telegram", b"Signal", 1))
    assert main(["release", "--check", "--course", str(course)]) == 1
    assert f"stale: {notebooks / first}.ipynb" in capsys.readouterr().out
    assert main(["release", "--course", str(course)]) == 0
    assert main(["release", "--check", "--course", str(course)]) == 0
    assert b"Signal" not in (notebooks / f"{first}.ipynb").read_bytes()
    assert (ROOT / "notebooks" / f"{first}.ipynb").read_bytes() == checkout  # not touched


def test_zip_collect_reads_canvas_download_names(config):
    from nbgrader.plugins import FileNameCollectorPlugin

    plugin = FileNameCollectorPlugin(config=config)
    found = plugin.collect("/x/extracted/lovelaceada_LATE_1001_5551_01-founding-story.ipynb")
    assert (found["student_id"], found["file_id"]) == ("1001", "01-founding-story.ipynb")
    assert (
        plugin.collect("/x/extracted/hopperg_1002_5552_02-business-model-canvas.ipynb")[
            "student_id"
        ]
        == "1002"
    )
    assert plugin.collect("/x/extracted/notes_1002.txt") is None
