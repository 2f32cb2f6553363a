"""Regenerate the student notebooks in ``notebooks/`` from ``course/source/``.

nbgrader's ``generate_assignment`` turns each instructor notebook into the
student version (solutions replaced by stubs, hidden tests removed, checksums
added). This runs it in a scratch copy of the course, so the instructor's
gradebook and ``release/`` folder are never touched, and copies the results to
``notebooks/<assignment>.ipynb``.

Usage::

    python -m telegram_case.instructor.release           # write notebooks/
    python -m telegram_case.instructor.release --check   # exit 1 if notebooks/ is stale
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from .cli import nbgrader

__all__ = ["assignments", "generate", "repo_root", "stale"]


def repo_root() -> Path:
    """The checkout this package was installed from (editable installs only)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / "course" / "nbgrader_config.py").is_file():
        raise SystemExit(
            f"No course/nbgrader_config.py above {Path(__file__).parent}: run this from an "
            "editable install of the repository (pip install -e .)."
        )
    return root


def assignments(course: Path) -> list[str]:
    """Assignment names: the folders of ``course/source``, in syllabus order."""
    return sorted(p.name for p in (course / "source").iterdir() if p.is_dir()
                  and not p.name.startswith("."))


def generate(course: Path, workdir: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Generate student versions in a scratch copy of ``course``; return name -> notebook."""
    scratch = workdir / "course"
    shutil.copytree(course / "source", scratch / "source")
    shutil.copy2(course / "nbgrader_config.py", scratch / "nbgrader_config.py")
    env = {"TELEGRAM_CASE_DB_URL": f"sqlite:///{workdir / 'gradebook.db'}",
           "TELEGRAM_CASE_EXCHANGE": str(workdir / "exchange")}
    out = {}
    for name in names or assignments(course):
        nbgrader("generate_assignment", name, "--force", cwd=scratch, env=env)
        notebook = scratch / "release" / name / f"{name}.ipynb"
        if not notebook.is_file():
            raise RuntimeError(f"generate_assignment {name} wrote no {notebook.name}")
        out[name] = notebook
    return out


def _normalised(path: Path) -> dict:
    notebook = nbformat.read(path, as_version=4)
    return {"cells": [(c.cell_type, c.source, c.metadata.get("nbgrader", {}),
                       c.metadata.get("tags", []))
                      for c in notebook.cells]}


def stale(root: Path | None = None) -> list[str]:
    """Names of assignments whose student notebook differs from a fresh generation."""
    root = root or repo_root()
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(root / "course", Path(tmp))
        return [name for name, path in generated.items()
                if not (root / "notebooks" / f"{name}.ipynb").is_file()
                or _normalised(path) != _normalised(root / "notebooks" / f"{name}.ipynb")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only report stale notebooks; exit 1 if any")
    args = parser.parse_args(argv)
    root = repo_root()
    if args.check:
        names = stale(root)
        for name in names:
            print(f"stale: notebooks/{name}.ipynb differs from course/source/{name}/")
        return 1 if names else 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in generate(root / "course", Path(tmp)).items():
            target = root / "notebooks" / f"{name}.ipynb"
            shutil.copy2(path, target)
            print(f"wrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
