"""nbgrader's command line, run the same way by every test and benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class NbgraderError(RuntimeError):
    """An nbgrader command or API call failed; the message says which, and its output."""


def run_nbgrader(*args: str, cwd: Path, timeout: float | None = None, check: bool = True):
    """Run ``nbgrader ARGS`` with this interpreter in ``cwd`` (a course folder).

    nbgrader runs the ``alembic`` console script when it creates a gradebook, so the
    folder of this interpreter goes first on ``PATH`` (a venv need not be activated).

    Raises
    ------
    NbgraderError
        On a non-zero exit (with ``check``), naming the command and its output.
    """
    env = dict(
        os.environ,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise NbgraderError(
            f"`nbgrader {' '.join(args)}` failed in {cwd} "
            f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result
