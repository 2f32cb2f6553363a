"""The trial hub's life: ``up`` sets everything up and starts it, ``down`` removes it all.

``up`` (as root): the environment and proxy (:mod:`~telegram_case.hub.environment`),
the state folder and exchange, one instructor and N student accounts with generated
passwords (:mod:`~telegram_case.hub.accounts`), the course in the instructor's home
(:mod:`~telegram_case.hub.course`), the configuration (:mod:`~telegram_case.hub.config`),
then the hub (:mod:`~telegram_case.hub.server`). If a step fails, what the earlier
steps created is removed again.

``down`` (as root): stops the hub, the proxy and every user's server, ends any process
left running as a trial account, removes the accounts with their homes (the course
copy, gradebook and submissions in them) and the state folder. The environment is kept
for the next ``up`` unless asked otherwise.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from . import accounts as unix
from .config import write_config
from .course import install_course, prepare_exchange
from .environment import checkout, ensure_environment
from .server import hub_ready, start_hub, stop_hub
from .site import Account, HubError, HubSite, free_port

__all__ = ["Status", "down", "require_root", "status", "up"]


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise HubError(
            f"{what} needs root: it creates Unix accounts and the hub logs people in "
            "with PAM and starts each user's server as that user (try: sudo make hub)"
        )


def _create_accounts(site: HubSite) -> list[Account]:
    created = []
    try:
        for name in site.account_names():
            account = Account(name, site.role(name), unix.generate_password())
            unix.create_account(account.name, account.password)
            created.append(account)
    except BaseException:
        for account in created:
            with contextlib.suppress(HubError):
                unix.remove_account(account.name)
        raise
    return created


def up(site: HubSite, say: Callable[[str], None] = print) -> list[Account]:
    """Set up and start a trial hub; return its accounts (with their passwords)."""
    require_root("starting the course hub")
    if site.state.exists() and (site.state / "site.json").exists():
        raise HubError(
            f"{site.state} holds a trial hub already; remove it first "
            f"(telegram-case hub down --state {site.state})"
        )
    ensure_environment(site.environment, say)
    site.hub_port = site.hub_port or free_port()
    site.proxy_api_port = site.proxy_api_port or free_port()
    prepare_exchange(site)
    site.save()  # from here on, `down` can clean up whatever follows
    try:
        say(f"creating {1 + site.students} accounts")
        accounts = _create_accounts(site)
        site.save_accounts(accounts)
        say(f"copying the course into {site.instructor}'s home")
        install_course(site, checkout() / "course")
        write_config(site)
        say(f"starting JupyterHub on {site.url}")
        start_hub(site)
    except BaseException:
        down(site, say=lambda message: None)
        raise
    return accounts


def down(
    site: HubSite, *, remove_environment: bool = False, say: Callable[[str], None] = print
) -> None:
    """Stop the hub and remove its accounts, homes and state folder."""
    require_root("removing the course hub")
    if stop_hub(site):
        say("stopped JupyterHub, its proxy and the users' servers")
    names = {a.name for a in site.load_accounts()} | set(site.account_names())
    for name in sorted(names):
        if unix.remove_account(name):
            say(f"removed account {name} and its home")
    if site.state.exists():
        shutil.rmtree(site.state)
        say(f"removed {site.state}")
    if remove_environment and site.environment.exists():
        shutil.rmtree(site.environment)
        say(f"removed {site.environment}")


@dataclass
class Status:
    """What ``status`` reports."""

    running: bool
    answering: bool
    url: str
    accounts: list[Account]


def status(site: HubSite) -> Status:
    accounts = site.load_accounts() if os.access(site.accounts_file, os.R_OK) else []
    return Status(site.pid() is not None, hub_ready(site), site.url, accounts)
