"""Autograde a class so that no submission can inflate its score, stop the batch or leak.

``nbgrader autograde`` trusts what it is given: one broken notebook or a
malformed ``timestamp.txt`` stops the whole batch, a ``pandas.py`` next to a
notebook replaces the library the checks run on, student code runs with the
instructor's rights next to the solutions and the gradebook, and a half-graded
submission stays in the gradebook. This command wraps it:

1. backs up the gradebook (``gradebook.db.before-safe-grade-<time>``);
2. checks every submission's files (student id, notebook names, UTF-8, JSON,
   nbformat 4, ``timestamp.txt``, links, extra files) and its cells against the
   gradebook (edited, deleted, duplicated or re-labelled grade cells; code that
   patches the checks); a submission that cannot be graded is reported and left
   out, never passed to nbgrader;
3. grades each student in a scratch course of its own, with a copy of the
   gradebook, only the expected notebooks, and (where bubblewrap works) a
   sandboxed kernel that cannot see the course, the gradebook, the exchange or
   the network; a per-cell time limit interrupts, a per-student time limit
   kills; outputs are clipped;
4. checks that the notebook nbgrader ran has the instructor's test cells,
   merges the grades of the students that were graded into the gradebook,
   flags the ones that need a human look, and compares the gradebook with the
   backup: the other students and assignments must be untouched;
5. writes ``reports/safe-grade-<assignment>.{md,csv,json}``: every student and
   notebook with its status and the reasons.

Usage (from the course folder, like nbgrader)::

    python -m telegram_case.instructor.safe_grade 01-founding-story
    python -m telegram_case.instructor.safe_grade 01-founding-story --cell-timeout 30 --workers 4

Exit status: 0 all graded and clean; 2 some submissions were not graded or
are flagged for review (see the report); 1 the gradebook is inconsistent or the
command could not run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from . import integrity, sandbox
from .integrity import ERROR, FLAG, NOTE, Finding

__all__ = [
    "GRADED",
    "NOT_GRADED",
    "REVIEW",
    "Options",
    "Report",
    "SafeGradeError",
    "compare_gradebooks",
    "gradebook_snapshot",
    "safe_grade",
]

GRADED, REVIEW, NOT_GRADED = "graded", "graded, review", "not graded"


class SafeGradeError(RuntimeError):
    """The command could not run at all (no gradebook, unknown assignment...)."""


@dataclass
class Options:
    workers: int = max(1, os.cpu_count() or 1)
    cell_timeout: int | None = None
    """Seconds per cell before an interrupt (default: the course's ``Execute.timeout``)."""
    student_timeout: float = 900.0
    """Seconds for one student's whole run before it is killed."""
    sandbox: str = "auto"
    """"auto" (use bubblewrap where it works), "on" (required) or "off"."""
    max_output_chars: int = 100_000
    max_notebook_bytes: int = integrity.MAX_NOTEBOOK_BYTES
    hide: list[Path] = field(default_factory=list)
    """More paths the kernel must not see."""
    report_dir: Path | None = None
    keep_scratch: bool = False


@dataclass
class Row:
    student: str
    notebook: str
    status: str
    score: float | None = None
    max_score: float | None = None
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reason(self) -> str:
        important = [f for f in self.findings if f.severity in (ERROR, FLAG)]
        shown = important or [f for f in self.findings if f.severity == NOTE]
        return " | ".join(f"{f.cell + ': ' if f.cell else ''}{f.message}" for f in shown) or "ok"

    def as_dict(self) -> dict:
        return {"student": self.student, "notebook": self.notebook, "status": self.status,
                "score": self.score, "max_score": self.max_score, "reason": self.reason,
                "seconds": round(self.seconds, 1),
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class Report:
    assignment: str
    rows: list[Row]
    backup: Path
    sandboxed: bool
    problems: list[str]
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)

    def row(self, student: str, notebook: str | None = None) -> Row:
        for row in self.rows:
            if row.student == student and (notebook is None or row.notebook == notebook):
                return row
        raise KeyError(f"no report row for {student!r} {notebook or ''}")

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 1
        return 0 if all(r.status == GRADED for r in self.rows) else 2

    def markdown(self) -> str:
        counts = {s: sum(r.status == s for r in self.rows) for s in (GRADED, REVIEW, NOT_GRADED)}
        lines = [f"# Safe autograde of {self.assignment}", "",
                 f"{len(self.rows)} notebook submissions in {self.seconds:.0f} s: "
                 f"{counts[GRADED]} graded, {counts[REVIEW]} graded but flagged for review, "
                 f"{counts[NOT_GRADED]} not graded. Kernel sandbox: "
                 f"{'bubblewrap' if self.sandboxed else 'off'}. "
                 f"Gradebook backup: `{self.backup.name}`.", ""]
        if self.problems:
            lines += ["**The gradebook is not consistent with its backup:**", ""]
            lines += [f"- {p}" for p in self.problems] + [""]
        else:
            lines += ["The gradebook is consistent with its backup (only the graded "
                      "submissions changed).", ""]
        lines += ["| student | notebook | status | score | reason |", "|---|---|---|---|---|"]
        for row in self.rows:
            score = "" if row.score is None else f"{row.score:g} / {row.max_score:g}"
            reason = row.reason.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {_md(row.student)} | {row.notebook} | {row.status} | {score} | "
                         f"{reason} |")
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return repr(text)[1:-1].replace("|", "\\|") if not integrity.safe_student_id(text) else text


# --- the gradebook ------------------------------------------------------------------------------


def _sqlite_path(course: Path) -> Path:
    url = os.environ.get("TELEGRAM_CASE_DB_URL", f"sqlite:///{course / 'gradebook.db'}")
    if not url.startswith("sqlite:///"):
        raise SafeGradeError(
            f"safe_grade grades each student against a copy of a SQLite gradebook; the "
            f"gradebook is {url!r}. Export it to SQLite or grade with `nbgrader autograde`.")
    return Path(url.removeprefix("sqlite:///"))


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database, even while something else reads it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # the context managers commit but do not close
    src.close()
    dst.close()


def gradebook_snapshot(db_url: str) -> dict:
    """Everything grading may change or must not change, as plain comparable data."""
    from nbgrader.api import Gradebook

    structure, students, grades, flags = {}, {}, {}, {}
    with Gradebook(db_url) as gradebook:
        for student in gradebook.students:
            students[student.id] = (student.first_name, student.last_name, student.email)
        for assignment in gradebook.assignments:
            notebooks = {}
            for notebook in assignment.notebooks:
                notebooks[notebook.name] = (
                    notebook.kernelspec,
                    tuple(sorted((c.name, c.cell_type, bool(c.locked), c.checksum, c.source)
                                 for c in notebook.source_cells)),
                    tuple(sorted((c.name, float(c.max_score), c.cell_type)
                                 for c in notebook.grade_cells)),
                    tuple(sorted(c.name for c in notebook.solution_cells)))
            structure[assignment.name] = (str(assignment.duedate), notebooks)
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    key = (assignment.name, submission.student.id, notebook.name)
                    flags[key] = bool(notebook.flagged)
                    for grade in notebook.grades:
                        grades[(*key, grade.name)] = (
                            grade.auto_score, grade.manual_score, grade.extra_credit,
                            bool(grade.needs_manual_grade), float(grade.max_score))
    return {"structure": structure, "students": students, "grades": grades, "flags": flags}


def compare_gradebooks(before: dict, after: dict, assignment: str,
                       graded: set[str]) -> list[str]:
    """What changed that grading ``graded`` students of ``assignment`` must not change."""
    problems = []
    if before["structure"] != after["structure"]:
        changed = sorted(name for name in set(before["structure"]) | set(after["structure"])
                         if before["structure"].get(name) != after["structure"].get(name))
        problems.append(f"the definition of assignment(s) {changed} changed (cells, points or "
                        "checksums)")
    for student, names in before["students"].items():
        if student not in after["students"]:
            problems.append(f"student {student!r} disappeared")
        elif after["students"][student] != names:
            problems.append(f"student {student!r} was renamed")
    mine = lambda key: key[0] == assignment and key[1] in graded  # noqa: E731
    for key, value in before["grades"].items():
        if not mine(key) and after["grades"].get(key) != value:
            problems.append(f"grade {key} changed from {value} to {after['grades'].get(key)}")
    for key in after["grades"]:
        if not mine(key) and key not in before["grades"]:
            problems.append(f"grade {key} appeared although that student was not graded")
    cells = {}
    for name, (_, notebooks) in after["structure"].items():
        for notebook, (_, _, grade_cells, _) in notebooks.items():
            cells[(name, notebook)] = {c[0]: c[1] for c in grade_cells}
    for student in graded:
        for (name, notebook), wanted in cells.items():
            if name != assignment:
                continue
            for cell, maximum in wanted.items():
                value = after["grades"].get((name, student, notebook, cell))
                if value is None:
                    problems.append(f"{student}: no grade for {notebook} {cell}")
                    continue
                auto = value[0]
                if auto is not None and not 0 <= auto <= maximum:
                    problems.append(f"{student}: {notebook} {cell} scored {auto} of {maximum}")
    return problems


def _merge(scratch_db: Path, target_db: Path, assignment: str, student: str,
           flagged: set[str]) -> None:
    from nbgrader.api import Gradebook

    from .parallel import copy_submission

    with Gradebook(f"sqlite:///{scratch_db}") as source, \
            Gradebook(f"sqlite:///{target_db}") as target:
        if not copy_submission(source, target, assignment, student, flagged):
            raise LookupError(f"{student}: no graded submission of {assignment}")


def _scores(scratch_db: Path, assignment: str, student: str) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{scratch_db}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            grades = [(g.name, g.auto_score, float(g.max_score)) for g in notebook.grades]
            out[notebook.name] = grades
    return out


# --- one student -----------------------------------------------------------------------------


@dataclass
class _Context:
    course: Path
    assignment: str
    options: Options
    references: dict
    backup: Path
    tmp: Path
    sandboxed: bool
    config_text: str
    hide: list[Path]
    mpl_cache: Path | None


@dataclass
class _Result:
    student: str
    rows: list[Row]
    scratch: Path | None = None
    graded: bool = False


_LOG_REASONS = (
    (re.compile(r"Timeout waiting for IOPub output|CellTimeoutError"),
     "a cell ran past the {timeout} s limit and did not stop when interrupted (a loop that "
     "catches KeyboardInterrupt?); the notebook was not graded"),
    (re.compile(r"DeadKernelError|Kernel died"),
     "the kernel died while running the notebook (os._exit(), a crash or the memory limit); "
     "the notebook was not graded"),
    (re.compile(r"Kernel didn't respond|RuntimeError: Kernel died before replying"),
     "the kernel did not start"),
    (re.compile(r"Notebook failed to validate|ValidationError"),
     "nbgrader could not validate the notebook's metadata"),
)


def _classify(log: str, timeout) -> str:
    for pattern, reason in _LOG_REASONS:
        if pattern.search(log):
            return reason.format(timeout=timeout)
    errors = [line for line in log.splitlines() if "| ERROR]" in line or "Error:" in line]
    last = errors[-1].split("]", 1)[-1].strip() if errors else log.strip().splitlines()[-1:]
    return f"nbgrader failed: {last}"[:500]


def _read_log(path: Path, limit: int = 8 * 1024 * 1024) -> str:
    size = path.stat().st_size if path.exists() else 0
    with open(path, "rb") if size else io.BytesIO() as handle:
        if size <= limit:
            data = handle.read()
        else:
            head = handle.read(limit // 2)
            handle.seek(size - limit // 2)
            data = head + b"\n[... log cut ...]\n" + handle.read()
    return data.decode("utf-8", errors="replace")


def _config_extras(ctx: _Context, ipc: Path) -> str:
    """Lines appended to the scratch copy of the course's nbgrader_config.py."""
    lines = ["", "# --- added by telegram_case.instructor.safe_grade (scratch copy only) ---",
             "def _safe_grade_pipeline(c):",
             "    from nbgrader.converters.autograde import Autograde",
             "    if 'autograde_preprocessors' in c.Autograde:",
             "        names = list(c.Autograde.autograde_preprocessors)",
             "    else:",
             "        names = Autograde.class_traits()['autograde_preprocessors'].default()",
             "    out = []",
             "    for item in names:",
             "        out.append(item)",
             "        name = item if isinstance(item, str) else item.__name__",
             "        if name.rsplit('.', 1)[-1] == 'LimitOutput':",
             "            out.append('telegram_case.instructor.preprocessors.ClipOutput')",
             "    c.Autograde.autograde_preprocessors = out",
             "_safe_grade_pipeline(c)",
             f"c.ClipOutput.max_chars = {ctx.options.max_output_chars}",
             "c.Execute.interrupt_on_timeout = True",
             "c.Execute.startup_timeout = 120"]
    if ctx.options.cell_timeout:
        lines.append(f"c.Execute.timeout = {int(ctx.options.cell_timeout)}")
    if ctx.sandboxed:
        lines += [f"c.Execute.kernel_name = {sandbox.KERNEL_NAME!r}",
                  'c.KernelManager.transport = "ipc"',
                  f"c.KernelManager.ip = {str(ipc / 'k')!r}"]
    return "\n".join(lines) + "\n"


def _stage(ctx: _Context, index: int, student: str, notebooks: dict, timestamp: Path | None):
    root = ctx.tmp / f"s{index:04d}"
    folder = root / "submitted" / student / ctx.assignment
    folder.mkdir(parents=True)
    for name, notebook in notebooks.items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
    if timestamp is not None:
        shutil.copyfile(timestamp, folder / "timestamp.txt")
    (root / "source").symlink_to(ctx.course / "source", target_is_directory=True)
    (root / "autograded").mkdir()
    ipc = root / "ipc"
    ipc.mkdir()
    mpl = ipc / "mpl"
    mpl.mkdir()
    if ctx.mpl_cache and ctx.mpl_cache.is_dir():
        for item in ctx.mpl_cache.glob("fontlist*.json"):
            shutil.copy2(item, mpl / item.name)
    (root / "nbgrader_config.py").write_text(ctx.config_text + _config_extras(ctx, ipc))
    _copy_sqlite(ctx.backup, root / "gradebook.db")
    env = dict(os.environ)
    env["TELEGRAM_CASE_DB_URL"] = f"sqlite:///{root / 'gradebook.db'}"
    env["JUPYTER_RUNTIME_DIR"] = str(ipc)
    env["TMPDIR"] = str(ipc)  # jupyter_client writes the kernel's connection file here
    env["MPLCONFIGDIR"] = str(mpl)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    if ctx.sandboxed:
        jupyter = root / "jupyter"
        cache = os.environ.get("TELEGRAM_CASE_CACHE")
        policy = sandbox.SandboxPolicy(
            hide=[*ctx.hide, root],
            writable=[root / "autograded", ipc],
            readable=[Path(cache)] if cache and Path(cache).is_dir() else [])
        sandbox.write_kernelspec(jupyter, policy)
        env["JUPYTER_PATH"] = os.pathsep.join([str(jupyter), env.get("JUPYTER_PATH", "")])
    return root, env


def _grade_student(ctx: _Context, index: int, student: str) -> _Result:
    start = time.perf_counter()
    folder = ctx.course / "submitted" / student / ctx.assignment
    expected = sorted(ctx.references)
    findings, notebooks, timestamp = integrity.check_folder(folder, expected, student)
    general = [f for f in findings if not f.notebook.endswith(".ipynb")]
    rows = {name: Row(student, f"{name}.ipynb", NOT_GRADED,
                      findings=[*general, *[f for f in findings
                                            if f.notebook == f"{name}.ipynb"]])
            for name in expected}
    if any(f.severity == ERROR for f in general) or not notebooks:
        for row in rows.values():
            row.seconds = time.perf_counter() - start
        return _Result(student, list(rows.values()))
    for name, notebook in notebooks.items():
        ref = ctx.references[name]
        rows[name].findings += integrity.check_notebook(notebook, ref)
        integrity.repair_metadata(notebook, ref)
    root, env = _stage(ctx, index, student, notebooks, timestamp)
    log_path = root / "nbgrader.log"
    timed_out = False
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "nbgrader", "autograde", ctx.assignment, "--force"],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        try:
            process.wait(timeout=ctx.options.student_timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    text = _read_log(log_path)
    audit = sandbox.parse_audit_log(text)
    graded_dir = root / "autograded" / student / ctx.assignment
    result = _Result(student, [], root)
    timeout = ctx.options.cell_timeout or "course's"
    for name in expected:
        row = rows[name]
        result.rows.append(row)
        if name not in notebooks:
            continue
        if audit:
            events = sorted({r.get("event", "?") for r in audit})
            examples = "; ".join(f"{r.get('event')} {' '.join(r.get('args', []))[:80]} "
                                 f"(`{r.get('line', '')[:60]}`)" for r in audit[:5])
            row.findings.append(Finding(FLAG, "audit", f"while grading, student code did "
                                        f"{', '.join(events)}: {examples}", row.notebook))
        if "Timeout waiting for execute reply" in text and not re.search(
                r"Timeout waiting for IOPub output|CellTimeoutError", text):
            row.findings.append(Finding(FLAG, "cell-timeout", f"a cell ran past the {timeout} s "
                                        "limit and was interrupted; later cells ran.",
                                        row.notebook))
        path = graded_dir / f"{name}.ipynb"
        if timed_out:
            row.findings.append(Finding(ERROR, "student-timeout", "grading took longer than "
                                        f"{ctx.options.student_timeout:.0f} s and was stopped; "
                                        "the notebook was not graded.", row.notebook))
            continue
        if process.returncode != 0 or not path.is_file():
            row.findings.append(Finding(ERROR, "nbgrader", _classify(text, timeout),
                                        row.notebook))
            continue
        try:
            graded_notebook = nbformat.read(path, as_version=4)
        except Exception as error:
            row.findings.append(Finding(ERROR, "unreadable-result", f"the autograded notebook "
                                        f"cannot be read: {error}", row.notebook))
            continue
        row.findings += integrity.check_autograded(graded_notebook, ctx.references[name])
        row.status = GRADED
    if any(r.status != NOT_GRADED for r in result.rows):
        try:
            scores = _scores(root / "gradebook.db", ctx.assignment, student)
        except Exception as error:
            for row in result.rows:
                if row.status != NOT_GRADED:
                    row.status = NOT_GRADED
                    row.findings.append(Finding(ERROR, "no-grades", f"nbgrader wrote no grades "
                                                f"({error}).", row.notebook))
        else:
            for row in result.rows:
                if row.status == NOT_GRADED:
                    continue
                grades = scores.get(row.notebook.removesuffix(".ipynb"), [])
                row.score = sum(s or 0 for _, s, _ in grades)
                row.max_score = sum(m for _, _, m in grades)
                for grade_name, score, maximum in grades:
                    if score is not None and not 0 <= score <= maximum:
                        row.findings.append(Finding(FLAG, "score-out-of-range", f"scored {score} "
                                                    f"of {maximum}", row.notebook, grade_name))
            result.graded = True
    for row in result.rows:
        if row.status == GRADED and any(f.severity in (FLAG, ERROR) for f in row.findings):
            row.status = REVIEW
        row.seconds = time.perf_counter() - start
    return result


# --- the batch -----------------------------------------------------------------------------------


def _hidden_paths(course: Path, extra: list[Path]) -> list[Path]:
    from jupyter_core.paths import jupyter_runtime_dir

    hide = [course, Path(os.environ.get("TELEGRAM_CASE_EXCHANGE", "/srv/nbgrader/exchange")),
            Path(jupyter_runtime_dir())]
    db = _sqlite_path(course)
    hide.append(db.parent if db.parent != Path("/") else db)
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "course" / "nbgrader_config.py").is_file():
        hide += [checkout / "course", checkout / ".git", checkout / "tests",
                 checkout / "benchmarks"]
    home = Path.home()
    hide += [home / name for name in (".ssh", ".gnupg", ".aws", ".jupyter", ".netrc",
                                      ".pypirc", ".git-credentials", ".bash_history",
                                      ".config/gcloud", ".kube", ".docker")]
    return [*hide, *extra]


def _matplotlib_cache() -> Path | None:
    try:
        result = subprocess.run(
            [sys.executable, "-c", "import matplotlib; print(matplotlib.get_cachedir())"],
            capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = Path(result.stdout.strip()) if result.returncode == 0 else None
    return path if path and path.is_dir() else None


def _students(submitted: Path, assignment: str) -> list[str]:
    if not submitted.is_dir():
        return []
    out = []
    with os.scandir(submitted) as entries:
        for entry in entries:
            if entry.is_dir() and os.path.isdir(os.path.join(entry.path, assignment)):
                out.append(entry.name)
    return sorted(out)


def safe_grade(course: Path, assignment: str, options: Options | None = None,
               log=print) -> Report:
    """Grade every submission of ``assignment`` in ``course``; return the report."""
    options = options or Options()
    start = time.perf_counter()
    course = Path(course).resolve()
    database = _sqlite_path(course)
    if not database.is_file():
        raise SafeGradeError(f"No gradebook at {database}: run `nbgrader generate_assignment "
                             f"{assignment}` first.")
    db_url = f"sqlite:///{database}"
    try:
        references = integrity.load_references(db_url, assignment)
    except Exception as error:
        raise SafeGradeError(f"Assignment {assignment!r} is not in the gradebook ({error}); "
                             f"run `nbgrader generate_assignment {assignment}` first.") from None
    if not references:
        raise SafeGradeError(f"Assignment {assignment!r} has no notebooks in the gradebook.")
    students = _students(course / "submitted", assignment)
    if not students:
        raise SafeGradeError(f"No submissions of {assignment!r} in {course / 'submitted'}.")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    backup = database.with_name(f"{database.name}.before-safe-grade-{stamp}")
    _copy_sqlite(database, backup)
    before = gradebook_snapshot(f"sqlite:///{backup}")

    if options.sandbox not in ("auto", "on", "off"):
        raise SafeGradeError(f"--sandbox must be auto, on or off, not {options.sandbox!r}")
    sandboxed = options.sandbox != "off" and sandbox.bwrap_path() is not None
    if options.sandbox == "on" and not sandboxed:
        raise SafeGradeError("--sandbox on, but bubblewrap (bwrap) is missing or cannot create "
                             "a sandbox on this machine (see docs/grading-security.md).")
    if not sandboxed:
        log("warning: grading without a kernel sandbox: student code can read what you can "
            "read (see docs/grading-security.md)")
    tmp = sandbox.short_tempdir("safe-grade-")
    ctx = _Context(course=course, assignment=assignment, options=options, references=references,
                   backup=backup, tmp=tmp, sandboxed=sandboxed,
                   config_text=(course / "nbgrader_config.py").read_text(encoding="utf-8"),
                   hide=_hidden_paths(course, options.hide), mpl_cache=_matplotlib_cache())
    log(f"safe-grading {len(students)} submissions of {assignment} with {options.workers} "
        f"workers (gradebook backed up to {backup.name})")
    try:
        with ThreadPoolExecutor(max(1, options.workers)) as pool:
            futures = [pool.submit(_grade_student, ctx, i, s) for i, s in enumerate(students)]
            results = []
            for student, future in zip(students, futures, strict=True):
                try:
                    results.append(future.result())
                except Exception as error:
                    results.append(_Result(student, [Row(
                        student, f"{name}.ipynb", NOT_GRADED, findings=[Finding(
                            ERROR, "internal", f"safe_grade failed on this submission: "
                            f"{type(error).__name__}: {error}")]) for name in references]))
        graded = set()
        for result in results:
            if not result.graded:
                continue
            flagged = {r.notebook.removesuffix(".ipynb") for r in result.rows
                       if r.status == REVIEW}
            try:
                _merge(result.scratch / "gradebook.db", database, assignment, result.student,
                       flagged)
            except Exception as error:
                for row in result.rows:
                    row.status = NOT_GRADED
                    row.findings.append(Finding(ERROR, "merge", f"the grades could not be "
                                                f"written to the gradebook: {error}"))
                continue
            graded.add(result.student)
            destination = course / "autograded" / result.student / assignment
            if destination.exists():
                shutil.rmtree(destination)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(result.scratch / "autograded" / result.student / assignment,
                        destination)
        after = gradebook_snapshot(db_url)
        problems = compare_gradebooks(before, after, assignment, graded)
    finally:
        if not options.keep_scratch:
            shutil.rmtree(tmp, ignore_errors=True)
    rows = [row for result in results for row in result.rows]
    report = Report(assignment, rows, backup, sandboxed, problems, time.perf_counter() - start)
    report.files = write_report(report, options.report_dir or course / "reports")
    return report


def write_report(report: Report, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / f"safe-grade-{report.assignment}"
    files = {"md": base.with_suffix(".md"), "csv": base.with_suffix(".csv"),
             "json": base.with_suffix(".json")}
    files["md"].write_text(report.markdown(), encoding="utf-8")
    with open(files["csv"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "notebook", "status", "score", "max_score", "severity",
                         "code", "cell", "reason"])
        for row in report.rows:
            if not row.findings:
                writer.writerow([row.student, row.notebook, row.status, row.score,
                                 row.max_score, "", "", "", "ok"])
            for finding in row.findings:
                writer.writerow([row.student, row.notebook, row.status, row.score,
                                 row.max_score, finding.severity, finding.code, finding.cell,
                                 finding.message])
    files["json"].write_text(json.dumps({
        "assignment": report.assignment, "sandboxed": report.sandboxed,
        "backup": str(report.backup), "problems": report.problems,
        "seconds": round(report.seconds, 1), "rows": [r.as_dict() for r in report.rows]},
        indent=1), encoding="utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--course", type=Path, default=Path.cwd(),
                        help="the course folder (default: the current folder)")
    parser.add_argument("--workers", type=int, default=Options.workers,
                        help="students graded at once (default: the number of cores)")
    parser.add_argument("--cell-timeout", type=int, default=None,
                        help="seconds per cell before it is interrupted (default: the "
                             "course's Execute.timeout)")
    parser.add_argument("--student-timeout", type=float, default=Options.student_timeout,
                        help="seconds for one student's notebooks before grading is killed")
    parser.add_argument("--sandbox", choices=["auto", "on", "off"], default="auto",
                        help="run kernels under bubblewrap (auto: where it works)")
    parser.add_argument("--max-output", type=int, default=Options.max_output_chars,
                        help="characters kept of each cell output")
    parser.add_argument("--hide", type=Path, action="append", default=[],
                        help="another path the student kernels must not see (repeatable)")
    parser.add_argument("--report-dir", type=Path, default=None,
                        help="where the report goes (default: COURSE/reports)")
    args = parser.parse_args(argv)
    options = Options(workers=args.workers, cell_timeout=args.cell_timeout,
                      student_timeout=args.student_timeout, sandbox=args.sandbox,
                      max_output_chars=args.max_output, hide=args.hide,
                      report_dir=args.report_dir)
    try:
        report = safe_grade(args.course, args.assignment, options)
    except SafeGradeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(report.markdown())
    print(f"report: {report.files['md']}")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
