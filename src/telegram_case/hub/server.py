"""Start and stop the hub process, with bounded waits and the log's tail when something fails.

The hub runs in the background as root (PAM and switching to each user need it), in
a session of its own, with its output in ``<state>/jupyterhub.log``. JupyterHub starts
the proxy and, as people log in, each user's server; when it stops it stops them too
(``cleanup_servers``, ``cleanup_proxy``). :func:`stop_hub` then makes sure: it ends any
process the hub started that is still there, and the proxy named in its pid file.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

from .site import HubError, HubSite

__all__ = ["hub_ready", "log_tail", "start_hub", "stop_hub"]

START_TIMEOUT = 90  # seconds until the hub answers
STOP_TIMEOUT = 30  # seconds the hub gets to stop its users' servers and the proxy


def log_tail(site: HubSite, lines: int = 30) -> str:
    if not site.log_file.exists():
        return "(no log)"
    return "\n".join(site.log_file.read_text(errors="replace").splitlines()[-lines:])


def hub_ready(site: HubSite, timeout: float = 2) -> bool:
    """True when the hub answers on its public address (through the proxy)."""
    try:
        with urllib.request.urlopen(f"{site.url}/hub/api/", timeout=timeout) as response:
            return "version" in json.loads(response.read() or b"{}")
    except (OSError, ValueError, urllib.error.URLError):
        return False


def start_hub(site: HubSite) -> int:
    """Start JupyterHub in the background and wait until it answers; return its pid."""
    if site.pid() is not None:
        raise HubError(
            f"a hub is already running (pid {site.pid()}); stop it first "
            f"(telegram-case hub down --state {site.state})"
        )
    site.log_file.touch(mode=0o600)  # the hub's log and database are for root only
    log = site.log_file.open("ab")
    try:
        process = subprocess.Popen(
            [str(site.python), "-m", "jupyterhub", "-f", str(site.config_file)],
            cwd=site.state,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=_hub_environment(site),
        )
    finally:
        log.close()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(
                f"the hub exited with status {process.returncode} while starting; "
                f"its log ({site.log_file}) ends:\n{log_tail(site)}"
            )
        if hub_ready(site):
            for private in site.state.glob("jupyterhub.sqlite*"):
                private.chmod(0o600)
            return process.pid
        time.sleep(0.5)
    _end_group(process.pid)
    raise HubError(
        f"the hub did not answer on {site.url} within {START_TIMEOUT} s; "
        f"its log ({site.log_file}) ends:\n{log_tail(site)}"
    )


def _hub_environment(site: HubSite) -> dict[str, str]:
    keep = ("LANG", "LC_ALL", "TZ")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env["PATH"] = os.pathsep.join(
        [
            str(site.bin),
            "/usr/local/sbin",
            "/usr/local/bin",
            "/usr/sbin",
            "/usr/bin",
            "/sbin",
            "/bin",
        ]
    )
    return env


def _descendants(pid: int) -> list:
    import psutil

    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).children(recursive=True)
    return []


def _end_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
        time.sleep(0.2)
    return False


def _stop_proxy(site: HubSite) -> None:
    pid_file = site.state / "proxy.pid"
    with contextlib.suppress(OSError, ValueError):
        pid = int(pid_file.read_text().strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
            if not _wait_gone(pid, 5):
                os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)


def stop_hub(site: HubSite) -> bool:
    """Stop the hub, its users' servers and the proxy; False if no hub was running."""
    import psutil

    pid = site.pid()
    if pid is not None:
        children = _descendants(pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # the hub stops its servers and the proxy itself
        if not _wait_gone(pid, STOP_TIMEOUT):
            _end_group(pid)
            _wait_gone(pid, 5)
        for child in children:
            with contextlib.suppress(psutil.Error):
                child.kill()
    _stop_proxy(site)
    site.pid_file.unlink(missing_ok=True)
    return pid is not None
