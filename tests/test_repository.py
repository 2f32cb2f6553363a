"""Does the package find the repository it runs from, also where only part of it is visible?

While a submission is graded, the sandboxed kernel sees the checkout's ``src/`` and
``data/`` but not ``pyproject.toml`` or ``course/`` (for a checkout under ``/tmp``, as
CI's, nothing else at all): the data must still load there. An installed wheel has no
checkout and must not mistake its site-packages for one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import telegram_case
from telegram_case.repository import checkout

PACKAGE = Path(telegram_case.__file__).resolve().parent
PROBE = (
    "import sys; sys.path.insert(0, sys.argv[1]); import telegram_case; "
    "from telegram_case.repository import checkout; "
    "print(checkout()); print(len(telegram_case.load('users')))"
)


def _probe(path: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_this_checkout_is_found():
    root = checkout()
    assert root is not None and (root / "src" / "telegram_case") == PACKAGE


def test_only_src_and_data_visible_is_enough_to_load_the_data(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(PACKAGE, repo / "src" / "telegram_case", ignore=shutil.ignore_patterns("data"))
    shutil.copytree(telegram_case.data_dir(), repo / "data")
    found, rows = _probe(repo / "src")
    assert found == str(repo) and int(rows) > 0


def test_a_package_outside_src_is_no_checkout(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE, site / "telegram_case", ignore=shutil.ignore_patterns("data"))
    shutil.copytree(telegram_case.data_dir(), site / "telegram_case" / "data")
    found, rows = _probe(site)
    assert found == "None" and int(rows) > 0  # the data inside the package, as in a wheel
