"""Benchmark: autograding a simulated class, serial nbgrader against the parallel command.

Builds a scratch course with N students (default 50) who submit every
assignment (a mix of full, partial, wrong and untouched submissions, built by
telegram_case.instructor.submissions), then times

* serial: ``nbgrader autograde ASSIGNMENT`` for each assignment, one after another;
* parallel: ``python -m telegram_case.instructor.parallel ASSIGNMENT --workers W``;

on two identical copies, checks that both gradebooks hold the same scores, and
prints seconds per submission and the speed-up.

    python benchmarks/grading.py [--students 50] [--workers 2] [--assignments 01-founding-story ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from telegram_case.instructor.cli import nbgrader
from telegram_case.instructor.parallel import autograde_in_parallel
from telegram_case.instructor.release import assignments
from telegram_case.instructor.submissions import build_submission

ROOT = Path(__file__).resolve().parents[1]
MIX = ("full", "partial", "wrong", "untouched")


def build_course(target: Path, names: list[str], students: int) -> Path:
    """A scratch course with every assignment generated and submitted by every student."""
    course = target / "course"
    shutil.copytree(ROOT / "course" / "source", course / "source")
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    env = {"TELEGRAM_CASE_DB_URL": f"sqlite:///{course / 'gradebook.db'}"}
    for name in names:
        nbgrader("generate_assignment", name, "--force", cwd=course, env=env)
        source = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
        release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
        built = {kind: build_submission(kind, name, source, release).notebook for kind in MIX}
        for i in range(students):
            folder = course / "submitted" / f"student{i:03d}" / name
            folder.mkdir(parents=True)
            nbformat.write(built[MIX[i % len(MIX)]], folder / f"{name}.ipynb")
            (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")
    return course


def scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        table[(assignment.name, submission.student.id, grade.name)] = (
                            grade.auto_score)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args()
    names = args.assignments or assignments(ROOT / "course")
    submissions = args.students * len(names)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"class: {args.students} students x {len(names)} notebooks = {submissions} submissions")
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as tmp:
        serial = build_course(Path(tmp) / "serial", names, args.students)
        parallel = build_course(Path(tmp) / "parallel", names, args.students)
        env = {"TELEGRAM_CASE_DB_URL": f"sqlite:///{serial / 'gradebook.db'}"}
        start = time.perf_counter()
        for name in names:
            nbgrader("autograde", name, "--force", cwd=serial, env=env)
        serial_seconds = time.perf_counter() - start

        os.environ["TELEGRAM_CASE_DB_URL"] = f"sqlite:///{parallel / 'gradebook.db'}"
        start = time.perf_counter()
        worker_seconds = []
        for name in names:
            worker_seconds += autograde_in_parallel(parallel, name, args.workers,
                                                    log=lambda *_: None).values()
        parallel_seconds = time.perf_counter() - start
        same = scores(serial) == scores(parallel)

    print(f"serial nbgrader autograde: {serial_seconds:8.1f} s "
          f"({serial_seconds / submissions:.2f} s per submission)")
    print(f"parallel, {args.workers} workers:     {parallel_seconds:8.1f} s "
          f"({parallel_seconds / submissions:.2f} s per submission; "
          f"median worker {statistics.median(worker_seconds):.1f} s)")
    print(f"speed-up: {serial_seconds / parallel_seconds:.2f}x")
    print(f"identical scores, cell by cell: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
