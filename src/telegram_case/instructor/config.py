"""The nbgrader configuration every course command uses: loaded the way nbgrader loads it.

``telegram-case`` reads the gradebook, the exchange and every grading setting
from the configuration nbgrader itself would use in the course folder (the
course's ``nbgrader_config.py``, the user's and the system's, then nbgrader
options such as ``--CourseDirectory.db_url=...`` on the command line, which win),
never from variables of its own. Scratch work (the demo, student versions, the
tests) passes its scratch locations as such options.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from traitlets.config import Config


def nbgrader_option(argument: str) -> bool:
    """Is ``argument`` an nbgrader option of the form ``--Class.trait=value``?"""
    name = argument[2:].split("=", 1)[0]
    return argument.startswith("--") and "=" in argument and "." in name


def scratch_options(folder: Path) -> list[str]:
    """nbgrader options that keep a command's gradebook and exchange inside ``folder``."""
    return [
        f"--CourseDirectory.db_url=sqlite:///{folder / 'gradebook.db'}",
        f"--Exchange.root={folder / 'exchange'}",
    ]


def load_config(course: Path, options: list[str] = ()) -> tuple[Config, object]:
    """The configuration nbgrader would use in ``course`` with ``options``.

    Parameters
    ----------
    course
        The course folder (with ``nbgrader_config.py``).
    options
        nbgrader options (``--Class.trait=value``); they win over every file.

    Returns
    -------
    (traitlets.config.Config, nbgrader.coursedir.CourseDirectory)
        The merged configuration, and the course directory it describes (``root``,
        ``db_url``, the folder names).
    """
    from nbgrader.apps import NbGraderApp

    bad = [option for option in options if not nbgrader_option(option)]
    if bad:
        raise ValueError(f"not nbgrader options (--Class.trait=value): {' '.join(bad)}")
    with contextlib.chdir(course):
        app = NbGraderApp()
        app.initialize(list(options))
    return app.config, app.coursedir


def late_penalty_method(config: Config) -> str:
    """The configured late-submission policy: ``"none"`` or ``"zero"`` (nbgrader's names)."""
    return config.LateSubmissionPlugin.get("penalty_method", "none")
