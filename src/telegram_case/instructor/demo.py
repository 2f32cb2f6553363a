"""The instructor's demo: a small class through the whole nbgrader round trip.

Four demo students (full marks, partial, untouched, and full marks but late)
fetch every notebook of ``course/source``, answer and submit; the demo
collects, autogrades, hand-grades the written answers, generates and releases
feedback and exports the grades, then prints the grade table and where the
feedback is. Everything happens in a new temporary folder: the course's real
gradebook, exchange and ``course/`` folders are never touched (not even when
``TELEGRAM_CASE_DB_URL`` or ``TELEGRAM_CASE_EXCHANGE`` are set).

Usage::

    python -m telegram_case.instructor.demo            # or: make demo
    python -m telegram_case.instructor.demo --keep     # keep the whole scratch course
    python -m telegram_case.instructor.demo --assignments 01-founding-story
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from .config import late_penalty_method
from .release import repo_root
from .report import format_table, read_grades
from .simulation import DEMO_CLASS, simulate_class

__all__ = ["main"]


@contextlib.contextmanager
def _quiet(log: Path) -> Iterator[None]:
    """Send this process's stderr (and its children's: kernels, workers) to ``log``."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as handle:
        os.dup2(handle.fileno(), 2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", nargs="+", metavar="NAME",
                        help="only these assignments (default: all of course/source)")
    parser.add_argument("--course", type=Path, help="course folder (default: this checkout's)")
    parser.add_argument("--dir", type=Path,
                        help="an empty folder to work in (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the whole scratch course, gradebook and exchange")
    parser.add_argument("--workers", type=int, help="students autograded at once")
    args = parser.parse_args(argv)

    course = args.course or repo_root() / "course"
    base = args.dir or Path(tempfile.mkdtemp(prefix="telegram-case-demo-"))
    base.mkdir(parents=True, exist_ok=True)
    if any(base.iterdir()):
        parser.error(f"{base} is not empty")
    work, log = base / "class", base / "nbgrader.log"
    started = time.perf_counter()
    print(f"Demo class in {base} (your course, gradebook and exchange are not touched)")
    try:
        with _quiet(log):
            run = simulate_class(course, work, DEMO_CLASS, args.assignments,
                                 progress=lambda stage: print(f"  {stage} ...", flush=True),
                                 workers=args.workers)
    except Exception as error:
        print(f"\nThe demo failed: {error}\nnbgrader's log: {log}", file=sys.stderr)
        return 1

    grades = read_grades(run.instructor.db_url, run.instructor.course_id,
                         [s.id for s in run.students], run.assignments)
    policy = late_penalty_method(run.instructor.config)
    print(f"\nGrades ({time.perf_counter() - started:.0f} s):\n")
    print(format_table(grades, {s.id: s.role for s in run.students}))
    print(f"Late policy (nbgrader_config.py): penalty_method = {policy!r}; "
          f"due date {run.deadline:%Y-%m-%d %H:%M:%S} UTC.")

    feedback, grades_csv = base / "feedback", base / "grades.csv"
    shutil.copytree(run.feedback, feedback)
    shutil.copy2(run.grades_csv, grades_csv)
    if not args.keep:
        shutil.rmtree(work)
    first = run.students[0].id
    example = feedback / first / run.assignments[0] / f"{run.assignments[0]}.html"
    print(f"\nFeedback (HTML, one per student and notebook): {feedback}")
    print(f"  for example: {example}")
    print(f"Grade export (nbgrader export): {grades_csv}")
    if args.keep:
        print(f"Scratch course, gradebook and exchange: {work} "
              f"(cd {work / 'course'} && jupyter lab, to look at it in the formgrader)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
