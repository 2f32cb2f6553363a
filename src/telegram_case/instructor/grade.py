"""``telegram-case grade``: autograde a class on every core, with progress, logs and a report.

Each student is graded by the call behind the formgrader's *Autograde* button, with the
configuration nbgrader loads, in worker processes; with SQLite each worker grades against
its own copy of the gradebook and this process writes each graded student into the real
one (backed up first), so a grading that fails leaves it as it was.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import astuple, dataclass, field
from multiprocessing import get_context
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

from . import gradebook
from .checks import ERROR, FLAG, METADATA_KEY, Finding, findings
from .config import load_config

__all__ = ["GRADED", "NOT_GRADED", "REVIEW", "Report", "Result", "grade_class"]

GRADED, REVIEW, NOT_GRADED = "graded", "review", "not graded"
_WORKER: dict = {}


@dataclass
class Result:
    """One student's grading: status, score, the findings behind it, and its log."""

    student: str
    status: str = NOT_GRADED
    score: float | None = None
    max_score: float | None = None
    findings: list[Finding] = field(default_factory=list)
    isolated: bool | None = None
    log: Path | None = None

    @property
    def reason(self) -> str:
        """The findings that need a look, or why the student was not graded."""
        shown = [f for f in self.findings if f.severity in (ERROR, FLAG)]
        text = " | ".join(f"{f.cell + ': ' if f.cell else ''}{f.message}" for f in shown)
        return text or ("ok" if self.status != NOT_GRADED else "nbgrader failed: see the log")


@dataclass
class Report:
    """The class's grading: one :class:`Result` per student, and the report's files."""

    assignment: str
    results: list[Result]
    seconds: float
    backup: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def isolated(self) -> bool:
        """Did every kernel run under bubblewrap?"""
        return all(r.isolated for r in self.results if r.isolated is not None)

    @property
    def exit_code(self) -> int:
        """0 when every student was graded without findings to review, else 2."""
        return 0 if all(r.status == GRADED for r in self.results) else 2

    def result(self, student: str) -> Result:
        return next(r for r in self.results if r.student == student)


def _start_worker(course: str, options: list[str], real_db: str | None, scratch: str) -> None:
    """A worker loads the configuration once; with SQLite it grades against its own copy."""
    os.chdir(course)
    with open(Path(scratch) / f"worker-{os.getpid()}.err", "ab") as err:
        os.dup2(err.fileno(), 2)  # nbgrader's and SQLAlchemy's warnings: not on the display
    config, coursedir = load_config(Path(course), options)
    if real_db:
        copy = Path(scratch) / f"gradebook-{os.getpid()}.db"
        gradebook.copy_sqlite(Path(real_db), copy)
        coursedir.db_url = config.CourseDirectory.db_url = f"sqlite:///{copy}"
        hide = config.SandboxedKernelManager.get("hide", [])
        config.SandboxedKernelManager.hide = [*hide, str(Path(real_db).parent)]
    log = logging.getLogger(f"telegram_case.grade.{os.getpid()}")
    log.propagate, log.level = False, logging.INFO
    api = NbGraderAPI(coursedir, config=config, log=log)
    _WORKER.update(api=api, db_url=coursedir.db_url, merge=real_db is not None)


def _grade_student(assignment: str, student: str, log: str) -> tuple[bool, dict | None]:
    """Grade one student as the formgrader's button does: (success, gradebook record)."""
    outcome = _WORKER["api"].autograde(assignment, student)
    Path(log).write_text(outcome.get("log", "") + outcome.get("error", ""), encoding="utf-8")
    if not (outcome["success"] and _WORKER["merge"]):
        return outcome["success"], None
    return True, gradebook.submission_record(_WORKER["db_url"], assignment, student)


def _result(course_dir, assignment: str, student: str, success: bool) -> Result:
    """What grading gave ``student``: from the gradebook and the autograded notebooks."""
    result = Result(student)
    folder = course_dir.format_path(course_dir.autograded_directory, student, assignment)
    notebooks = [nbformat.read(p, as_version=4) for p in sorted(Path(folder).glob("*.ipynb"))]
    if not (success and notebooks):
        return result
    result.findings = [finding for notebook in notebooks for finding in findings(notebook)]
    result.isolated = all(nb.metadata.get(METADATA_KEY, {}).get("isolated") for nb in notebooks)
    with Gradebook(course_dir.db_url) as book:
        submission = book.find_submission(assignment, student)
        result.score, result.max_score = submission.score, submission.max_score
        flagged = any(notebook.flagged for notebook in submission.notebooks)
    review = flagged or any(f.severity in (ERROR, FLAG) for f in result.findings)
    result.status = REVIEW if review else GRADED
    return result


def grade_class(
    course: Path, assignment: str, options=(), students=None, workers=None, console=None
) -> Report:
    """Autograde ``students`` (default: every submission) of ``assignment`` in ``course``.

    ``options`` are nbgrader options (``--Class.trait=value``), ``workers`` the worker
    processes (default: the cores), ``console`` where the progress goes. Raises
    ``ValueError`` when there is nothing to grade or a named student has no submission.
    """
    console, started, options = console or Console(), time.perf_counter(), list(options)
    config, course_dir = load_config(Path(course), options)
    everyone = NbGraderAPI(course_dir, config=config).get_submitted_students(assignment)
    if not everyone or set(students or []) - everyone:
        where = Path(course_dir.root) / course_dir.submitted_directory
        raise ValueError(f"no submission of {assignment} in {where} from {students or 'anyone'}")
    database = gradebook.sqlite_file(course_dir.db_url)
    if database is not None and not database.is_file():
        raise ValueError(f"no gradebook at {database}: generate {assignment} first")
    backup = gradebook.backup(database, f"grade-{assignment}") if database else None
    folder = Path(course_dir.root) / "reports" / assignment
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    names = {s: re.sub(r"[^A-Za-z0-9_.@-]", "_", s) for s in sorted(set(students or everyone))}
    logs = {student: folder / "logs" / f"{name}.log" for student, name in names.items()}
    args = (str(Path(course).resolve()), options, database and str(database))
    results = _run(args, course_dir, assignment, logs, workers, console)
    report = Report(assignment, results, time.perf_counter() - started, backup)
    report.files = write_report(report, folder)
    counts = [sum(r.status == s for r in results) for s in (GRADED, REVIEW, NOT_GRADED)]
    console.print(
        f"{assignment}: {len(results)} students in {report.seconds:.0f} s: {counts[0]} "
        f"graded, {counts[1]} to review, {counts[2]} not graded. Report: "
        f"{report.files['md']}"
    )
    if not report.isolated:
        console.print(
            "[bold red]Kernels ran WITHOUT isolation[/]: bubblewrap is missing, so "
            "student code could read the solutions and the gradebook."
        )
    return report


def _run(args: tuple, course_dir, assignment: str, logs: dict, workers, console) -> list:
    """Grade the students of ``logs`` in worker processes, with the progress display."""
    results = {}
    workers = max(1, min(workers or os.cpu_count() or 1, len(logs)))
    columns = (*Progress.get_default_columns(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        tempfile.TemporaryDirectory(prefix="tcg-") as scratch,  # hidden: its gradebook copy
        ProcessPoolExecutor(workers, get_context("spawn"), _start_worker, (*args, scratch)) as pool,
        Progress(*columns, console=console) as progress,
    ):
        task = progress.add_task(f"grading {assignment}", total=len(logs))
        futures = {pool.submit(_grade_student, assignment, s, str(p)): s for s, p in logs.items()}
        for future in as_completed(futures):
            student = futures[future]
            try:
                success, record = future.result()
            except Exception as error:  # a worker died: the student is not graded
                success, record = False, None
                logs[student].write_text(f"worker failed: {error!r}\n")
            if record is not None:
                gradebook.apply_record(course_dir.db_url, record)
            results[student] = result = _result(course_dir, assignment, student, success)
            result.log = logs[student]
            score = f", {result.score:g}/{result.max_score:g}" if result.score is not None else ""
            progress.console.print(f"{student}: {result.status}{score}")
            progress.advance(task)
    return [results[student] for student in logs]


def write_report(report: Report, folder: Path) -> dict[str, Path]:
    """``report.md`` (to read) and ``report.csv`` (one row per finding) in ``folder``."""
    isolation = "bubblewrap" if report.isolated else "NONE (unisolated run: see the logs)"
    lines = [
        f"# Grading report: {report.assignment}\n",
        f"{len(report.results)} students in {report.seconds:.0f} s. Kernel isolation: "
        f"{isolation}. Gradebook backup: {report.backup or 'none (not SQLite)'}.\n",
        "| student | status | score | reasons | log |",
        "|---|---|---|---|---|",
    ]
    for r in report.results:
        score = "" if r.score is None else f"{r.score:g} / {r.max_score:g}"
        row = [r.student, r.status, score, r.reason, r.log.name if r.log else ""]
        row = [cell.replace("|", "\\|").replace("\n", " ") for cell in row]
        lines.append(f"| {' | '.join(row)} |")
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(folder / "report.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "score", "max_score", *Finding.__annotations__])
        for r in report.results:
            for finding in r.findings or [Finding("", "", "ok")]:
                writer.writerow([r.student, r.status, r.score, r.max_score, *astuple(finding)])
    return {"md": folder / "report.md", "csv": folder / "report.csv"}
