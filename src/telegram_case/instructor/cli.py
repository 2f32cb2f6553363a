"""Run nbgrader the same way from every instructor tool and test.

Two things must resolve to *this* interpreter's environment, also from a venv
that is not activated: nbgrader runs the ``alembic`` console script when it
creates a gradebook, and the ``python3`` kernel spec starts ``python``. Both
are looked up on ``PATH``, so the folder of this interpreter goes first on it:
for a subprocess with :func:`nbgrader`, and for nbgrader's Python API in this
process with :func:`interpreter_on_path`.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["NbgraderError", "interpreter_on_path", "nbgrader", "path_with_interpreter"]


class NbgraderError(RuntimeError):
    """An nbgrader command or API call failed; the message says which, and its log."""


def path_with_interpreter(path: str | None = None) -> str:
    """``path`` (default: this process's ``PATH``) with this interpreter's folder first."""
    current = os.environ.get("PATH", "") if path is None else path
    return os.pathsep.join([str(Path(sys.executable).parent), current])


@contextlib.contextmanager
def interpreter_on_path() -> Iterator[None]:
    """Put this interpreter's folder first on ``PATH`` while nbgrader runs in-process."""
    before = os.environ.get("PATH")
    os.environ["PATH"] = path_with_interpreter()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = before


def nbgrader(*args: str, cwd: Path, env: dict[str, str] | None = None,
             check: bool = True, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` with this interpreter, in ``cwd`` (a course folder).

    Parameters
    ----------
    *args
        The nbgrader subcommand and its arguments, e.g. ``"autograde", "01-founding-story"``.
    cwd
        The folder to run in; nbgrader reads ``nbgrader_config.py`` from it.
    env
        Variables added to this process's environment.
    check
        Raise :class:`NbgraderError` (with the command and its output) on a non-zero exit.
    timeout
        Seconds before the command is killed.

    Returns
    -------
    subprocess.CompletedProcess
        With ``stdout`` and ``stderr`` as text.
    """
    full_env = dict(os.environ, **(env or {}))
    full_env["PATH"] = path_with_interpreter(full_env.get("PATH", ""))
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=full_env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed in {cwd} "
                            f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result
