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

from .config import load_config, nbgrader_option


def _release(args, options) -> int:
    from .release import repo_root, stale

    names = stale(repo_root(), write=not args.check)
    for name in names:
        state = "stale" if args.check else "regenerated"
        print(f"{state}: notebooks/{name}.ipynb differed from course/source/{name}/")
    return 1 if args.check and names else 0


def _grade(args, options) -> int:
    from .grade import grade_class

    return grade_class(args.course, args.assignment, options, args.student, args.workers).exit_code


def _feedback(args, options) -> int:
    from nbgrader.apps import NbGraderAPI

    config, coursedir = load_config(args.course, options)
    api = NbGraderAPI(coursedir, config=config)
    for student in args.student or [None]:
        result = api.generate_feedback(args.assignment, student)
        if result["success"] and args.release:
            result = api.release_feedback(args.assignment, student)
        if not result["success"]:
            raise RuntimeError(f"{result.get('log', '')}\n{result.get('error', '')}")
    print(f"feedback: {Path(coursedir.root) / coursedir.feedback_directory}")
    return 0


def _export(args, options) -> int:
    from nbgrader.api import Gradebook

    from .export import EXPORTERS

    config, coursedir = load_config(args.course, options)
    target = str(args.to or f"{args.kind}.csv")
    only = {"assignment": args.assignment or [], "student": args.student or []}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        EXPORTERS[args.kind](config=config, to=target, **only).export(gradebook)
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

    release = command("release", _release, "write the student notebooks in notebooks/")
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
    grade.add_argument("--workers", type=int, help="worker processes (default: the cores)")
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
