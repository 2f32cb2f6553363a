"""Instructor tools around nbgrader: student versions, the demo round trip, grading helpers.

Commands:

- ``python -m telegram_case.instructor.release`` — regenerate ``notebooks/`` from ``course/source``.
- ``python -m telegram_case.instructor.demo`` — a demo class through the whole round trip.
- ``python -m telegram_case.instructor.parallel`` — autograde a large class on all cores.

Used by ``course/nbgrader_config.py``:

- :mod:`~telegram_case.instructor.restore` — put deleted grade cells back (fixes nbgrader 0.9.6).
- :mod:`~telegram_case.instructor.feedback` — keep hidden tests out of the feedback.

The simulated class (demo and tests):

- :mod:`~telegram_case.instructor.simulation` — the round trip in a scratch folder.
- :mod:`~telegram_case.instructor.submissions` — simulated students' notebooks and expected scores,
  built with :mod:`~telegram_case.instructor.cells` (the grade-id convention),
  :mod:`~telegram_case.instructor.mistakes` (realistic wrong answers) and
  :mod:`~telegram_case.instructor.dataflow` (which answers build on which).
- :mod:`~telegram_case.instructor.grader`, :mod:`~telegram_case.instructor.exchange`,
  :mod:`~telegram_case.instructor.batch` — nbgrader's instructor and student sides, in-process.
- :mod:`~telegram_case.instructor.report` — the grade table; :mod:`~telegram_case.instructor.config`
  — the course's ``nbgrader_config.py``; :mod:`~telegram_case.instructor.cli` — nbgrader commands.
"""
