"""Shared test set-up: keep every test away from the user's own caches and data."""

import os
import shutil
import sys
from pathlib import Path

import pytest

from telegram_case import datasets, load, token_sale

from .support.browsers import CHROMIUM, unavailable

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


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium; the browser and hub tests skip without it (fail on CI)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) to run the browser tests"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_api(chromium_path):
    """One Playwright per test process: its sync API cannot be entered twice in a thread."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as api:
        yield api


# The data of notebook 03, shared by test_token_sale.py, test_token_sale_charts.py and
# test_token_sale_explorer.py (loaded once per module; tests copy before they change it).
@pytest.fixture(scope="module")
def sale():
    """The ``token_sale`` dataset."""
    return load("token_sale")


@pytest.fixture(scope="module")
def case():
    """The ``sec_case`` dataset."""
    return load("sec_case")


@pytest.fixture(scope="module")
def options(case):
    """The investors' offer of spring 2020, read from ``sec_case``."""
    return token_sale.investor_options(case)
