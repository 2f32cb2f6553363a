"""telegram_case: the helper library of the Telegram business-case course.

The table of contents:

- :func:`load`, :func:`resource_names`, :func:`describe`, :func:`source` —
  the sourced, validated datasets (:mod:`telegram_case.datasets`).
- :mod:`telegram_case.checking` — the exercise engine behind ``q.<question>.check()``.
- :mod:`telegram_case.exercises` — the questions of each notebook.
- :mod:`telegram_case.growth` — growth arithmetic (multiples, CAGR, doubling time).
- :mod:`telegram_case.plots` — the course figures, each with a text alternative.
- :mod:`telegram_case.widgets` — interactive explorers with static fallbacks.
- :func:`setup_notebook` — the first call in every notebook.
"""

from .datasets import DataError, data_dir, describe, load, resource_names, source
from .notebook import setup_notebook

__all__ = [
    "DataError",
    "data_dir",
    "describe",
    "load",
    "resource_names",
    "setup_notebook",
    "source",
]

__version__ = "0.1.0"
