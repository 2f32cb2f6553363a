"""Shared test set-up: keep every test away from the user's own caches and data."""

import os
import shutil
import sys
from pathlib import Path

import pytest

from telegram_case import datasets

DATA = Path(__file__).resolve().parents[1] / "data"

# nbgrader runs the `alembic` script when it creates a gradebook: that of this
# environment, also when the venv is not activated.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture(autouse=True)
def _private_validation_cache(tmp_path_factory, monkeypatch):
    """Validation markers go to a per-session folder, never to ~/.cache."""
    monkeypatch.setenv("TELEGRAM_CASE_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that a test may corrupt; the loader is pointed at it, uncached."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv(datasets.DATA_ENV_VAR, str(copy))
    datasets.clear_cache()
    yield copy
    datasets.clear_cache()
