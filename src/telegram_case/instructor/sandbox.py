"""A sandboxed Jupyter kernel for autograding: what student code may see and do.

nbgrader runs every submission in an ordinary kernel that can read everything
the instructor's account can: ``course/source/`` with the solutions, the hidden
tests in ``release/``, the gradebook, the exchange, other students' work. This
module writes a *kernelspec* whose kernel starts under bubblewrap (``bwrap``),
so that during autograding:

* the course folder, the exchange, the gradebook, the repository's history and
  tests, ``/tmp`` and the instructor's Jupyter runtime folder are empty tmpfs
  mounts (or ``/dev/null``) inside the sandbox;
* everything else is read-only; only the notebook's own folder is writable;
* there is no network (the kernel talks to nbgrader over Unix sockets, the IPC
  transport, because a new network namespace has no shared loopback);
* the process has no capabilities and its own PID namespace (so ``/proc`` does
  not lead back to the instructor's processes);
* resource limits cap the size of files it writes, its memory and core dumps;
* a Python audit hook, installed before any student code runs, reports what
  student cells did that graded code never needs (opening files outside the
  allowed folders, starting processes, sockets, ctypes...) to the grader's log.

The audit hook is a tripwire, not a wall: Python code in the same process can
work around it. Its findings go to the integrity report (``AUDIT`` lines), and
the instructor reviews those submissions by hand.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AUDIT_PREFIX",
    "SandboxPolicy",
    "bwrap_argv",
    "bwrap_path",
    "parse_audit_log",
    "write_kernelspec",
]

KERNEL_NAME = "telegram-case-sandbox"
AUDIT_PREFIX = "TELEGRAM-CASE-AUDIT "


@functools.cache
def bwrap_path() -> str | None:
    """The ``bwrap`` executable if it exists and can build a sandbox here, else None."""
    found = shutil.which("bwrap")
    if not found:
        return None
    try:
        probe = subprocess.run(
            [found, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
             "--unshare-pid", "--unshare-net", "--cap-drop", "ALL", "--die-with-parent",
             "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return found if probe.returncode == 0 else None


@dataclass
class SandboxPolicy:
    """What the kernel sees. Paths are resolved when the argv is built."""

    hide: list[Path] = field(default_factory=list)
    """Folders that appear empty (a tmpfs over them), and files that read as empty."""
    writable: list[Path] = field(default_factory=list)
    """Folders bound read-write (the notebook's folder, the kernel's socket folder)."""
    readable: list[Path] = field(default_factory=list)
    """Folders bound read-only again after hiding (the package, its data, the venv)."""
    network: bool = False
    max_file_bytes: int = 200 * 1024 * 1024
    max_memory_bytes: int | None = 8 * 1024 ** 3
    unset_env: tuple[str, ...] = ("TELEGRAM_CASE_DB_URL", "TELEGRAM_CASE_EXCHANGE",
                                  "JUPYTER_RUNTIME_DIR", "JPY_API_TOKEN", "JUPYTERHUB_API_TOKEN",
                                  "JPY_PARENT_PID")


def _existing(paths) -> list[Path]:
    out = []
    for path in paths:
        path = Path(path)
        if path.exists() or path.is_symlink():
            real = path.resolve()
            if real not in out:
                out.append(real)
    return out


def bwrap_argv(policy: SandboxPolicy, bwrap: str | None = None) -> list[str]:
    """The ``bwrap ...`` prefix of the kernel command for ``policy``."""
    bwrap = bwrap or bwrap_path()
    if not bwrap:
        raise RuntimeError("bubblewrap (bwrap) is not available or cannot create a sandbox here")
    argv = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--cap-drop", "ALL"]
    if not policy.network:
        argv.append("--unshare-net")
    hidden = _existing(policy.hide)
    # outer folders first, so that a hidden file inside a hidden folder is not re-created
    for path in sorted(hidden, key=lambda p: len(p.parts)):
        if any(parent in hidden for parent in path.parents):
            continue
        if path.is_dir():
            argv += ["--tmpfs", str(path)]
        else:
            argv += ["--ro-bind", "/dev/null", str(path)]
    for path in _existing(policy.readable):
        argv += ["--ro-bind", str(path), str(path)]
    for path in _existing(policy.writable):
        argv += ["--bind", str(path), str(path)]
    for name in policy.unset_env:
        argv += ["--unsetenv", name]
    argv += ["--setenv", "TELEGRAM_CASE_SANDBOX", "1", "--setenv", "TMPDIR", "/tmp"]
    return argv


# The kernel's first Python code: limits, the audit hook, then ipykernel. It is run
# with ``python -c`` so that nothing from the student's folder is imported before it.
_LAUNCHER = r'''
import json, os, resource, sys, tempfile
_cfg = json.loads(sys.argv[1]); del sys.argv[1]
for _name, _value in _cfg["limits"].items():
    try:
        resource.setrlimit(getattr(resource, _name), (_value, _value))
    except (ValueError, OSError):
        pass
_fd = os.dup(2)
os.set_inheritable(_fd, False)
_cells = os.path.join(tempfile.gettempdir(), "ipykernel_%d" % os.getpid()) + os.sep
_allowed = tuple(os.path.realpath(p) + os.sep for p in _cfg["allowed"]) + (
    os.path.realpath(os.getcwd()) + os.sep, "/dev/", "/proc/self/", "/etc/", "/usr/",
    "/sys/", os.path.realpath(tempfile.gettempdir()) + os.sep) + tuple(
    os.path.realpath(p) + os.sep for p in sys.path if p)
_watch = {"open", "os.listdir", "os.scandir", "glob.glob", "os.chdir", "os.remove",
          "os.rename", "os.rmdir", "shutil.rmtree", "subprocess.Popen", "os.system",
          "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.kill",
          "os.killpg", "pty.spawn", "socket.connect", "socket.bind", "socket.getaddrinfo",
          "ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata", "ctypes.addressof",
          "sys.addaudithook", "sys.setprofile", "sys.settrace", "sys.unraisablehook",
          "object.__setattr__", "object.__delattr__", "builtins.input",
          "code.__new__", "function.__new__", "import"}
_mods = ("ctypes", "subprocess", "socket", "gc", "importlib", "inspect", "builtins",
         "nbgrader", "pickle", "marshal", "_ctypes", "pty", "signal", "zmq", "jupyter_client")
import sys as _sys, linecache as _linecache
def _in_cell(direct):
    f = _sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        if name.startswith(_cells) or name.startswith("<ipython-input"):
            return name, f.f_lineno
        if direct and not name.startswith("<frozen"):
            return None
        f = f.f_back
    return None
def _path_ok(path):
    try:
        if isinstance(path, int):
            return True
        path = os.fsdecode(path)
        if not path:
            return True
        real = os.path.realpath(path) + os.sep
    except Exception:
        return False
    return real.startswith(_allowed)
_busy = [False]
def _hook(event, args):
    if _busy[0] or event not in _watch:
        return
    _busy[0] = True
    try:
        if event == "import":
            if args[0].split(".")[0] not in _mods:
                return
        elif event in ("open", "os.listdir", "os.scandir", "glob.glob", "os.chdir"):
            if _path_ok(args[0] if args else "."):
                return
        elif event in ("object.__setattr__", "object.__delattr__"):
            target = args[0]
            owner = getattr(target, "__module__", "") or ""
            if not (str(owner).startswith(("telegram_case", "builtins", "IPython",
                                            "ipykernel")) or args[1] in ("__code__",
                                                                          "__class__")):
                return
        where = _in_cell(event == "import")
        if where is None:
            return
        line = _linecache.getline(where[0], where[1]).strip()
        detail = [repr(a)[:200] for a in args[:3]]
        record = {"event": event, "args": detail, "line": line[:200]}
        os.write(_fd, (_cfg["prefix"] + json.dumps(record) + "\n").encode())
    except Exception:
        pass
    finally:
        _busy[0] = False
sys.addaudithook(_hook)
sys.argv = ["ipykernel_launcher"] + sys.argv[1:]
from ipykernel import kernelapp as _app
_app.launch_new_instance()
'''


def kernel_argv(policy: SandboxPolicy, python: str | None = None,
                allowed: list[Path] | None = None) -> list[str]:
    """The complete kernel command (with ``{connection_file}`` for jupyter_client)."""
    python = python or sys.executable
    limits = {"RLIMIT_FSIZE": policy.max_file_bytes, "RLIMIT_CORE": 0}
    if policy.max_memory_bytes:
        limits["RLIMIT_AS"] = policy.max_memory_bytes
    config = {"limits": limits, "prefix": AUDIT_PREFIX,
              "allowed": [str(p) for p in _existing(allowed or [])]}
    return [*bwrap_argv(policy), python, "-c", _LAUNCHER, json.dumps(config),
            "-f", "{connection_file}"]


def default_readable() -> list[Path]:
    """What a kernel needs to read: the interpreter, the venv, this package and its data."""
    import telegram_case
    from telegram_case.datasets import data_dir

    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).parent,
             Path(telegram_case.__file__).parent]
    try:
        paths.append(data_dir())
    except Exception:
        pass
    paths += [Path(p) for p in sys.path if p and Path(p).is_dir()
              and "site-packages" in p]
    return paths


def write_kernelspec(folder: Path, policy: SandboxPolicy, python: str | None = None,
                     name: str = KERNEL_NAME) -> Path:
    """Write ``folder/kernels/<name>/kernel.json``; put ``folder`` on ``JUPYTER_PATH``."""
    spec = folder / "kernels" / name
    spec.mkdir(parents=True, exist_ok=True)
    allowed = default_readable()
    policy.readable = [*policy.readable, *allowed]
    (spec / "kernel.json").write_text(json.dumps({
        "argv": kernel_argv(policy, python, allowed=allowed + policy.writable),
        "display_name": "Python 3 (telegram-case grading sandbox)",
        "language": "python",
        # the kernel interrupts itself on a control message: a SIGINT to bwrap's
        # process group does not reliably reach a kernel in its own PID namespace
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }, indent=1))
    return spec


def parse_audit_log(text: str) -> list[dict]:
    """The audit records (dicts with event, args, line) in a captured stderr text."""
    records = []
    for line in text.splitlines():
        start = line.find(AUDIT_PREFIX)
        if start < 0:
            continue
        try:
            record = json.loads(line[start + len(AUDIT_PREFIX):])
        except ValueError:
            record = {"event": "unreadable", "args": [line[:200]], "line": ""}
        if isinstance(record, dict):
            records.append(record)
    return records


def short_tempdir(prefix: str = "tcg-") -> Path:
    """A folder with a short path (Unix socket paths are limited to about 100 bytes)."""
    base = "/tmp" if os.path.isdir("/tmp") else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))
