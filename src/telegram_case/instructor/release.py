"""``telegram-case release``: the student notebooks in ``notebooks/``, from ``course/source/``.

nbgrader's ``generate_assignment`` runs in a scratch copy of the course with a scratch
gradebook and exchange passed as nbgrader options, so the instructor's gradebook and
``release/`` are never touched, whatever ``nbgrader_config.py`` says.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI

from ..repository import checkout
from .config import load_config, scratch_options


def repo_root() -> Path:
    """The checkout this package was installed from (editable installs only)."""
    root = checkout()
    if root is None or not (root / "course" / "nbgrader_config.py").is_file():
        raise SystemExit(f"no course/ above {__file__}: use an editable install (pip install -e .)")
    return root


def assignments(course: Path) -> list[str]:
    """Assignment names: the folders of ``course/source``, in syllabus order."""
    folders = (course / "source").iterdir()
    return sorted(p.name for p in folders if p.is_dir() and not p.name.startswith("."))


def scratch_course(course: Path, workdir: Path) -> tuple[list[str], NbGraderAPI]:
    """Copy ``course``'s sources and configuration to ``workdir/course``, its gradebook and
    exchange to be in ``workdir``: (the nbgrader options that say so, an API on the copy)."""
    scratch = workdir / "course"
    shutil.copytree(course / "source", scratch / "source")
    shutil.copy2(course / "nbgrader_config.py", scratch)
    options = [f"--CourseDirectory.root={scratch}", *scratch_options(workdir)]
    config, coursedir = load_config(scratch, options)
    return options, NbGraderAPI(coursedir, config=config)


def generate(course: Path, workdir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Generate student versions in a scratch copy of ``course``; return name -> notebook."""
    _, api = scratch_course(course, workdir)
    out = {}
    for name in names or assignments(course):
        result = api.generate_assignment(name)
        out[name] = workdir / "course" / "release" / name / f"{name}.ipynb"
        if not (result["success"] and out[name].is_file()):
            raise RuntimeError(f"generate_assignment {name} failed:\n{result.get('log', '')}")
    return out


def _normalised(path: Path) -> list:
    notebook = nbformat.read(path, as_version=4)
    return [
        (c.cell_type, c.source, c.metadata.get("nbgrader", {}), c.metadata.get("tags", []))
        for c in notebook.cells
    ]


def stale(course: Path, write: bool = False) -> list[str]:
    """Names of assignments whose ``notebooks/<name>.ipynb`` beside ``course`` differs from a
    fresh generation; with ``write``, every one is replaced by the fresh one."""
    names = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in generate(course, Path(tmp)).items():
            target = course.parent / "notebooks" / f"{name}.ipynb"
            if not target.is_file() or _normalised(path) != _normalised(target):
                names.append(name)
            if write:
                shutil.copy2(path, target)
    return names
