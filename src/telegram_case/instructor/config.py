"""Read the course's ``nbgrader_config.py`` the way nbgrader reads it.

The instructor tools that run nbgrader in this process (the demo, the
simulated class) load only the course's own configuration file, never a
user's or system-wide ``nbgrader_config.py``, so that a run is the same on
every machine.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

__all__ = ["CONFIG_FILE", "late_penalty_method", "load_course_config"]

CONFIG_FILE = "nbgrader_config.py"


def load_course_config(course: Path) -> Config:
    """The configuration in ``course/nbgrader_config.py``.

    Parameters
    ----------
    course
        A course folder (the one with ``source/`` and ``nbgrader_config.py``).

    Returns
    -------
    traitlets.config.Config
        As nbgrader would see it when run from ``course`` (environment variables
        the file reads, such as ``TELEGRAM_CASE_DB_URL``, are read now).

    Raises
    ------
    FileNotFoundError
        If the folder has no configuration file.
    """
    try:
        return PyFileConfigLoader(CONFIG_FILE, path=str(course)).load_config()
    except ConfigFileNotFound:
        raise FileNotFoundError(f"no {CONFIG_FILE} in {course}") from None


def late_penalty_method(config: Config) -> str:
    """The configured late-submission policy: ``"none"`` or ``"zero"`` (nbgrader's names)."""
    return config.LateSubmissionPlugin.get("penalty_method", "none")
