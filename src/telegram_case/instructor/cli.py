"""Run nbgrader's command line the same way from every instructor tool and test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["NbgraderError", "nbgrader"]


class NbgraderError(RuntimeError):
    """An nbgrader command failed; the message has the command and its output."""


def nbgrader(*args: str, cwd: Path, env: dict[str, str] | None = None,
             check: bool = True, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` with this interpreter, in ``cwd`` (a course folder).

    nbgrader calls other console scripts (``alembic`` for the gradebook), so the
    folder of this interpreter is put first on ``PATH``: that works from a venv
    that is not activated.
    """
    full_env = dict(os.environ, **(env or {}))
    full_env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                        full_env.get("PATH", "")])
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=full_env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise NbgraderError(f"`nbgrader {' '.join(args)}` failed in {cwd} "
                            f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result
