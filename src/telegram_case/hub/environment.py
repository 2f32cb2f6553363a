"""The hub's software: one Python environment and the proxy, shared by the hub and every user.

``environment/venv``
    A virtual environment with the course package installed from this checkout as a
    wheel (not editable: users' kernels never read the checkout, which holds the
    instructor notebooks) with its ``course`` and ``hub`` extras: JupyterLab, nbgrader,
    JupyterHub; built without the worked solutions and model answers the wheel carries
    for self-learners (``TELEGRAM_CASE_WHEEL_SOLUTIONS=0``). Readable by everyone,
    writable by root only.
``environment/proxy``
    JupyterHub's standard proxy, configurable-http-proxy, from the npm registry.

Both are rebuilt only when the checkout changed (a hash of ``pyproject.toml``,
``src/`` and ``data/``) or the proxy's version is not the pinned one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .. import repository
from .site import HubError

__all__ = ["PROXY_RELEASES", "checkout", "ensure_environment", "proxy_package", "source_hash"]

# JupyterHub's proxy, pinned by the Node.js it runs on. 5.2.0 is the newest release whose
# dependencies all support Node.js 20 (5.3.0 pulls commander 15, which asks for
# Node.js >= 22.12); Debian 12's own Node.js is 18, for which 4.6.3 is the last release.
# Exact versions, so that every trial hub runs the proxy that CI ran.
PROXY_RELEASES = ((20, "configurable-http-proxy@5.2.0"), (12, "configurable-http-proxy@4.6.3"))

STAMP = ".telegram-case-source"
_VERSION_CHECK = "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"
INSTALL_TIMEOUT = 1200  # seconds; a first install downloads JupyterLab, nbgrader, pandas ...


def checkout() -> Path:
    """The repository checkout this package runs from (it has ``pyproject.toml``)."""
    root = repository.checkout()
    needed = ("pyproject.toml", "course/source")
    if root is None or not all((root / part).exists() for part in needed):
        raise HubError(
            f"run the hub from a checkout of the repository (no pyproject.toml and "
            f"course/source above {__file__}); `make hub` does"
        )
    return root


def source_hash(root: Path) -> str:
    """A hash of everything the installed package is built from."""
    digest = hashlib.sha256()
    files = [
        root / "pyproject.toml",
        *sorted((root / "src").rglob("*")),
        *sorted((root / "data").rglob("*")),
    ]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _step(
    argv: list[str], what: str, timeout: float = INSTALL_TIMEOUT, env: dict[str, str] | None = None
) -> None:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as error:
        raise HubError(f"{what}: no result after {timeout:.0f} s") from error
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise HubError(f"{what} failed (exit {result.returncode}):\n{tail}")


def _reachable_by_all(path: Path) -> bool:
    """True if every user may run ``path``: the file and every folder above it are o+x."""
    path = path.resolve()
    return all(part.stat().st_mode & stat.S_IXOTH for part in [path, *path.parents])


def _shared_interpreter() -> Path:
    """A Python >= 3.11 that every account can run, to base the hub's environment on.

    The interpreter running this command may live where other users cannot reach it
    (pyenv under /root, for one); then the system's ``python3`` is used.
    """
    candidates = [Path(getattr(sys, "_base_executable", sys.executable)), Path(sys.executable)]
    candidates += [Path(p) for p in (shutil.which("python3"), "/usr/bin/python3") if p]
    for candidate in candidates:
        if candidate.exists() and _reachable_by_all(candidate):
            result = subprocess.run(
                [str(candidate), "-c", _VERSION_CHECK], capture_output=True, text=True, timeout=30
            )
            if result.returncode == 0:
                return candidate
    raise HubError(
        "no Python >= 3.11 with venv that every user can run was found (tried "
        f"{', '.join(map(str, candidates))}); install Debian's python3 and python3-venv"
    )


def _python_environment(venv: Path, root: Path, say: Callable[[str], None]) -> None:
    stamp = venv / STAMP
    wanted = source_hash(root)
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return
    if not (venv / "bin" / "python").exists():
        say(f"creating the hub's Python environment in {venv}")
        _step(
            [str(_shared_interpreter()), "-m", "venv", str(venv)],
            "creating the virtual environment",
        )
    say("installing the course package, JupyterLab, nbgrader and JupyterHub (a minute or more)")
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    _step([*pip, "--upgrade", "pip"], "upgrading pip")
    # A graded hub: the package's extracts of the instructor notebooks keep the points
    # and prompts (the progress table) but no worked solutions or model answers, which
    # every student's kernel could read from the shared environment (hatch_build.py).
    _step(
        [*pip, f"{root}[course,hub]"],
        "installing the course package",
        env={**os.environ, "TELEGRAM_CASE_WHEEL_SOLUTIONS": "0"},
    )
    stamp.write_text(wanted + "\n")


def _node_major() -> int | None:
    node = shutil.which("node")
    if node is None:
        return None
    result = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30)
    match = re.match(r"v(\d+)", result.stdout.strip())
    return int(match.group(1)) if match else None


def proxy_package(node_major: int) -> str:
    """The configurable-http-proxy release (``name@version``) for a Node.js major version."""
    for minimum, package in PROXY_RELEASES:
        if node_major >= minimum:
            return package
    raise HubError(
        f"JupyterHub's proxy needs Node.js >= {PROXY_RELEASES[-1][0]}, found Node.js {node_major}"
    )


def _proxy(prefix: Path, say: Callable[[str], None]) -> None:
    major = _node_major()
    if major is None or shutil.which("npm") is None:
        raise HubError(
            "Node.js and npm are needed for JupyterHub's proxy (Debian: apt-get install nodejs npm)"
        )
    package = proxy_package(major)
    version = package.rsplit("@", 1)[1]
    binary = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    installed = prefix / "node_modules" / "configurable-http-proxy" / "package.json"
    if (
        binary.exists()
        and installed.exists()
        and json.loads(installed.read_text()).get("version") == version
    ):
        return
    say(f"installing {package} from npm into {prefix}")
    prefix.mkdir(parents=True, exist_ok=True)
    _step(
        [
            "npm",
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--omit=dev",
            package,
        ],
        "installing configurable-http-proxy",
    )


def ensure_environment(environment: Path, say: Callable[[str], None] = print) -> None:
    """Build or update the hub's Python environment and proxy under ``environment``."""
    root = checkout()
    environment.mkdir(parents=True, exist_ok=True)
    environment.chmod(0o755)
    _python_environment(environment / "venv", root, say)
    _proxy(environment / "proxy", say)
