"""Autograde several students at once, one process per student.

Autograding runs every notebook in a fresh kernel, a few seconds each, one
after another. Students' submissions are independent, so :func:`autograde_all`
grades them in parallel worker processes, each doing what ``nbgrader autograde
ASSIGNMENT --student ID`` does for its students. They share the gradebook: a
server database takes that in its stride, and SQLite makes a writer wait for
the lock (nbgrader's writes are short); a step that still finds the database
locked is retried.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .cli import NbgraderError, interpreter_on_path

__all__ = ["autograde_all", "autograde_student"]

_RETRIES = 3


def autograde_student(course: Path, exchange: Path, db_url: str, student: str,
                      assignments: list[str]) -> dict[str, float]:
    """Autograde one student's submissions of ``assignments``; return seconds per assignment.

    Raises
    ------
    NbgraderError
        Naming the student and the assignment that failed, with nbgrader's log.
    """
    from .grader import Instructor  # imported here: this runs in a fresh worker process

    seconds = {}
    with interpreter_on_path():
        instructor = Instructor(Path(course), Path(exchange), db_url=db_url)
        for assignment in assignments:
            started = time.perf_counter()
            for attempt in range(_RETRIES):
                try:
                    instructor.autograde(assignment, student)
                    break
                except NbgraderError as error:
                    if "database is locked" not in str(error) or attempt == _RETRIES - 1:
                        raise
                    time.sleep(1 + attempt)
            seconds[assignment] = time.perf_counter() - started
    return seconds


def autograde_all(course: Path, exchange: Path, db_url: str, students: Iterable[str],
                  assignments: list[str], workers: int | None = None) -> dict[str, dict]:
    """Autograde every student's submissions, ``workers`` students at a time.

    Parameters
    ----------
    course, exchange, db_url
        The instructor's course folder, exchange and gradebook.
    students
        Student ids (their submissions must be collected already).
    assignments
        The assignments to grade for each student.
    workers
        Parallel processes (default: one per student, at most one per CPU);
        1 grades in this process, one after another.

    Returns
    -------
    dict
        Student id -> assignment -> seconds.
    """
    students = list(students)
    workers = workers or max(1, min(len(students), os.cpu_count() or 1))
    if workers == 1:
        return {s: autograde_student(course, exchange, db_url, s, assignments)
                for s in students}
    context = multiprocessing.get_context("spawn")  # no state inherited from this process
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {s: pool.submit(autograde_student, course, exchange, db_url, s, assignments)
                   for s in students}
        return {s: future.result() for s, future in futures.items()}
