"""The repository checkout this package runs from, when it runs from one.

An editable install (``pip install -e .``, ``make lab``) runs the package from the
repository's ``src/``: the course source, the data and the configuration are beside it.
An installed wheel has none of them; it carries the data and extracts of the notebooks
inside the package. Callers check for the part of the checkout they need: while a
submission is graded, the sandbox shows only some of it (``src/`` and ``data/``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["checkout"]


def checkout() -> Path | None:
    """The repository whose ``src/`` this package runs from, or None for an installed wheel."""
    package = Path(__file__).resolve().parent
    return package.parents[1] if package.parent.name == "src" else None
