"""The kernel student code runs in while it is graded: ipykernel under bubblewrap.

course/nbgrader_config.py selects :class:`SandboxedKernelManager` for nbgrader's
``Execute`` step, so every way of grading runs submissions in a kernel that sees the
course, the gradebook and the exchange of the loaded configuration as empty folders,
writes only its notebook's folder and has no network. Without bubblewrap it runs
unisolated, and says so (docs/grading-security.md).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Integer, List, Unicode

from ..repository import checkout
from .gradebook import sqlite_file
from .kernel_launcher import AUDIT_PREFIX

_HOME_SECRETS = (".ssh", ".gnupg", ".aws", ".jupyter", ".netrc", ".pypirc", ".git-credentials")
_HOME_SECRETS += (".bash_history", ".config/gcloud", ".kube", ".docker")
_SECRET_VARIABLE = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|_KEY$|DB_URL|^JPY_")


@functools.cache
def bwrap_path() -> str | None:
    """The ``bwrap`` executable if it exists and can build a sandbox here, else None."""
    found = shutil.which("bwrap")
    probe = [*bwrap_argv(found or "bwrap", [], [], []), "true"]  # the sandbox grading builds
    try:
        works = found and subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found if works else None


def _existing(paths) -> list[Path]:
    """The paths that exist, resolved, without repeats."""
    return list(dict.fromkeys(p.resolve() for p in map(Path, paths) if p.exists()))


def bwrap_argv(bwrap: str, hide, readable, writable) -> list[str]:
    """bubblewrap's arguments: read-only root, ``hide`` empty, then the re-bound folders."""
    argv = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    argv += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net"]
    argv += ["--unshare-cgroup-try", "--die-with-parent", "--cap-drop", "ALL"]
    hidden = _existing(hide)
    for path in sorted(hidden, key=lambda p: len(p.parts)):  # outer folders first
        if not any(parent in hidden for parent in path.parents):
            argv += ["--tmpfs"] if path.is_dir() else ["--ro-bind", "/dev/null"]
            argv.append(str(path))
    for option, paths in (("--ro-bind", readable), ("--bind", writable)):
        argv += [arg for path in _existing(paths) for arg in (option, str(path), str(path))]
    # JPY_PARENT_PID names a process outside the PID namespace: ipykernel would exit at once
    argv += ["--unsetenv", "JPY_PARENT_PID", "--setenv", "TMPDIR", "/tmp"]
    return [*argv, "--setenv", "TELEGRAM_CASE_SANDBOX", "1"]


def parse_audit(text: str) -> list[dict]:
    """The audit hook's records in a kernel's stderr text."""
    records = []
    for line in (line for line in text.splitlines() if AUDIT_PREFIX in line):
        try:
            records.append(json.loads(line.split(AUDIT_PREFIX, 1)[1]))
        except ValueError:
            records.append({"event": "unreadable", "args": [line[:200]], "line": ""})
    return [record for record in records if isinstance(record, dict)]


def _readable() -> list[Path]:
    """What a grading kernel needs to read: the interpreter, its packages, the course data."""
    import telegram_case
    from telegram_case.datasets import cache_dir

    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).parent]
    paths += [Path(telegram_case.__file__).parent, telegram_case.data_dir()]
    paths += [Path(p) for p in sys.path if "-packages" in p]
    return [*paths, cache_dir()]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels cannot see the course, the gradebook or the network."""

    hide = List(Unicode(), help="More paths the grading kernel must not see").tag(config=True)
    memory_limit = Integer(2**33, help="Address-space limit (bytes; 0: none)").tag(config=True)
    file_size_limit = Integer(200 * 2**20, help="Largest file it writes (bytes)").tag(config=True)

    isolated = False  # set when a kernel starts: is it under bubblewrap
    audit_records: tuple = ()  # set when a kernel is cleaned up: what its audit hook saw
    _scratch: Path | None = None

    def _hidden(self) -> list[Path]:
        from jupyter_core.paths import jupyter_runtime_dir
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange.default import Exchange

        coursedir = CourseDirectory(config=self.config)
        paths = [Path(coursedir.root), Path(Exchange(config=self.config).root)]
        paths += [Path(jupyter_runtime_dir()), *map(Path, self.hide)]
        if (root := checkout()) and (root / "course" / "nbgrader_config.py").is_file():
            paths += [root / name for name in ("course", ".git", "tests", "benchmarks")]
        if database := sqlite_file(coursedir.db_url):
            paths.append(database.parent if database.parent != Path("/") else database)
        return [*paths, *(Path.home() / name for name in _HOME_SECRETS)]

    async def start_kernel(self, **kw) -> None:
        self.isolated, self.audit_records = bwrap_path() is not None, ()
        # a short path: a Unix socket's path is limited to about 100 bytes
        self._scratch = Path(tempfile.mkdtemp(prefix="tck-", dir="/tmp" if self.isolated else None))
        ipc = self._scratch / "ipc"
        (ipc / "mpl").mkdir(parents=True)
        import matplotlib  # its font list, so that the kernel need not build it (seconds)

        for fonts in Path(matplotlib.get_cachedir()).glob("fontlist*.json"):
            shutil.copy2(fonts, ipc / "mpl" / fonts.name)
        if self.isolated:  # no shared loopback without network: Unix sockets
            self.transport, self.ip = "ipc", str(ipc / "k")
            self.kernel_spec.interrupt_mode = "message"  # a signal may not cross the PID namespace
        self.connection_file = str(ipc / "kernel.json")
        self._stderr = open(self._scratch / "kernel.log", "wb")  # closed in cleanup_resources
        self._workdir = Path(kw.get("cwd") or os.getcwd())
        if not self.isolated:
            self.log.error(
                "Grading WITHOUT isolation: bubblewrap (bwrap) is missing or cannot "
                "build a sandbox here, so student code can read the solutions and "
                "the gradebook. See docs/grading-security.md."
            )
        env = {k: v for k, v in os.environ.items() if not _SECRET_VARIABLE.search(k)}
        kw.update(stdout=self._stderr, stderr=self._stderr)
        kw["env"] = {**env, "MPLCONFIGDIR": str(ipc / "mpl")}
        await super().start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """``[bwrap ...] python -I -B -m telegram_case.instructor.kernel_launcher ...``."""
        limits = {"RLIMIT_FSIZE": self.file_size_limit, "RLIMIT_CORE": 0}
        limits |= {"RLIMIT_AS": self.memory_limit} if self.memory_limit else {}
        launcher = [sys.executable, "-I", "-B", "-m", "telegram_case.instructor.kernel_launcher"]
        launcher += [json.dumps(limits), "-f", self.connection_file, *(extra_arguments or [])]
        if not self.isolated:
            return launcher
        writable = [self._workdir, Path(self.connection_file).parent]
        return [*bwrap_argv(bwrap_path(), self._hidden(), _readable(), writable), *launcher]

    async def cleanup_resources(self, restart: bool = False) -> None:
        await super().cleanup_resources(restart)
        if self._scratch is not None:
            self._stderr.close()
            with open(self._scratch / "kernel.log", "rb") as log:
                text = log.read(8 * 1024 * 1024).decode("utf-8", errors="replace")
            self.audit_records = tuple(parse_audit(text))
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
