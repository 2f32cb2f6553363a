"""Nothing students receive holds a solution or a hidden test.

What students receive: the student notebooks in ``notebooks/``, everything
``nbgrader generate_assignment`` writes to ``release/`` and what
``nbgrader release_assignment`` puts in the exchange. (Feedback files are
checked in tests/test_hostile_grading.py, on the feedback of a graded batch.)
tests/test_notebooks.py checks ``notebooks/`` for markers; this checks every
file of every assignment for the text itself: every line of a hidden test,
every line of a solution and of a model answer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from telegram_case.cells import hidden_region
from telegram_case.instructor.config import scratch_options

from .support.nbgrader import run_nbgrader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "Model answer",
)


def secrets(name: str) -> list[str]:
    """Lines that only the instructor may see (long enough not to occur by chance)."""
    notebook = nbformat.read(SOURCE / name / f"{name}.ipynb", as_version=4)
    visible = set()
    out = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            out += [line.strip() for line in hidden_region(cell.source).split("\n")]
            visible |= {line.strip() for line in cell.source.split("\n")}
        elif meta.get("solution"):
            body = cell.source
            if "### BEGIN SOLUTION" in body:
                body = body.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            out += [line.strip() for line in body.splitlines()]
        else:
            visible |= {line.strip() for line in cell.source.split("\n")}
    # a line that is also in the visible text (`import math`) is no secret
    return sorted({line for line in out if len(line) > 12 and line not in visible})


def assert_no_leak(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":  # compare the cell text, not the JSON-escaped file
        notebook = nbformat.read(path, as_version=4)
        text = "\n".join([c.source for c in notebook.cells] + [text])
    for marker in MARKERS:
        assert marker not in text, f"{path}: {marker}"
    for line in lines:
        assert line not in text, f"{path} leaks: {line}"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """Every assignment generated and released to an exchange, in a scratch course."""
    tmp = tmp_path_factory.mktemp("leaks")
    course, exchange = tmp / "course", tmp / "exchange"
    shutil.copytree(SOURCE, course / "source")
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    exchange.mkdir()
    exchange.chmod(0o777)
    options = scratch_options(tmp)
    for name in ASSIGNMENTS:
        run_nbgrader("generate_assignment", name, "--force", *options, cwd=course)
        run_nbgrader("release_assignment", name, "--force", *options, cwd=course)
    return course, exchange


def test_every_assignment_has_secrets_to_protect():
    for name in ASSIGNMENTS:
        assert len(secrets(name)) >= 3, name


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_notebook_holds_no_secret(name):
    path = ROOT / "notebooks" / f"{name}.ipynb"
    if not path.is_file():
        pytest.skip("no student version yet")
    assert_no_leak(path, secrets(name))


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_and_exchange_hold_no_secret(released, name):
    course, exchange = released
    files = [p for p in (course / "release" / name).rglob("*") if p.is_file()]
    files += [p for p in exchange.rglob("*") if p.is_file() and name in p.parts]
    assert any(p.suffix == ".ipynb" for p in files if exchange in p.parents), files
    lines = secrets(name)
    for path in files:
        if path.suffix in (".ipynb", ".py", ".md", ".txt", ".csv", ".json", ".html"):
            assert_no_leak(path, lines)
