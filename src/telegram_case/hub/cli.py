"""``telegram-case hub up|down|status|install``: the command line of the trial hub."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .environment import ensure_environment
from .site import DEFAULT_ENVIRONMENT, DEFAULT_STATE, Account, HubError, HubSite
from .trial import down, require_root, status, up

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="telegram-case hub",
        description="A course hub on this Linux machine, for trying the course as a class: "
        "JupyterHub, real accounts for one instructor and a few students, "
        "nbgrader's exchange and the formgrader. Run as root.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="set up and start the hub; prints the log-ins")
    start.add_argument("--students", type=int, default=3, help="student accounts (default 3)")
    start.add_argument(
        "--prefix",
        default="tc-",
        help="prefix of every account name (default tc-: tc-instructor, tc-student1, ...)",
    )
    start.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; read the instructor "
        "guide before opening it to a network)",
    )
    start.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    start.add_argument(
        "--environment",
        type=Path,
        default=DEFAULT_ENVIRONMENT,
        help=f"the hub's Python environment and proxy (default "
        f"{DEFAULT_ENVIRONMENT}; kept by `down`)",
    )
    install = commands.add_parser(
        "install", help="only build the hub's Python environment and proxy (as up does)"
    )
    install.add_argument(
        "--environment",
        type=Path,
        default=DEFAULT_ENVIRONMENT,
        help=f"where (default {DEFAULT_ENVIRONMENT})",
    )
    stop = commands.add_parser("down", help="stop the hub; remove its accounts and state")
    stop.add_argument(
        "--remove-environment",
        action="store_true",
        help="also remove the hub's Python environment and proxy",
    )
    commands.add_parser("status", help="is the hub running, where, and its log-ins")
    for name, command in commands.choices.items():
        if name == "install":
            continue
        command.add_argument(
            "--state",
            type=Path,
            default=DEFAULT_STATE,
            help=f"the hub's state folder (default {DEFAULT_STATE})",
        )
    return parser


def _accounts_table(accounts: list[Account]) -> Table:
    table = Table(title="Log-ins (generated for this trial; also in accounts.json, root only)")
    for column in ("user", "role", "password"):
        table.add_column(column)
    for account in accounts:
        table.add_row(account.name, account.role, account.password)
    return table


def _up(args, console: Console) -> int:
    site = HubSite(
        state=args.state,
        environment=args.environment,
        prefix=args.prefix,
        students=args.students,
        ip=args.ip,
        port=args.port,
    )
    accounts = up(site, say=lambda message: console.print(f"[dim]{message}[/dim]"))
    console.print(f"\nThe course hub is running: [bold]{site.url}[/bold]")
    console.print(_accounts_table(accounts))
    console.print(
        f"The instructor's formgrader opens in its own browser tab: "
        f"{site.url}/user/{site.instructor}/formgrader\n"
        f"Stop it and remove the accounts: telegram-case hub down"
        f"{'' if args.state == DEFAULT_STATE else f' --state {args.state}'}"
    )
    return 0


def _saved_site(state: Path, console: Console, missing: str) -> HubSite | None:
    """The hub ``up`` saved in ``state``, or None (and ``missing`` said) if there is none."""
    try:
        return HubSite.load(state)
    except FileNotFoundError:
        console.print(f"No course hub in {state}{missing}")
        return None


def _status(args, console: Console) -> int:
    site = _saved_site(args.state, console, ".")
    if site is None:
        return 1
    report = status(site)
    state = "running" if report.running else "not running"
    answer = "answers" if report.answering else "does not answer"
    console.print(f"The course hub is {state}; {report.url} {answer}.")
    if report.accounts:
        console.print(_accounts_table(report.accounts))
    return 0 if report.running and report.answering else 1


def _down(args, console: Console) -> int:
    site = _saved_site(args.state, console, "; nothing to remove.")
    if site is None:
        return 0
    down(
        site, remove_environment=args.remove_environment, say=lambda message: console.print(message)
    )
    return 0


def _install(args, console: Console) -> int:
    require_root("installing the course hub's environment")
    ensure_environment(args.environment, say=lambda message: console.print(f"[dim]{message}[/dim]"))
    console.print(f"The course hub's environment is ready in {args.environment}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the hub command line with ``argv`` (default: ``sys.argv[1:]``); the exit status."""
    args = _parser().parse_args(argv)
    console = Console()
    try:
        commands = {"up": _up, "down": _down, "status": _status, "install": _install}
        return commands[args.command](args, console)
    except HubError as error:
        console.print(f"[red]error:[/red] {error}", highlight=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
