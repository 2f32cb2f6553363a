"""The course in the instructor's account, and the shared exchange.

The instructor's home *is* the nbgrader course folder (``source/``,
``nbgrader_config.py``; nbgrader adds ``release/``, ``submitted/``, ``autograded/``,
``feedback/`` and ``gradebook.db``). JupyterLab starts in the home, so the formgrader
and every ``nbgrader`` command read the course's own ``nbgrader_config.py``, as with
``make instructor``. The home is ``0700``: no student can read the sources (solutions,
hidden tests) or the gradebook.

The exchange is the one folder everybody shares, with the permissions nbgrader's
documentation asks for (``chmod ugo+rwx``); nbgrader itself gives its sub-folders
their own modes (students can write to ``inbound/`` but not list it, and cannot list
``feedback/``).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

from .accounts import home, run_as
from .site import HubError, HubSite

__all__ = ["install_course", "prepare_exchange"]


def prepare_exchange(site: HubSite) -> None:
    """Create the state folder (reachable by every account) and the exchange in it."""
    site.state.mkdir(parents=True, exist_ok=True)
    site.state.chmod(0o755)
    site.exchange.mkdir(exist_ok=True)
    site.exchange.chmod(0o777)


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for path in root.rglob("*"):
        os.chown(path, uid, gid, follow_symlinks=False)


def _roster(site: HubSite) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "first_name", "last_name", "email"])
    for number, name in enumerate(site.student_names(), start=1):
        writer.writerow([name, "Student", str(number), ""])
    return out.getvalue()


def install_course(site: HubSite, course: Path) -> Path:
    """Copy the course (``source/`` and ``nbgrader_config.py``) into the instructor's home
    and import the students into its gradebook; return the home."""
    target = home(site.instructor)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(course / "source", target / "source", ignore=ignore, dirs_exist_ok=True)
    shutil.copy2(course / "nbgrader_config.py", target / "nbgrader_config.py")
    (target / "roster.csv").write_text(_roster(site))
    stat = target.stat()
    _chown_tree(target, stat.st_uid, stat.st_gid)
    result = run_as(
        site.instructor,
        [str(site.bin / "nbgrader"), "db", "student", "import", "roster.csv"],
        env={"TELEGRAM_CASE_EXCHANGE": str(site.exchange)},
        extra_path=[site.bin],
        timeout=120,
    )
    if result.returncode != 0:
        raise HubError(
            f"importing the roster into {target}/gradebook.db failed:\n"
            f"{result.stderr.strip()[-2000:]}"
        )
    return target
