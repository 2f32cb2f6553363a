"""Real Unix accounts for the trial hub: create them with generated passwords, remove them.

The hub logs people in with PAM against these accounts, and each user's JupyterLab runs
as that account, so everything between the instructor and the students is decided by
ordinary file permissions: every home is ``0700``, and the nbgrader exchange is the only
shared folder. Only accounts this module created (they carry :data:`MARKER` as their
comment) are ever removed.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import string
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .site import HubError

__all__ = [
    "MARKER",
    "AccountError",
    "create_account",
    "generate_password",
    "home",
    "kill_processes",
    "remove_account",
    "run_as",
]

# The GECOS comment of every trial account: `down` removes no account without it.
MARKER = "telegram-case trial hub"
# Letters and digits that cannot be mistaken for one another when read off a screen.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "lI1O0o")


class AccountError(HubError):
    """An account could not be created or removed; the message says which and why."""


def generate_password(length: int = 14) -> str:
    """A random password from :mod:`secrets` (about 82 bits for 14 characters)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _entry(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def home(name: str) -> Path:
    """The account's home folder."""
    entry = _entry(name)
    if entry is None:
        raise AccountError(f"there is no account {name!r}")
    return Path(entry.pw_dir)


def _run(argv: Sequence[str], what: str, stdin: str | None = None) -> None:
    result = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AccountError(
            f"{what} failed ({' '.join(argv[:1])} exited {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()}"
        )


def create_account(name: str, password: str) -> Path:
    """Create a login account with a private home (``0700``) and set its password.

    An account of that name that this module did not create is an error: the trial
    hub never takes over an account of the machine.
    """
    entry = _entry(name)
    if entry is not None and entry.pw_gecos != MARKER:
        raise AccountError(
            f"an account {name!r} already exists and is not a trial-hub "
            "account; choose another prefix (--prefix)"
        )
    if entry is None:
        _run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--comment", MARKER, name],
            f"creating account {name}",
        )
    _run(["chpasswd"], f"setting the password of {name}", stdin=f"{name}:{password}\n")
    folder = home(name)
    folder.chmod(0o700)
    return folder


def _account_processes(uid: int):
    import psutil

    for process in psutil.process_iter(["uids"]):
        with contextlib.suppress(psutil.Error):
            if process.info["uids"] and process.info["uids"].real == uid:
                yield process


def kill_processes(name: str, grace: float = 5.0) -> int:
    """End every process that runs as the account (SIGTERM, then SIGKILL); how many there were."""
    import psutil

    entry = _entry(name)
    if entry is None:
        return 0
    processes = list(_account_processes(entry.pw_uid))
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.send_signal(signal.SIGTERM)
    _gone, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return len(processes)


def remove_account(name: str) -> bool:
    """End the account's processes and remove it with its home; False if it did not exist."""
    entry = _entry(name)
    if entry is None:
        return False
    if entry.pw_gecos != MARKER:
        raise AccountError(f"refusing to remove {name!r}: it was not created by the trial hub")
    kill_processes(name)
    for _attempt in range(5):  # userdel refuses while a process of the user is still exiting
        result = subprocess.run(
            ["userdel", "--remove", name], capture_output=True, text=True, timeout=60
        )
        # 12: the home could not be removed entirely (e.g. a mount); the account is gone
        if result.returncode in (0, 12) or _entry(name) is None:
            break
        time.sleep(1)
    else:
        raise AccountError(f"removing account {name} failed: {result.stderr.strip()}")
    if Path(entry.pw_dir).exists():
        shutil.rmtree(entry.pw_dir, ignore_errors=True)
    return True


def run_as(
    name: str,
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
    extra_path: Iterable[Path] = (),
) -> subprocess.CompletedProcess:
    """Run a command as the account (its uid, gid and groups), in its home by default.

    The environment is a clean login-like one (``HOME``, ``USER``, ``PATH``), plus ``env``.
    """
    entry = _entry(name)
    if entry is None:
        raise AccountError(f"there is no account {name!r}")
    path = os.pathsep.join([*(str(p) for p in extra_path), "/usr/local/bin", "/usr/bin", "/bin"])
    environment = {
        "HOME": entry.pw_dir,
        "USER": name,
        "LOGNAME": name,
        "PATH": path,
        "LANG": "C.UTF-8",
        **(env or {}),
    }
    return subprocess.run(
        list(argv),
        cwd=cwd or entry.pw_dir,
        env=environment,
        user=entry.pw_uid,
        group=entry.pw_gid,
        extra_groups=[],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
    )
