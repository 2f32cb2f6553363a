"""The configuration every course command uses, loaded the way nbgrader loads it.

The course's ``nbgrader_config.py``, the user's and the system's, then nbgrader
options on the command line (``--CourseDirectory.db_url=...``), which win: scratch
work (the demo, student versions, the tests) passes its scratch locations that way.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def nbgrader_option(argument: str) -> bool:
    """Is ``argument`` an nbgrader option of the form ``--Class.trait=value``?"""
    return argument.startswith("--") and "=" in argument and "." in argument.split("=")[0]


def scratch_options(folder: Path) -> list[str]:
    """nbgrader options that keep a command's gradebook and exchange inside ``folder``."""
    database, exchange = folder / "gradebook.db", folder / "exchange"
    return [f"--CourseDirectory.db_url=sqlite:///{database}", f"--Exchange.root={exchange}"]


def load_config(course: Path, options: list[str] = ()):
    """(the configuration, its ``CourseDirectory``) nbgrader would use in ``course`` with
    ``options`` (``--Class.trait=value``, which win over every file)."""
    from nbgrader.apps import NbGraderApp

    bad = [option for option in options if not nbgrader_option(option)]
    if bad:
        raise ValueError(f"not nbgrader options (--Class.trait=value): {' '.join(bad)}")
    with contextlib.chdir(course):
        app = NbGraderApp()
        app.initialize(list(options))
    return app.config, app.coursedir
