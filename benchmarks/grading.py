"""Benchmark: autograding a simulated class, serial nbgrader against ``telegram-case grade``.

Builds a scratch course with N students (default 50) who submit every
assignment (a mix of complete, three-quarter, half and untouched submissions,
built with ``telegram_case.instructor.demo.answered``), then times

* serial: ``nbgrader autograde ASSIGNMENT`` for each assignment, one after another;
* parallel: ``telegram-case grade ASSIGNMENT --workers W`` for each assignment;

on two identical copies (both with the course's configuration, so both run the
sandboxed kernel where bubblewrap works), checks that both gradebooks hold the
same scores, and prints seconds per submission and the speed-up.

    python benchmarks/grading.py [--students 50] [--workers 2] [--assignments 01-founding-story ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from rich.console import Console

from telegram_case.instructor.config import scratch_options
from telegram_case.instructor.demo import answered
from telegram_case.instructor.grade import grade_class
from telegram_case.instructor.kernel import bwrap_path
from telegram_case.instructor.release import assignments

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test support: nbgrader's command line as the tests run it
from tests.support.nbgrader import run_nbgrader  # noqa: E402

SHARES = (1.0, 0.75, 0.5, 0.0)


def build_course(target: Path, names: list[str], students: int) -> Path:
    """A scratch course with every assignment generated and submitted by every student."""
    course = target / "course"
    shutil.copytree(ROOT / "course" / "source", course / "source")
    shutil.copy2(ROOT / "course" / "nbgrader_config.py", course)
    for name in names:
        run_nbgrader("generate_assignment", name, "--force", *scratch_options(target), cwd=course)
        source = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
        release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
        built = [answered(release, source, share) for share in SHARES]
        for i in range(students):
            folder = course / "submitted" / f"student{i:03d}" / name
            folder.mkdir(parents=True)
            nbformat.write(built[i % len(built)], folder / f"{name}.ipynb")
            (folder / "timestamp.txt").write_text("2026-01-10 12:00:00.000000 UTC")
    return course


def scores(course: Path) -> dict:
    table = {}
    with Gradebook(f"sqlite:///{course.parent / 'gradebook.db'}") as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = (assignment.name, submission.student.id, grade.name)
                        table[key] = grade.auto_score
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--assignments", nargs="*", default=None)
    args = parser.parse_args()
    names = args.assignments or assignments(ROOT / "course")
    submissions = args.students * len(names)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"kernel sandbox: {'bubblewrap' if bwrap_path() else 'none'}"
    )
    print(f"class: {args.students} students x {len(names)} notebooks = {submissions} submissions")
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as tmp:
        serial = build_course(Path(tmp) / "serial", names, args.students)
        parallel = build_course(Path(tmp) / "parallel", names, args.students)
        start = time.perf_counter()
        for name in names:
            options = scratch_options(serial.parent)
            run_nbgrader("autograde", name, "--force", *options, cwd=serial, check=False)
        serial_seconds = time.perf_counter() - start
        start = time.perf_counter()
        for name in names:
            grade_class(
                parallel,
                name,
                scratch_options(parallel.parent),
                workers=args.workers,
                console=Console(quiet=True),
            )
        parallel_seconds = time.perf_counter() - start
        same = scores(serial) == scores(parallel)
        graded = len({key[:2] for key in scores(parallel)})

    print(
        f"serial nbgrader autograde: {serial_seconds:8.1f} s "
        f"({serial_seconds / submissions:.2f} s per submission)"
    )
    print(
        f"telegram-case grade, {args.workers} workers: {parallel_seconds:8.1f} s "
        f"({parallel_seconds / submissions:.2f} s per submission)"
    )
    print(f"speed-up: {serial_seconds / parallel_seconds:.2f}x")
    print(f"identical scores, cell by cell: {same} ({graded} of {submissions} submissions graded)")
    if not same or graded != submissions:
        sys.exit(1)


if __name__ == "__main__":
    main()
