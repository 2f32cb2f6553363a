"""Fixtures of the class test: a course hub with real accounts, and one Chromium.

The hub is started with the same code as ``make hub`` (:func:`telegram_case.hub.trial.up`),
in a temporary state folder with accounts of a random prefix and free ports on
127.0.0.1, and removed again with :func:`~telegram_case.hub.trial.down` (hub, proxy,
users' servers, accounts and their homes) whatever happens in the test. Its Python
environment is the trial hub's (``/opt/telegram-case-hub``, or
``TELEGRAM_CASE_HUB_ENVIRONMENT``), built on first use and kept, as ``make hub`` keeps it.

Without root, Node.js or Chromium the test is skipped with a message; under
``CI=true`` it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from telegram_case.hub.site import DEFAULT_ENVIRONMENT, Account, HubSite, free_port
from telegram_case.hub.trial import down, up
from tests.browser.lab import CHROMIUM_FLAGS, STEP_TIMEOUT
from tests.support.browsers import unavailable


@dataclass
class ClassHub:
    """The running hub and its accounts (name -> account, with its password)."""

    site: HubSite
    accounts: dict[str, Account]


def _requirements() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        unavailable(
            "the class test needs root: it creates Unix accounts and runs JupyterHub "
            "with PAM log-in and each user's server as that user"
        )
    for tool in ("useradd", "userdel", "chpasswd"):
        if shutil.which(tool) is None:
            unavailable(f"the class test needs {tool} (Debian: the passwd package)")
    if shutil.which("npm") is None or shutil.which("node") is None:
        unavailable(
            "the class test needs Node.js and npm for JupyterHub's proxy "
            "(.ci/run installs them; Debian: apt-get install nodejs npm)"
        )


@pytest.fixture(scope="module")
def class_hub(chromium_path):
    """A course hub with one instructor and three students, removed afterwards."""
    _requirements()
    state = Path(tempfile.mkdtemp(prefix="telegram-case-hub-test-"))
    site = HubSite(
        state=state,
        environment=Path(os.environ.get("TELEGRAM_CASE_HUB_ENVIRONMENT", DEFAULT_ENVIRONMENT)),
        prefix=f"tc{secrets.token_hex(2)}-",
        students=3,
        port=free_port(),
    )
    try:
        accounts = up(site, say=lambda message: None)
        yield ClassHub(site, {account.name: account for account in accounts})
    finally:
        down(site, say=lambda message: None)
        with contextlib.suppress(OSError):
            state.rmdir()  # `down` removes it; left only if `up` failed before using it


@pytest.fixture(scope="module")
def hub_browser(playwright_api, chromium_path):
    """Headless Debian Chromium; every person of the class gets a context of their own."""
    browser = playwright_api.chromium.launch(
        executable_path=str(chromium_path),
        headless=True,
        args=CHROMIUM_FLAGS,
        timeout=STEP_TIMEOUT * 2000,
    )
    yield browser
    browser.close()
