"""Instructor tools around nbgrader: the grading pipeline and ``telegram-case``.

- :mod:`~.preprocessors`, :mod:`~.checks`, :mod:`~.code_scan`, :mod:`~.kernel` — the
  grading rules that course/nbgrader_config.py puts into nbgrader's own pipelines.
- :mod:`~.cli` — the ``telegram-case`` command: :mod:`~.release`, :mod:`~.grade` (with
  :mod:`~.gradebook`), :mod:`~.export`, :mod:`~.demo`; :mod:`~.config` loads nbgrader's
  configuration for all of them.
"""
