"""Autograde a large class on all cores, safely with the SQLite gradebook.

nbgrader grades one submission after another (its issue #174). Almost all of
the time goes into running each student's notebook in a fresh kernel, which
parallelises well; writing grades does not, because SQLite allows one writer
at a time. So this tool:

1. backs up the gradebook;
2. shards the students with submissions across worker processes; each worker
   gets a scratch course folder with only its students' submissions and its
   *own copy* of the gradebook, and runs the ordinary ``nbgrader autograde``;
3. merges, in this one process, every worker's results (scores, comments,
   flags, timestamps, late penalties) into the real gradebook and moves the
   autograded notebooks into ``autograded/``.

A failed worker leaves the real gradebook untouched (the merge happens only
after every worker succeeded) and is reported with its students; the backup
stays next to the gradebook.

Usage (from the course folder, like nbgrader)::

    python -m telegram_case.instructor.parallel 01-founding-story --workers 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ParallelAutogradeError", "autograde_in_parallel", "copy_submission", "shard"]


class ParallelAutogradeError(RuntimeError):
    """A worker failed; the message names the worker's students and nbgrader's output."""


@dataclass
class WorkerResult:
    students: list[str]
    root: Path
    seconds: float


def shard(students: list[str], workers: int) -> list[list[str]]:
    """Split ``students`` into at most ``workers`` groups of nearly equal size."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    groups = [sorted(students)[i::workers] for i in range(workers)]
    return [g for g in groups if g]


def _sqlite_path(course: Path) -> Path:
    url = os.environ.get("TELEGRAM_CASE_DB_URL", f"sqlite:///{course / 'gradebook.db'}")
    if not url.startswith("sqlite:///"):
        raise ParallelAutogradeError(
            f"Parallel autograde merges SQLite gradebooks; the gradebook is {url!r}. With a "
            "server database (PostgreSQL), run `nbgrader autograde` in several shells instead.")
    return Path(url.removeprefix("sqlite:///"))


def _run_worker(course: Path, assignment: str, students: list[str], root: Path,
                timeout: float | None) -> WorkerResult:
    (root / "submitted").mkdir(parents=True)
    for name in ("source", "release"):
        if (course / name).is_dir():
            (root / name).symlink_to(course / name, target_is_directory=True)
    shutil.copy2(course / "nbgrader_config.py", root / "nbgrader_config.py")
    for student in students:
        (root / "submitted" / student).mkdir()
        shutil.copytree(course / "submitted" / student / assignment,
                        root / "submitted" / student / assignment)
    shutil.copy2(_sqlite_path(course), root / "gradebook.db")
    env = dict(os.environ, TELEGRAM_CASE_DB_URL=f"sqlite:///{root / 'gradebook.db'}")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"],
        cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise ParallelAutogradeError(
            f"autograde of {assignment} failed for students {students}:\n{result.stderr[-4000:]}")
    return WorkerResult(students, root, time.perf_counter() - start)


def copy_submission(source, target, assignment: str, student: str,
                    flagged: set[str] = frozenset()) -> bool:
    """Copy one student's graded submission between two open nbgrader Gradebooks.

    Copies the student, the submission's timestamp and extension, and for every
    notebook its flag (also set for the notebook names in ``flagged``), late
    penalty, scores and comments. Returns False if ``source`` has no such submission.
    """
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning

    try:
        submitted = source.find_submission(assignment, student)
    except MissingEntry:
        return False
    person = source.find_student(student)
    # nbgrader's add_submission builds rows before adding them to the session, which
    # SQLAlchemy reports as a warning on every submission; the rows are committed below.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=SAWarning)
        target.update_or_create_student(student, first_name=person.first_name,
                                        last_name=person.last_name, email=person.email,
                                        lms_user_id=person.lms_user_id)
        copy = target.update_or_create_submission(assignment, student,
                                                  timestamp=submitted.timestamp,
                                                  extension=submitted.extension)
        for notebook in submitted.notebooks:
            into = target.find_submission_notebook(notebook.name, assignment, student)
            into.flagged = bool(notebook.flagged or notebook.name in flagged)
            into.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                new = target.find_grade(grade.name, notebook.name, assignment, student)
                new.auto_score = grade.auto_score
                new.manual_score = grade.manual_score
                new.extra_credit = grade.extra_credit
                new.needs_manual_grade = grade.needs_manual_grade
            for comment in notebook.comments:
                new = target.find_comment(comment.name, notebook.name, assignment, student)
                new.auto_comment = comment.auto_comment
                new.manual_comment = comment.manual_comment
        target.db.add(copy)
        target.db.commit()
    return True


def _merge(assignment: str, worker: WorkerResult, target_db: Path, course: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{worker.root / 'gradebook.db'}") as source, \
            Gradebook(f"sqlite:///{target_db}") as target:
        for student in worker.students:
            if not copy_submission(source, target, assignment, student):
                continue  # nbgrader skipped it (and said why in its log)
            destination = course / "autograded" / student / assignment
            if destination.exists():
                shutil.rmtree(destination)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(worker.root / "autograded" / student / assignment, destination)


def autograde_in_parallel(course: Path, assignment: str, workers: int | None = None,
                          timeout: float | None = None, log=print) -> dict[str, float]:
    """Autograde every submission of ``assignment`` with ``workers`` processes.

    Returns the seconds each worker took. The gradebook is backed up to
    ``gradebook.db.before-parallel-autograde`` first.
    """
    course = Path(course).resolve()
    submitted = course / "submitted"
    students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    if not students:
        raise ParallelAutogradeError(f"No submissions of {assignment!r} in {submitted}.")
    database = _sqlite_path(course)
    if not database.is_file():
        raise ParallelAutogradeError(
            f"No gradebook at {database}: run `nbgrader generate_assignment {assignment}` first.")
    backup = database.with_name(database.name + ".before-parallel-autograde")
    shutil.copy2(database, backup)
    groups = shard(students, workers or os.cpu_count() or 1)
    log(f"autograding {len(students)} submissions of {assignment} with {len(groups)} workers "
        f"(gradebook backed up to {backup.name})")
    with tempfile.TemporaryDirectory(prefix="parallel-autograde-") as tmp:
        with ThreadPoolExecutor(len(groups)) as pool:  # threads wait; the work is in processes
            futures = [pool.submit(_run_worker, course, assignment, group,
                                   Path(tmp) / f"worker-{i}", timeout)
                       for i, group in enumerate(groups)]
            results = [f.result() for f in futures]
        for result in results:
            _merge(assignment, result, database, course)
    return {f"worker-{i}": r.seconds for i, r in enumerate(results)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: the number of cores)")
    parser.add_argument("--course", type=Path, default=Path.cwd(),
                        help="the course folder (default: the current folder)")
    args = parser.parse_args(argv)
    try:
        seconds = autograde_in_parallel(args.course, args.assignment, args.workers)
    except ParallelAutogradeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for worker, value in seconds.items():
        print(f"{worker}: {value:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
