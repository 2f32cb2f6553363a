"""The configuration every course command uses, loaded the way nbgrader loads it.

The course's ``nbgrader_config.py``, the user's and the system's, then nbgrader
options on the command line (``--CourseDirectory.db_url=...``), which win: scratch
work (the demo, student versions, the tests) passes its scratch locations that way.
"""

from __future__ import annotations

import contextlib
import difflib
from pathlib import Path


def nbgrader_option(argument: str) -> bool:
    """Is ``argument`` an nbgrader option of the form ``--Class.trait=value``?"""
    return argument.startswith("--") and "=" in argument and "." in argument.split("=")[0]


def scratch_options(folder: Path) -> list[str]:
    """nbgrader options that keep a command's gradebook and exchange inside ``folder``."""
    database, exchange = folder / "gradebook.db", folder / "exchange"
    return [f"--CourseDirectory.db_url=sqlite:///{database}", f"--Exchange.root={exchange}"]


def _settings() -> dict[str, set[str]]:
    """Every configurable class loaded (nbgrader's, the course's) by name: its settings.
    Several classes may share a name (nbgrader's Exchange): a setting of any counts."""
    from traitlets.config import Configurable

    found, todo = {}, [Configurable]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, set()).update(cls.class_traits(config=True))
        todo += cls.__subclasses__()
    return found


def _check_options(options: list[str]) -> None:
    """Stop at an option whose class or setting does not exist (traitlets only warns, and the
    command would run with the value it was meant to replace), suggesting the close one."""
    settings = _settings()
    for option in options:
        name, trait = option.split("=", 1)[0].removeprefix("--").rsplit(".", 1)
        if name not in settings:
            close = [f"--{c}.{trait}" for c in difflib.get_close_matches(name, settings, 1)]
            what = f"no class {name!r}"
        elif trait not in settings[name]:
            close = [f"--{name}.{c}" for c in difflib.get_close_matches(trait, settings[name], 1)]
            what = f"{name} has no setting {trait!r}"
        else:
            continue
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(f"unknown nbgrader option {option}: {what}{hint}")


def require_course(course: Path) -> None:
    """Stop unless ``course`` is a course folder (it has an ``nbgrader_config.py``)."""
    if not (Path(course) / "nbgrader_config.py").is_file():
        where = Path(course).resolve()
        raise ValueError(
            f"no nbgrader_config.py in {where}: run this in the course folder or pass --course"
        )


def load_config(course: Path, options: list[str] = ()):
    """(the configuration, its ``CourseDirectory``) nbgrader would use in ``course`` with
    ``options`` (``--Class.trait=value``, which win over every file). Stops when ``course``
    has no ``nbgrader_config.py`` or an option names a setting nbgrader does not have."""
    from nbgrader.apps import NbGraderApp

    require_course(course)
    bad = [option for option in options if not nbgrader_option(option)]
    if bad:
        raise ValueError(f"not nbgrader options (--Class.trait=value): {' '.join(bad)}")
    with contextlib.chdir(course):
        app = NbGraderApp()
        app.initialize(list(options))
    _check_options(list(options))
    return app.config, app.coursedir
