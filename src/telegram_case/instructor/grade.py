"""``telegram-case grade``: autograde a class on every core, with progress, logs and a report.

Each student is graded by the call behind the formgrader's *Autograde* button, with the
configuration nbgrader loads, in worker processes; with SQLite each worker grades against
its own copy of the gradebook and this process writes each graded student into the real
one (backed up first), so a grading that fails leaves it as it was.
"""

from __future__ import annotations

import csv
import itertools
import logging
import os
import re
import signal
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
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
    interrupted: bool = False

    @property
    def isolated(self) -> bool:
        """Did every kernel run under bubblewrap?"""
        return all(r.isolated for r in self.results if r.isolated is not None)

    @property
    def exit_code(self) -> int:
        """0 when every student was graded without findings to review, 130 after Ctrl-C,
        else 2."""
        if self.interrupted:
            return 130
        return 0 if all(r.status == GRADED for r in self.results) else 2

    def result(self, student: str) -> Result:
        return next(r for r in self.results if r.student == student)


def _start_worker(course: str, options: list[str], real_db: str | None, scratch: str) -> None:
    """A worker loads the configuration once; with SQLite it grades against its own copy.
    Ctrl-C is for the parent, which stops the class; a worker finishes its student."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def _students(course_dir, config, assignment: str, students) -> list[str]:
    """The students to grade; stops, before anything is written, when the gradebook lacks
    ``assignment`` or a named student has no submission."""
    gradebook.require_assignment(course_dir.db_url, assignment)
    everyone = NbGraderAPI(course_dir, config=config).get_submitted_students(assignment)
    if not everyone or set(students or []) - everyone:
        where = Path(course_dir.root) / course_dir.submitted_directory
        who = ", ".join(sorted(set(students or []) - everyone)) or "anyone"
        raise ValueError(f"no submission of {assignment} in {where} from {who}")
    return sorted(set(students or everyone))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def grade_class(
    course: Path, assignment: str, options=(), students=None, workers=None, console=None
) -> Report:
    """Autograde ``students`` (default: every submission) of ``assignment`` in ``course``.

    ``options`` are nbgrader options (``--Class.trait=value``), ``workers`` the worker
    processes (default: the cores), ``console`` where the progress goes. Raises
    ``ValueError`` when there is nothing to grade or a named student has no submission.
    After Ctrl-C the students graded so far are in the gradebook and the report.
    """
    console, started, options = console or Console(), time.perf_counter(), list(options)
    config, course_dir = load_config(Path(course), options)
    names = _students(course_dir, config, assignment, students)
    database = gradebook.sqlite_file(course_dir.db_url)
    backup = gradebook.backup(database, f"grade-{assignment}") if database else None
    folder = Path(course_dir.root) / "reports" / assignment
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    logs = {student: _log_file(folder, student) for student in names}
    args = (str(Path(course).resolve()), options, database and str(database))
    results = _run(args, course_dir, assignment, logs, workers, console)
    report = Report(assignment, results, time.perf_counter() - started, backup)
    report.interrupted = len(results) < len(logs)
    report.files = write_report(report, folder)
    counts = [sum(r.status == s for r in results) for s in (GRADED, REVIEW, NOT_GRADED)]
    summary = (
        f"{assignment}: {_count(len(results), 'student')} in {report.seconds:.0f} s: "
        f"{counts[0]} graded, {counts[1]} to review, {counts[2]} not graded. "
        f"Report: {report.files['md']}"
    )
    if report.interrupted:
        summary = (
            f"interrupted: {len(results)} of {len(logs)} graded and written; "
            f"gradebook backup at {backup or 'none (not SQLite)'}. Report: {report.files['md']}"
        )
    console.print(summary, soft_wrap=True)
    if not report.isolated:
        console.print(
            "[bold red]Kernels ran WITHOUT isolation[/]: bubblewrap is missing, so "
            "student code could read the solutions and the gradebook.",
            soft_wrap=True,
        )
    return report


def _log_file(folder: Path, student: str) -> Path:
    """Where ``student``'s grading log is in the report ``folder`` (the id made safe as a
    file name)."""
    return folder / "logs" / f"{re.sub(r'[^A-Za-z0-9_.@-]', '_', student)}.log"


def _run(args: tuple, course_dir, assignment: str, logs: dict, workers, console) -> list:
    """Grade the students of ``logs`` in worker processes, with the progress display. A
    student is handed to a worker only when one is free, so after Ctrl-C the students being
    graded are finished and written, and the others not started."""
    results, running, waiting = {}, {}, iter(logs.items())
    workers = max(1, min(workers or os.cpu_count() or 1, len(logs)))
    columns = (*Progress.get_default_columns(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        tempfile.TemporaryDirectory(prefix="tcg-") as scratch,  # hidden: its gradebook copy
        ProcessPoolExecutor(workers, get_context("spawn"), _start_worker, (*args, scratch)) as pool,
        Progress(*columns, console=console) as progress,
    ):
        task = progress.add_task(f"grading {assignment}", total=len(logs))

        def start() -> None:
            for student, log in itertools.islice(waiting, workers - len(running)):
                running[pool.submit(_grade_student, assignment, student, str(log))] = student

        def collect(future) -> None:
            student = running[future]
            result = _collected(future, course_dir, assignment, student, logs[student])
            results[student] = result
            del running[future]
            score = f", {result.score:g}/{result.max_score:g}" if result.score is not None else ""
            progress.console.print(f"{student}: {result.status}{score}")
            progress.advance(task)

        try:
            start()
            while running:
                for future in wait(running, return_when=FIRST_COMPLETED).done:
                    collect(future)
                start()
        except KeyboardInterrupt:
            progress.console.print("interrupted: finishing the students being graded")
            for future in as_completed(list(running)):
                collect(future)
    return [results[student] for student in logs if student in results]


def _collected(future, course_dir, assignment: str, student: str, log: Path) -> Result:
    """The result of one worker's grading, written into the real gradebook."""
    try:
        success, record = future.result()
    except Exception as error:  # a worker died: the student is not graded
        success, record = False, None
        log.write_text(f"worker failed: {error!r}\n")
    if record is not None:
        gradebook.apply_record(course_dir.db_url, record)
    result = _result(course_dir, assignment, student, success)
    result.log = log
    return result


def _earlier(folder: Path, skip: set[str]) -> list[Result]:
    """The results an earlier ``report.csv`` in ``folder`` has for students not in ``skip``
    (a regrade of some students keeps the others' rows)."""
    results: dict[str, Result] = {}
    if not (folder / "report.csv").is_file():
        return []
    with open(folder / "report.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            student = row["student"]
            if student in skip:
                continue
            if student not in results:  # its first row: status, scores and log
                score, top = (float(row[k]) if row[k] else None for k in ("score", "max_score"))
                log = _log_file(folder, student)
                log = log if log.is_file() else None
                results[student] = Result(student, row["status"], score, top, log=log)
            if row["severity"]:
                finding = Finding(*(row[k] for k in Finding.__annotations__))
                results[student].findings.append(finding)
    return list(results.values())


def write_report(report: Report, folder: Path) -> dict[str, Path]:
    """``report.md`` (to read) and ``report.csv`` (one row per finding) in ``folder``, with
    the rows an earlier report there has for students not graded this time."""
    results = sorted(
        [*_earlier(folder, {r.student for r in report.results}), *report.results],
        key=lambda r: r.student,
    )
    isolation = "bubblewrap" if report.isolated else "NONE (unisolated run: see the logs)"
    lines = [
        f"# Grading report: {report.assignment}\n",
        f"{_count(len(results), 'student')}; the last run graded "
        f"{_count(len(report.results), 'student')} in {report.seconds:.0f} s"
        f"{' (interrupted)' if report.interrupted else ''}. Kernel isolation: {isolation}. "
        f"Gradebook backup: {report.backup or 'none (not SQLite)'}.\n",
        "| student | status | score | reasons | log |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        score = "" if r.score is None else f"{r.score:g} / {r.max_score:g}"
        row = [r.student, r.status, score, r.reason, r.log.name if r.log else ""]
        row = [cell.replace("|", "\\|").replace("\n", " ") for cell in row]
        lines.append(f"| {' | '.join(row)} |")
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(folder / "report.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "score", "max_score", *Finding.__annotations__])
        for r in results:
            for finding in r.findings or [Finding("", "", r.reason)]:
                writer.writerow([r.student, r.status, r.score, r.max_score, *astuple(finding)])
    return {"md": folder / "report.md", "csv": folder / "report.csv"}
