"""Where a trial hub lives: its folders, ports and accounts, saved so that ``down`` finds them.

A :class:`HubSite` is everything ``up`` decides once and ``status`` and ``down``
read back from ``<state>/site.json``: the state folder (hub database, cookie
secret, logs, the nbgrader exchange, the role configurations), the shared Python
environment and proxy, the ports, and the names of the accounts it created.
Passwords are kept apart, in ``<state>/accounts.json``, readable by root only.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["COURSE_ID", "Account", "HubError", "HubSite", "free_port"]

COURSE_ID = "telegram-case"  # the course's nbgrader course id (course/nbgrader_config.py)

DEFAULT_STATE = Path("/srv/telegram-case-hub")
DEFAULT_ENVIRONMENT = Path("/opt/telegram-case-hub")


class HubError(RuntimeError):
    """A step of setting up, starting or stopping the hub failed; the message says which and why."""


@dataclass(frozen=True)
class Account:
    """One Unix account of the trial hub.

    Attributes
    ----------
    name
        The login name: the JupyterHub user name and, for a student, the nbgrader student id.
    role
        ``"instructor"`` (the course and the formgrader live in its home) or ``"student"``.
    password
        Generated when the account is created; never stored in the code.
    """

    name: str
    role: str
    password: str = field(default="", repr=False)

    def __post_init__(self):
        if self.role not in ("instructor", "student"):
            raise ValueError(f"account {self.name}: unknown role {self.role!r}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Under:
    """A read-only path attribute: ``name`` inside the site's path attribute ``folder``."""

    def __init__(self, folder: str, name: str):
        self.folder, self.name = folder, name

    def __get__(self, site, owner=None) -> Path:
        return getattr(site, self.folder) / self.name


@dataclass
class HubSite:
    """A trial hub's folders, ports and account names.

    Attributes
    ----------
    state
        Root-owned folder for the hub's database, secrets, logs, configuration and the
        nbgrader exchange (``state/exchange``). Every account must be able to reach it.
    environment
        The Python environment (``environment/venv``) and the proxy
        (``environment/proxy``) that the hub and every user's server run from. Kept
        by ``down`` so that the next ``up`` starts at once.
    prefix
        Prefix of every account name, so that the trial never touches an account of the
        machine: ``<prefix>instructor``, ``<prefix>student1`` ...
    students
        How many student accounts.
    ip, port
        Where the hub listens for browsers (127.0.0.1 by default: see the instructor guide
        before opening it to a network).
    hub_port, proxy_api_port
        The hub's and the proxy's internal API ports (chosen free at ``up``).
    """

    state: Path = DEFAULT_STATE
    environment: Path = DEFAULT_ENVIRONMENT
    prefix: str = "tc-"
    students: int = 3
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 0
    proxy_api_port: int = 0

    def __post_init__(self):
        self.state, self.environment = Path(self.state), Path(self.environment)
        if not 1 <= self.students <= 200:
            raise ValueError(f"students must be between 1 and 200, not {self.students}")

    # -- names ------------------------------------------------------------------------------

    @property
    def instructor(self) -> str:
        return f"{self.prefix}instructor"

    def student_names(self) -> list[str]:
        return [f"{self.prefix}student{number}" for number in range(1, self.students + 1)]

    def account_names(self) -> list[str]:
        return [self.instructor, *self.student_names()]

    def role(self, name: str) -> str:
        return "instructor" if name == self.instructor else "student"

    # -- places -----------------------------------------------------------------------------

    exchange = _Under("state", "exchange")
    roles = _Under("state", "roles")  # a Jupyter configuration folder per role (its servers')
    config_file = _Under("state", "jupyterhub_config.json")
    log_file = _Under("state", "jupyterhub.log")
    pid_file = _Under("state", "jupyterhub.pid")
    accounts_file = _Under("state", "accounts.json")
    bin = _Under("environment", "venv/bin")
    python = _Under("bin", "python")
    proxy = _Under("environment", "proxy/node_modules/.bin/configurable-http-proxy")

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}"

    # -- saved state --------------------------------------------------------------------------

    def save(self) -> None:
        data = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}
        (self.state / "site.json").write_text(json.dumps(data, indent=2) + "\n")

    @classmethod
    def load(cls, state: Path) -> HubSite:
        """The site ``up`` saved in ``state``; FileNotFoundError if there is none."""
        data = json.loads((Path(state) / "site.json").read_text())
        return cls(**data)

    def save_accounts(self, accounts: list[Account]) -> None:
        """Names, roles and passwords, readable by root only."""
        path = self.accounts_file
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
        path.write_text(json.dumps([asdict(a) for a in accounts], indent=2) + "\n")

    def load_accounts(self) -> list[Account]:
        if not self.accounts_file.exists():
            return []
        return [Account(**entry) for entry in json.loads(self.accounts_file.read_text())]

    def pid(self) -> int | None:
        """The hub's process id, if its pid file names a running process."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except PermissionError:  # running, as root, and we are not
            return pid
        except OSError:
            return None
        return pid
