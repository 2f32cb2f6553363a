"""telegram_case: the helper library of the Telegram business-case course.

The table of contents:

- :func:`load`, :func:`resource_names`, :func:`describe`, :func:`source` —
  the sourced, validated datasets (:mod:`telegram_case.datasets`).
- :mod:`telegram_case.checking` — the exercise engine behind ``q.<question>.check()``
  (questions, written answers, :func:`~telegram_case.checking.bind`), built on
  :mod:`telegram_case.expectations` (the checks that nudge),
  :mod:`telegram_case.rubrics` (levelled rubrics, self-assessment) and
  :mod:`telegram_case.progress` (``q.progress()``, the score so far).
- :mod:`telegram_case.exercises` — the questions of each notebook: their logic in ``nbNN.py``,
  their texts in ``nbNN.toml`` (read by :mod:`telegram_case.question_texts`).
- :mod:`telegram_case.course_notebooks` — worked solutions, points, rubrics and exemplars,
  read from the instructor notebooks (one source of truth), using the cell conventions of
  :mod:`telegram_case.cells`.
- :mod:`telegram_case.ledger` — the claims ledger as cards (claim, translation, evidence, verdict).
- :mod:`telegram_case.plots` — figure conventions (:class:`~telegram_case.plots.Chart` with its
  text alternative, the Okabe–Ito palette, the course style).
- :mod:`telegram_case.widgets` — what every explorer is built from (a chart view, and the
  static view an explorer falls back to when nobody can click).
- :mod:`telegram_case.text_tables` — long texts (the seed's canvas, facts) as tables that show
  every cell in full.

One module per case topic, each with its model, figures and explorer:

- :mod:`telegram_case.growth` — growth arithmetic (multiples, CAGR, doubling time, a rate
  whose end date is uncertain), with :mod:`telegram_case.growth_figures` and
  :mod:`telegram_case.growth_explorer`; notebook 01.
- :mod:`telegram_case.canvas` — the business model canvas, 2019 against 2025; notebook 02.
- :mod:`telegram_case.revenue_charts` — Telegram's reported revenue by period and by component
  (notebook 02), and with its one-off deal split out (notebook 05).
- :mod:`telegram_case.token_sale` — the Gram sale, the Howey test, the 2020 choice, with its
  figures in :mod:`telegram_case.token_sale_charts` and the choice explorer in
  :mod:`telegram_case.token_sale_explorer`; notebook 03.
- :mod:`telegram_case.deal` — the xAI/Grok deal scenario model and simulator, with its figures in
  :mod:`telegram_case.deal_charts`; notebook 04.
- :mod:`telegram_case.convertible` — the 2025 convertible notes from an investor's side: cost,
  conversion, ranges, scenario payoffs and the payoff explorer; notebook 05.
- :mod:`telegram_case.instructor` — nbgrader tools: student versions, grading, the demo.
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
