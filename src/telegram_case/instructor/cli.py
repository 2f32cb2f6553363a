"""`telegram-case`: the instructor's commands for the Telegram case course.

Run it in the course folder (the one with `nbgrader_config.py`), as nbgrader.
Commands that use the gradebook take nbgrader's own options (`--Class.trait=value`,
e.g. `--CourseDirectory.db_url=...`, `--Exchange.root=...`), which win over the
configuration files, exactly as for `nbgrader autograde`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .config import load_config, nbgrader_option, require_course


def _release(args, options) -> int:
    from .release import repo_root, stale

    course = args.course.resolve() if args.course else repo_root() / "course"
    require_course(course)
    if not (course.parent / "notebooks").is_dir():
        raise ValueError(
            f"no notebooks/ beside {course}: release writes the student notebooks there"
        )
    names = stale(course, write=not args.check)
    for name in names:
        state = "stale" if args.check else "regenerated"
        print(f"{state}: {course.parent / 'notebooks' / name}.ipynb differed from source/{name}/")
    return 1 if args.check and names else 0


def _grade(args, options) -> int:
    from .grade import grade_class

    return grade_class(args.course, args.assignment, options, args.student, args.workers).exit_code


def _feedback(args, options) -> int:
    from nbgrader.apps import NbGraderAPI

    from .gradebook import require_assignment

    config, coursedir = load_config(args.course, options)
    require_assignment(coursedir.db_url, args.assignment)
    api = NbGraderAPI(coursedir, config=config)
    graded = api.get_autograded_students(args.assignment)
    students = sorted(set(args.student or graded))
    if not students:
        raise ValueError(f"nobody's {args.assignment} is graded: run `telegram-case grade` first")
    failed = 0
    for student in students:
        why = _feedback_for(api, args.assignment, student, args.release, graded)
        if why:
            failed += 1
            print(f"{student}: {why}", file=sys.stderr)
    done = "generated and released" if args.release else "generated"
    folder = Path(coursedir.root) / coursedir.feedback_directory
    print(f"feedback {done} for {len(students) - failed} of {len(students)}: {folder}")
    return 1 if failed else 0


def _feedback_for(api, assignment: str, student: str, release: bool, graded: set) -> str:
    """Generate (and release) one student's feedback: "" or why it failed."""
    if student not in graded:
        return f"not graded: run `telegram-case grade {assignment} --student {student}` first"
    result = api.generate_feedback(assignment, student)
    if result["success"] and release:
        result = api.release_feedback(assignment, student)
    if result["success"]:
        return ""
    text = f"{result.get('error') or ''}\n{result.get('log') or ''}"
    if "submission_secret.txt" in text:  # submitted/ not filled by `nbgrader collect`
        where = f"feedback/{student}/{assignment}/"
        return f"not collected through the exchange: hand out {where} via the LMS"
    lines = [line for line in text.splitlines() if line.strip()]
    return f"nbgrader failed: {lines[-1] if lines else 'no log'}"


def _export(args, options) -> int:
    from nbgrader.api import Gradebook

    from .export import EXPORTERS

    config, coursedir = load_config(args.course, options)
    target = str(args.to or f"{args.kind}.csv")
    only = {"assignment": args.assignment or [], "student": args.student or []}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        exporter = EXPORTERS[args.kind](config=config, to=target, log=coursedir.log, **only)
        exporter.export(gradebook)
    print(f"wrote {target}")
    return 0


def _demo(args, options) -> int:
    from .demo import run_demo
    from .release import repo_root

    work = Path(tempfile.mkdtemp(prefix="telegram-case-demo-"))
    print(f"Demo class in {work} (your course, gradebook and exchange are not touched)")
    scratch = run_demo(args.course or repo_root() / "course", work, args.assignments)
    print(f"Feedback, reports: {scratch}/feedback, /reports; exports: {work}/*.csv")
    print(f"To look around in the formgrader: cd {scratch} && jupyter lab")
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def parser() -> argparse.ArgumentParser:
    """The ``telegram-case`` argument parser: one subcommand per task."""
    main_parser = argparse.ArgumentParser(prog="telegram-case", description=__doc__)
    main_parser.formatter_class = argparse.RawDescriptionHelpFormatter
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, run, help, course=".", where="the current folder"):
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--course", type=Path, default=course, help=f"default: {where}")
        sub.set_defaults(run=run)
        return sub

    release = command(
        "release",
        _release,
        "write the student notebooks in notebooks/ beside the course",
        None,
        "the checkout's course/",
    )
    release.add_argument("--check", action="store_true", help="only list stale ones (exit 1)")
    grade = command("grade", _grade, "autograde a class in parallel, with progress and a report")
    feedback = command("feedback", _feedback, "generate the feedback (and --release it)")
    export = command("export", _export, "export grades per question, for Canvas, or nbgrader's")
    export.add_argument("kind", choices=["questions", "canvas", "grades"])
    export.add_argument("--to", type=Path, help="the CSV file (default: KIND.csv)")
    export.add_argument("--assignment", action="append", help="only this one (repeatable)")
    for sub in (grade, feedback):
        sub.add_argument("assignment")
    for sub in (grade, feedback, export):
        sub.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument("--workers", type=_positive, help="worker processes (default: the cores)")
    feedback.add_argument("--release", action="store_true", help="release it to the exchange")
    demo = command("demo", _demo, "grade a demo class in a scratch folder", None, "course/")
    demo.add_argument("--assignments", nargs="+", help="only these (default: all)")
    # main hands `hub`'s arguments to the hub's own command line: this is for --help only
    command("hub", None, "a course hub on this machine (Linux, as root): see `hub --help`")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run ``telegram-case`` with ``argv`` (default: the command line); the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["hub"]:
        from ..hub import main as hub_main

        return hub_main(argv[1:])
    args = parser().parse_args([a for a in argv if not nbgrader_option(a)])
    # nbgrader runs the alembic script of this environment, also from a venv not activated
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    try:
        return args.run(args, [a for a in argv if nbgrader_option(a)])
    except (ValueError, RuntimeError) as error:
        print(f"telegram-case {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
