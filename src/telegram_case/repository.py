"""The repository checkout this package runs from, when it runs from one.

An editable install (``pip install -e .``, ``make lab``) runs from the repository: the course
source, the data and the configuration are beside ``src/``. An installed wheel has none of
them; it carries the data and extracts of the notebooks inside the package.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["checkout"]


def checkout() -> Path | None:
    """The repository (it has ``pyproject.toml`` and ``course/``), or None for a wheel."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "course").is_dir() else None
