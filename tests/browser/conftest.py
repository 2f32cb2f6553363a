"""Fixtures of the browser tests: one JupyterLab server and one Chromium per test session.

Under pytest-xdist each worker that runs a browser test starts its own server on
its own free port; with ``--dist loadfile`` all browser tests sit in one file, so
one worker runs them all.

Chromium comes from Debian's packages (``/usr/bin/chromium``); Playwright only
drives it and never downloads a browser. Without Chromium the browser tests
skip with a message, except on CI (``CI=true``), where they fail.

``chromium_path`` and ``playwright_api`` live in ``tests/conftest.py``: Playwright's
sync API can be entered only once per thread, so the browser tests and the hub's
class test must share one session-wide instance when xdist puts them on one worker.
"""

from __future__ import annotations

import contextlib
import threading
import uuid

import pytest

from tests.support.browsers import unavailable

from .lab import (
    CHROMIUM_FLAGS,
    SCREENSHOTS,
    STEP_TIMEOUT,
    TEST_BUDGET,
    BudgetExceeded,
    Deadline,
    LabServer,
    NotebookPage,
    boot_lab,
    chromium_processes,
)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can see that its test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Browser:
    """Headless Chromium with a fresh profile, and one JupyterLab page that tests share.

    Loading JupyterLab costs seconds of CPU, so the page is kept from test to test:
    each test opens its notebook and closes it again. After a failure the page is
    thrown away, and if a watchdog had to end Chromium, Chromium is started again.
    """

    def __init__(self, api, executable, profile_root):
        self.api, self.executable, self.profile_root = api, executable, profile_root
        self.context = None
        self.closed = True
        self.page = None

    def _launch(self):
        profile = self.profile_root / f"chromium-profile-{uuid.uuid4().hex[:8]}"
        self.context = self.api.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(self.executable),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
            timeout=STEP_TIMEOUT * 2000,
        )
        self.context.set_default_timeout(STEP_TIMEOUT * 1000)
        self.closed = False
        self.context.on("close", lambda _: setattr(self, "closed", True))

    def _new_page(self):
        if not self.closed:
            try:
                return self.context.new_page()
            except Exception:  # a watchdog ended this browser
                self.close()
        self._launch()
        return self.context.new_page()

    def lab_page(self, server, deadline):
        """The shared page with JupyterLab loaded (loaded now if there is none)."""
        if self.page is None or self.page.is_closed() or self.closed:
            self.page = self._new_page()
            self.page.on("dialog", lambda dialog: dialog.dismiss())  # no stray alert blocks
            boot_lab(self.page, server, "t-" + uuid.uuid4().hex[:10], deadline)
        return self.page

    def discard_page(self):
        page, self.page = self.page, None
        if page is not None:
            with contextlib.suppress(Exception):
                page.close()

    def close(self):
        self.discard_page()
        if self.context is not None and not self.closed:
            with contextlib.suppress(Exception):
                self.context.close()
        self.closed = True


@pytest.fixture(scope="session")
def browser(playwright_api, chromium_path, tmp_path_factory):
    session = Browser(playwright_api, chromium_path, tmp_path_factory.mktemp("chromium"))
    yield session
    session.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium_path):
    """JupyterLab on a free localhost port with a token, working in a temporary copy."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        unavailable("JupyterLab is not installed in this environment (pip install -e '.[course]')")
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab(lab_server, browser, request):
    """The shared JupyterLab page, a test budget, and clean-up afterwards.

    A watchdog ends Chromium if the test outlives its budget, so that any pending
    browser call fails at once instead of hanging; the next test gets a new browser.
    """
    deadline = Deadline(TEST_BUDGET)
    expired = threading.Event()

    def expire():
        expired.set()
        for process in chromium_processes():
            with contextlib.suppress(Exception):
                process.kill()

    watchdog = threading.Timer(TEST_BUDGET + 5, expire)
    watchdog.daemon = True
    watchdog.start()
    lab = None
    try:
        lab = Lab(lab_server, browser.lab_page(lab_server, deadline), deadline)
        yield lab
    finally:
        watchdog.cancel()
        report = getattr(request.node, "rep_call", None)
        failed = report is None or report.failed
        if failed and lab is not None and not expired.is_set():
            with contextlib.suppress(Exception):  # what the page showed when the test failed
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                lab.page.screenshot(
                    path=SCREENSHOTS / f"FAILED-{request.node.name}.png", timeout=5000
                )
        closed = False
        if lab is not None and not failed and not lab.fresh_page_after:
            with contextlib.suppress(Exception):
                for notebook in lab.notebooks:
                    notebook.close()
                closed = True
        if not closed:
            browser.discard_page()  # the next test loads JupyterLab afresh
        lab_server.shutdown_kernels(wait=False)
    if expired.is_set():
        raise BudgetExceeded(
            f"{request.node.name} exceeded its budget of {TEST_BUDGET} s; "
            "the watchdog stopped Chromium"
        )


class Lab:
    """What a browser test gets: the server, the JupyterLab page, the deadline."""

    def __init__(self, server, page, deadline):
        self.server, self.page, self.deadline = server, page, deadline
        self.notebooks = []  # closed after the test
        self.fresh_page_after = False  # set by a test that leaves other tabs open

    def open(self, relpath):
        """Open a notebook (File → Open from Path…) and wait for its kernel."""
        notebook = NotebookPage(self.page, self.server, relpath, self.deadline)
        self.notebooks.append(notebook)
        notebook.open()
        return notebook
