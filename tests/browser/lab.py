"""Helpers for the browser tests: a JupyterLab server, a deadline, and a notebook driver.

Everything here has a bound: the server starts or fails within seconds, every
wait in the browser has a timeout, and :class:`Deadline` caps a whole test.
Nothing writes into the repository except screenshots under ``artifacts/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from telegram_case.instructor import preprocessors

ROOT = Path(__file__).resolve().parents[2]
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTION_NOTEBOOKS = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# Flags that work as root in a container; the profile is a fresh temporary folder.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]

# Bounds, in seconds.
SERVER_START_TIMEOUT = 60
SERVER_STOP_TIMEOUT = 10
STEP_TIMEOUT = 15  # one UI step: open a menu, render a widget, save
RUN_TIMEOUT = 60  # one "run" command until the kernel is idle again
SETTLE = 2.0  # seconds of an idle kernel and unchanged prompts before a run counts as over
TEST_BUDGET = 120  # a whole test

# Environment variables that would switch the explorers to their static views,
# or point Jupyter at the developer's own configuration.
SCRUBBED_ENV = (
    "NBGRADER_EXECUTION",
    "TELEGRAM_CASE_STATIC",
    "TELEGRAM_CASE_GRADED",
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
    "JUPYTER_DATA_DIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_RUNTIME_DIR",
    "JUPYTER_PREFER_ENV_PATH",
    "IPYTHONDIR",
    "MPLCONFIGDIR",
    "MPLBACKEND",
    "PYTHONSTARTUP",
)

# JupyterLab settings for a test run: the preferred kernel starts without asking; and
# every cell is rendered, on screen or not (windowing mode "none"; the default skips
# rendering off-screen cells, whose text then reads as empty). No news or update
# setting here: the course environment's own overrides.json must keep the news prompt
# away (see test_no_news_prompt).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
    # JupyterLab has no default key for "Run Selected Cell and All Below"; the tests
    # add one, because a student's run continues with it after every stub (below).
    "@jupyterlab/shortcuts-extension/shortcuts.jupyterlab-settings": {
        "shortcuts": [
            {
                "command": "notebook:run-all-below",
                "keys": ["Ctrl Alt Shift B"],
                "selector": ".jp-Notebook",
            }
        ]
    },
}
RUN_BELOW_KEYS = "Control+Alt+Shift+B"


class BudgetExceeded(AssertionError):
    """A test ran out of its time budget."""


@dataclass
class Deadline:
    """A whole-test time budget; every wait takes the smaller of its own bound and what is left."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def ms(self, step: float = STEP_TIMEOUT) -> float:
        """A Playwright timeout (milliseconds) for one step."""
        left = self.remaining()
        if left <= 0:
            raise BudgetExceeded(f"the test used up its budget of {self.seconds:.0f} s")
        return max(1.0, min(step, left)) * 1000


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """JupyterLab from this Python environment, in a temporary home, on a free port.

    The working folder is a temporary copy of the notebooks: ``notebooks/``
    (student versions, as in the repository) and ``solutions/<assignment>/``
    (the instructor versions from course/source, with their solutions).
    A temporary nbgrader exchange holds every assignment as "released", so the
    student's Assignments panel has something to list.
    """

    def __init__(self, base: Path):
        self.base = base
        self.home = base / "home"
        self.config = base / "jupyter-config"
        self.runtime = base / "jupyter-runtime"
        self.data = base / "jupyter-data"
        self.exchange = base / "exchange"
        self.work = base / "work"
        self.log_path = base / "jupyterlab.log"
        self.token = secrets.token_hex(16)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = None

    # -- setup --------------------------------------------------------------------------------

    def prepare(self) -> None:
        for folder in (self.home, self.config, self.runtime, self.data, self.work):
            folder.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        (self.work / "notebooks").mkdir()
        for notebook in STUDENT_NOTEBOOKS:
            shutil.copy2(notebook, self.work / "notebooks" / notebook.name)
        for assignment in sorted({nb.parent for nb in SOLUTION_NOTEBOOKS}):
            shutil.copytree(
                assignment,
                self.work / "solutions" / assignment.name,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
            )
        for name, settings in LAB_SETTINGS.items():
            path = self.config / "lab" / "user-settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        # nbgrader: a private exchange with every student notebook released.
        outbound = self.exchange / "telegram-case" / "outbound"
        for notebook in STUDENT_NOTEBOOKS:
            if (ROOT / "course" / "source" / notebook.stem).is_dir():
                (outbound / notebook.stem).mkdir(parents=True)
                shutil.copy2(notebook, outbound / notebook.stem / notebook.name)
        self.exchange.chmod(0o777)
        (self.config / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.Exchange.root = {str(self.exchange)!r}\n"
            "c.CourseDirectory.course_id = 'telegram-case'\n"
        )

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            {
                "HOME": str(self.home),
                "JUPYTER_CONFIG_DIR": str(self.config),
                "JUPYTER_RUNTIME_DIR": str(self.runtime),
                "JUPYTER_DATA_DIR": str(self.data),
                "JUPYTER_PLATFORM_DIRS": "1",
                "IPYTHONDIR": str(self.home / ".ipython"),
                "MPLCONFIGDIR": str(self.home / ".matplotlib"),
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        self.prepare()
        env = self.env()
        # Matplotlib builds its font cache on first import and says so on stderr;
        # build it now, while the server starts, so no notebook shows that message.
        warm = subprocess.Popen(
            [sys.executable, "-c", "import matplotlib.font_manager"],
            env=env,
            cwd=self.work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _attempt in range(3):  # another process may take the free port first
                self.port = free_port()
                self._spawn(env)
                if self._wait_ready():
                    return
                self.stop()
                if "address already in use" not in self.log_tail().lower():
                    break
            raise RuntimeError(
                f"JupyterLab did not start within {SERVER_START_TIMEOUT} s; "
                f"log {self.log_path}:\n{self.log_tail()}"
            )
        finally:
            with contextlib.suppress(subprocess.TimeoutExpired):
                warm.wait(timeout=SERVER_START_TIMEOUT)
            if warm.poll() is None:
                warm.kill()
                warm.wait()

    def _spawn(self, env) -> None:
        self._log = self.log_path.open("ab")
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.work}",
            "--ServerApp.allow_root=True",  # containers run as root
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
        ]
        # A session of its own: stop() ends the whole process group.
        self.process = subprocess.Popen(
            command,
            cwd=self.work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError, ValueError):
                self.api("GET", "/api/status", timeout=2)
                return True
            time.sleep(0.2)
        return False

    def api(self, method: str, path: str, timeout: float = 5):
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, *, wait: bool = True) -> None:
        """Shut down every kernel running now (each notebook test starts one).

        With ``wait=False`` the shutdown runs in a background thread, so the next
        test need not wait for a kernel to exit; kernels started later are untouched.
        """
        try:
            kernels = [k["id"] for k in self.api("GET", "/api/kernels")]
        except (OSError, ValueError):
            return

        def shut_down():
            for kernel in kernels:
                with contextlib.suppress(OSError, ValueError):
                    self.api("DELETE", f"/api/kernels/{kernel}", timeout=10)

        if wait:
            shut_down()
        else:
            threading.Thread(target=shut_down, daemon=True).start()

    def stop(self) -> None:
        """Stop the server and everything it started, even after a failed test."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.poll() is None:
                self.shutdown_kernels()
            descendants = _descendants(process.pid)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=SERVER_STOP_TIMEOUT)
            # Kernels run in sessions of their own; end any the server left behind.
            for child in descendants:
                with contextlib.suppress(Exception):
                    child.wait(timeout=2)
                with contextlib.suppress(Exception):
                    child.kill()
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, workspace: str) -> str:
        """JupyterLab in a fresh, empty workspace (nothing restored from earlier runs)."""
        return f"{self.url}/lab/workspaces/{workspace}?reset&token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:]).replace(self.token, "<token>")


def _descendants(pid: int):
    try:
        import psutil
    except ImportError:  # psutil comes with ipykernel; without it the process group suffices
        return []
    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).children(recursive=True)
    return []


def chromium_processes():
    """The Chromium processes this test process started (for the budget watchdog)."""
    try:
        import psutil
    except ImportError:
        return []
    found = []
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "chrom" in child.name().lower():
                    found.append(child)
    return found


# --- what a notebook should show -------------------------------------------------------------


def check_cell(source: str) -> bool:
    return bool(re.search(r"\bq\.\w+\.check\(\s*\)", source))


def answer_names(student_path: Path) -> set[str]:
    """Names the answer cells of the solution define (the student's stub does not).

    A student's "try it" cell that reads such a name fails with a NameError until
    the answer cell is answered: a direct consequence of the unanswered stub. The
    same names decide which cells generate_assignment tags ``raises-exception``.
    """
    source = ROOT / "course" / "source" / student_path.stem / student_path.name
    if not source.exists():
        return set()
    return preprocessors.answer_names(nbformat.read(source, as_version=4).cells)


def classify_outputs(notebook, *, student: bool, answer_vars: set[str]) -> tuple[list, list]:
    """Split the saved notebook's error-like outputs into (expected, unexpected).

    Expected, in a student notebook only: the stub's NotImplementedError, a
    check's "Not attempted" message, and a NameError for an answer variable the
    stub leaves undefined. Anything else — any other exception, any stderr text —
    is unexpected. A solution notebook expects none at all.
    """
    expected, unexpected = [], []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream" and output.name == "stderr":
                unexpected.append((index, "stderr", output.text.strip()[:300]))
                continue
            if output.output_type != "error":
                continue
            what = (index, output.ename, output.evalue[:300])
            name = re.match(r"name '(\w+)' is not defined", output.evalue)
            ok = student and (
                output.ename == "NotImplementedError"
                or (output.ename == "CheckFailed" and output.evalue.startswith("Not attempted"))
                or (output.ename == "NameError" and name and name.group(1) in answer_vars)
            )
            (expected if ok else unexpected).append(what)
    return expected, unexpected


# --- driving JupyterLab ------------------------------------------------------------------------

PANEL = ".jp-NotebookPanel"

_JS_STATE = """(panel) => {
  const nb = document.querySelector(panel);
  if (!nb) return null;
  const indicator = nb.querySelector('.jp-Notebook-ExecutionIndicator');
  const cells = [...nb.querySelectorAll('.jp-Cell')].map(cell => {
    const prompt = cell.querySelector('.jp-InputPrompt');
    return {code: cell.classList.contains('jp-CodeCell'),
            prompt: prompt ? prompt.textContent.trim() : ''};
  });
  return {status: indicator ? indicator.dataset.status : null, cells};
}"""

# Done: no cell waits ("[*]") and cell `target` has run; with no target, JupyterLab's
# kernel indicator says idle (it lags the kernel by a tenth of a second or two, so a
# run is better judged by its prompts and the server's view of the kernel).
_JS_IDLE = """([panel, target]) => {
  const nb = document.querySelector(panel);
  const indicator = nb && nb.querySelector('.jp-Notebook-ExecutionIndicator');
  if (target === null && (!indicator || indicator.dataset.status !== 'idle')) return false;
  const cells = [...nb.querySelectorAll('.jp-Cell')];
  if (cells.some(c => (c.querySelector('.jp-InputPrompt') || {}).textContent?.includes('*')))
    return false;
  if (target === null) return true;
  const prompt = cells[target].querySelector('.jp-InputPrompt');
  return /\\[\\d+\\]/.test(prompt ? prompt.textContent : '');
}"""


def executed(prompt: str) -> bool:
    return bool(re.search(r"\[\d+\]", prompt))


def _run_over(state: dict | None, target: int | None) -> bool:
    """_JS_IDLE, read from a :meth:`NotebookPage.state` already taken."""
    if not state:
        return False
    if target is None and state["status"] != "idle":
        return False
    prompts = [c["prompt"] for c in state["cells"]]
    if any("*" in prompt for prompt in prompts):
        return False
    return target is None or executed(prompts[target])


def boot_lab(page, server: LabServer, workspace: str, deadline: Deadline) -> None:
    """Load JupyterLab in ``page`` and wait until its menus are there."""
    page.goto(server.lab_url(workspace), timeout=deadline.ms(30), wait_until="domcontentloaded")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^File$")).wait_for(
        timeout=deadline.ms(30)
    )
    page.locator(".jp-Launcher").first.wait_for(timeout=deadline.ms(30))


def until_kernel_chosen(page, deadline: Deadline, ready, seconds: float) -> bool:
    """Poll ``ready()`` for up to ``seconds`` (within ``deadline``), choosing the offered
    kernel whenever JupyterLab asks; False if ``ready()`` never held."""
    end = time.monotonic() + deadline.ms(seconds) / 1000
    select = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    while time.monotonic() < end:
        if select.count():  # JupyterLab asks when it has not yet seen the kernel specs
            select.get_by_role("button", name="Select", exact=True).click(timeout=deadline.ms())
        if ready():
            return True
        time.sleep(0.1)
    return False


class NotebookPage:
    """One notebook open in JupyterLab, driven the way a student drives it."""

    def __init__(self, page, server: LabServer, relpath: str, deadline: Deadline):
        self.page, self.server, self.relpath, self.deadline = page, server, relpath, deadline
        self.path = server.work / relpath
        self.panel = page.locator(PANEL)
        self.runs = 0  # Run commands given (1 when Run All went through)
        self.retries = 0  # commands given again because they did not take
        self.reruns: list[str] = []  # why a run was continued with "Run ... All Below"

    def open(self) -> None:
        """File → Open from Path…, then wait until every cell is in the page and the
        notebook's kernel has started and is idle."""
        self.menu("File", "Open from Path…")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("input").fill(self.relpath, timeout=self.deadline.ms())
        dialog.locator("input").press("Enter", timeout=self.deadline.ms())
        count = len(nbformat.read(self.path, as_version=4).cells)
        self.page.wait_for_function(  # exactly this notebook, every cell in the page
            """([sel, n]) => document.querySelectorAll('.jp-NotebookPanel').length === 1
                             && document.querySelectorAll(sel).length === n""",
            arg=[f"{PANEL} .jp-Cell", count],
            timeout=self.deadline.ms(30),
        )
        idle = self.page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']")

        def ready():
            return self.kernel_state() == "idle" and idle.count()

        if until_kernel_chosen(self.page, self.deadline, ready, seconds=45):
            return
        raise AssertionError(
            f"{self.relpath}: the kernel did not start (server says {self.kernel_state()!r})"
        )

    def close(self) -> None:
        """File → Close Tab (its kernel is shut down by the test's clean-up)."""
        self.menu("File", "Close Tab")
        dialog = self.page.locator(".jp-Dialog")
        try:
            self.page.locator(PANEL).first.wait_for(state="detached", timeout=3000)
        except Exception:  # Playwright's TimeoutError: JupyterLab asks to save changes
            dialog.get_by_role("button", name="Discard").click(timeout=self.deadline.ms())
            self.page.locator(PANEL).first.wait_for(state="detached", timeout=self.deadline.ms())

    def kernel_state(self) -> str | None:
        """The execution state of this notebook's kernel, as the server reports it."""
        with contextlib.suppress(OSError, ValueError):
            for session in self.server.api("GET", "/api/sessions", timeout=2):
                if session.get("path") == self.relpath and session.get("kernel"):
                    return session["kernel"].get("execution_state")
        return None

    def menu(self, top: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click(
            timeout=self.deadline.ms()
        )
        label = self.page.locator(
            ".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")
        )
        label.click(timeout=self.deadline.ms())

    def state(self) -> dict:
        return self.page.evaluate(_JS_STATE, PANEL)

    def wait_idle(self, target: int | None) -> None:
        """Wait until a run from cell ``target`` is over (or, with None, the kernel rests)."""
        try:
            self.page.wait_for_function(
                _JS_IDLE, arg=[PANEL, target], polling=20, timeout=self.deadline.ms(RUN_TIMEOUT)
            )
        except Exception as error:  # Playwright's TimeoutError: say what was still running
            raise AssertionError(
                self.stall_report(f"the run from cell {target} did not finish")
            ) from error
        # The kernel has also finished what is queued, and the page has caught up. After a
        # failing cell tagged raises-exception, JupyterLab takes the "[*]" off the cells
        # still queued although the kernel goes on to run them, and on a busy machine the
        # page can show the results seconds after the kernel has finished. So the run is
        # over when the kernel is idle and no prompt on the page has changed for SETTLE s.
        end = time.monotonic() + self.deadline.ms(RUN_TIMEOUT) / 1000
        idle_since, prompts = None, None
        while True:
            now = time.monotonic()
            state = self.state()
            seen = [c["prompt"] for c in state["cells"]] if state else None
            if seen == prompts and _run_over(state, target) and self.kernel_state() == "idle":
                idle_since = idle_since or now
                if now - idle_since >= SETTLE:
                    return
            else:
                idle_since, prompts = None, seen
            if now > end:
                raise AssertionError(
                    self.stall_report("the kernel stayed busy, or the page kept changing")
                )
            time.sleep(0.05)

    def stall_report(self, what: str) -> str:
        """What a stalled run looked like: waiting cells, the server's view, its log."""
        with contextlib.suppress(Exception):
            cells = self.state()["cells"]
            waiting = [i for i, c in enumerate(cells) if "*" in c["prompt"]]
            not_run = [i for i, c in enumerate(cells) if c["code"] and not executed(c["prompt"])]
            what += f"; cells waiting ([*]): {waiting}; cells not run: {not_run}"
            if not waiting and not_run:
                what += (
                    " (cancelled by the kernel, as ipykernel's stop-on-error can do to a run "
                    "given right after an error, or not yet shown by the page)"
                )
        what += f"; server says the kernel is {self.kernel_state()!r}"
        return f"{self.relpath}: {what}\nJupyterLab log (tail):\n{self.server.log_tail(25)}"

    def run_all(self) -> None:
        """Run → Run All Cells, then carry on past each stopping error like a student would.

        JupyterLab stops "Run All" at the first cell that raises, unless the cell
        is tagged ``raises-exception`` (the student versions tag every stub; see
        ``TagUnansweredCells``). Past an untagged one, a student selects the next
        cell and uses Run → Run Selected Cell and All Below; ``runs`` counts the
        commands, so a test can insist on one.
        """
        cells = self.state()["cells"]
        code = [i for i, c in enumerate(cells) if c["code"]]
        if not code:
            return
        self._run_from(code[0], "Run All Cells")
        for _ in range(len(code)):
            cells = self.state()["cells"]
            pending = [i for i in code if not executed(cells[i]["prompt"])]
            if not pending:
                return
            self.reruns.append(
                f"after run {self.runs}, {len(pending)} cells not run, from cell "
                f"{pending[0]} (the page shows {cells[pending[0]]['prompt']!r}; "
                f"the server says the kernel is {self.kernel_state()!r})"
            )
            self._run_from(pending[0], "Run Selected Cell and All Below")
        raise AssertionError(f"{self.relpath}: cells still not run after {self.runs} runs")

    def _run_from(self, index: int, command: str) -> None:
        """Give a Run command from cell ``index`` and wait until the kernel is idle again.

        "Run All Cells" goes through the Run menu. "Run Selected Cell and All
        Below" comes once per stub; it selects the cell with a click on its prompt
        and uses a keyboard shortcut (menus cost half a second each), falling back
        to the Run menu. A command that did not take (JupyterLab still busy
        setting up the notebook) is given again, at most three times.
        """
        started = """([panel, i]) => {
            const p = document.querySelectorAll(panel + ' .jp-Cell')[i]
                      .querySelector('.jp-InputPrompt');
            return /\\[(\\*|\\d+)\\]/.test(p ? p.textContent : '');
        }"""
        for attempt in range(3):
            if command == "Run All Cells":
                self.menu("Run", command)
            else:
                self.cell(index).locator(".jp-InputPrompt").click(timeout=self.deadline.ms())
                if attempt == 0:
                    self.page.keyboard.press(RUN_BELOW_KEYS)
                else:
                    self.menu("Run", command)
            try:
                self.page.wait_for_function(
                    started, arg=[PANEL, index], polling=50, timeout=self.deadline.ms(5)
                )
                break
            except Exception:  # Playwright's TimeoutError: the command did not take
                self.retries += 1
        self.runs += 1
        self.wait_idle(index)

    def save(self):
        """File → Save, then read back what JupyterLab wrote (outputs included)."""
        before = self.path.stat().st_mtime_ns
        self.menu("File", "Save Notebook")
        end = time.monotonic() + self.deadline.ms() / 1000
        while time.monotonic() < end:
            if self.path.stat().st_mtime_ns != before:
                with contextlib.suppress(json.JSONDecodeError, nbformat.reader.NotJSONError):
                    saved = nbformat.read(self.path, as_version=4)
                    if self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0:
                        return saved
            time.sleep(0.1)
        raise AssertionError(f"{self.relpath}: saving did not finish")

    # -- what the page shows ----------------------------------------------------------------

    def cell(self, index: int):
        return self.panel.locator(".jp-Cell").nth(index)

    def headings(self) -> list[tuple[int, str]]:
        return self.page.evaluate(
            """(panel) => [...document.querySelector(panel)
            .querySelectorAll('.jp-Notebook :is(h1,h2,h3,h4,h5,h6)')]
            .map(h => [Number(h.tagName[1]), h.innerText.replace('¶', '').trim()])""",
            PANEL,
        )

    def figures(self) -> list[dict]:
        self.page.wait_for_function(
            """(panel) => [...document.querySelectorAll(panel + ' figure img')]
                          .every(img => img.complete)""",
            arg=PANEL,
            timeout=self.deadline.ms(),
        )
        return self.page.evaluate(
            """(panel) => [...document.querySelectorAll(panel + ' figure')]
          .map(f => { const img = f.querySelector('img'), cap = f.querySelector('figcaption');
            const shown = e => !!e && e.checkVisibility() && e.getBoundingClientRect().height > 0;
            return {alt: img ? img.getAttribute('alt') : null,
                    width: img ? img.naturalWidth : 0, height: img ? img.naturalHeight : 0,
                    img_shown: shown(img), caption: cap ? cap.innerText : null,
                    caption_shown: shown(cap),
                    caption_math: !!(cap && cap.querySelector('mjx-container')),
                    in_widget: !!f.closest('.jupyter-widgets')}; })""",
            PANEL,
        )

    def typeset_outputs(self) -> list[str]:
        """HTML outputs in which MathJax typeset something (a stray ``$`` read as LaTeX)."""
        return self.page.evaluate(
            """(panel) => [...new Set([...document.querySelectorAll(
              panel + ' .jp-OutputArea-output mjx-container')]
            .map(m => m.closest('.jp-OutputArea-output')))]
            .filter(o => !['text/latex', 'text/markdown'].includes(o.dataset.mimeType))
            .map(o => o.innerText.replace(/\\s+/g, ' ').slice(0, 100))""",
            PANEL,
        )

    def typeset_markdown(self) -> list[tuple[int, str]]:
        """(cell index, text) of every markdown cell in which MathJax typeset something."""
        return self.page.evaluate(
            """(panel) => [...document.querySelectorAll(panel + ' .jp-Cell')]
            .map((cell, index) => [index, cell])
            .filter(([index, cell]) => cell.classList.contains('jp-MarkdownCell')
                    && cell.querySelector('.jp-RenderedMarkdown mjx-container'))
            .map(([index, cell]) => [index, cell.innerText.replace(/\\s+/g, ' ').slice(0, 100)])""",
            PANEL,
        )

    def error_outputs_shown(self) -> int:
        return self.panel.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()

    def widget_roots(self):
        """The outermost widget view of each widget output."""
        return self.panel.locator(".jp-OutputArea-output > .jupyter-widgets").filter(
            has_not=self.page.locator("xpath=ancestor::*[contains(@class,'jupyter-widgets')]")
        )


# --- widgets --------------------------------------------------------------------------------

# What a widget shows as a result: its output areas, HTML and label widgets, and images.
# A control's own state (a pressed button, a slider's readout) is left out, so a
# change proves that the kernel answered.
_JS_SIGNATURE = """(root) => {
  const parts = [];
  root.querySelectorAll('.widget-output, .widget-html-content, .widget-htmlmath-content, ' +
                        '.widget-label:not(label)').forEach(e => parts.push(e.textContent));
  root.querySelectorAll('img').forEach(img => {
    let h = 0; const s = img.src || '';
    for (let i = 0; i < s.length; i += 7) h = (h * 31 + s.charCodeAt(i)) | 0;
    parts.push(s.length + ':' + h);
  });
  return parts.join('\\u241e');
}"""


def widget_controls(root) -> list[tuple[str, object]]:
    """The controls of a widget that a student can change, in order on the page."""
    controls = []
    for slider in root.locator(".widget-slider, .widget-hslider, .widget-vslider").all():
        controls.append(("slider", slider))
    for group in root.locator(".widget-toggle-buttons").all():
        controls.append(("toggle-buttons", group))
    for box in root.locator(".widget-checkbox input[type=checkbox]").all():
        controls.append(("checkbox", box))
    for select in root.locator(".widget-dropdown select, .widget-select select").all():
        controls.append(("select", select))
    for radios in root.locator(".widget-radio-box").all():
        controls.append(("radio", radios))
    for number in root.locator(".widget-text input[type=number]").all():
        controls.append(("number", number))
    for button in root.locator("button.widget-button").all():
        controls.append(("button", button))
    return controls


def change_control(page, kind: str, control, deadline: Deadline) -> str:
    """Change one control the way a person would; return what was done."""
    ms = deadline.ms()
    if kind == "toggle-buttons":
        button = control.locator("button:not(.mod-active)").first
        label = button.inner_text(timeout=ms)
        button.click(timeout=ms)
        return f"pressed {label!r}"
    if kind == "checkbox":
        control.click(timeout=ms)
        return "ticked" if control.is_checked() else "unticked"
    if kind == "select":
        options = control.locator("option").all_inner_texts()
        current = control.evaluate("s => s.selectedIndex")
        choice = len(options) // 2 if current != len(options) // 2 else 0
        control.select_option(index=choice, timeout=ms)
        return f"selected {options[choice]!r}"
    if kind == "radio":
        radio = control.locator("input[type=radio]:not(:checked)").first
        radio.check(timeout=ms)
        return "picked another option"
    if kind == "number":
        value = control.input_value(timeout=ms)
        control.fill(str(float(value or 0) + 1).removesuffix(".0"), timeout=ms)
        control.press("Enter", timeout=ms)
        return "changed the number"
    if kind == "button":
        control.click(timeout=ms)
        return "clicked"
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        track = control.locator(".noUi-base, .noUi-target").first
        readout = control.locator(".widget-readout")
        before = readout.first.inner_text(timeout=ms) if readout.count() else None
        box, track_box = handle.bounding_box(timeout=ms), track.bounding_box(timeout=ms)
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for direction in (+1, -1):  # right, or left when the handle is at the right end
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + direction * track_box["width"] / 3, y, steps=5)
            page.mouse.up()
            if before is None or readout.first.inner_text(timeout=ms) != before:
                break
        after = readout.first.inner_text(timeout=ms) if readout.count() else "?"
        return f"moved the slider from {before} to {after}"
    raise ValueError(kind)


def exercise_widget(page, root, deadline: Deadline, *, idle, every: bool = True) -> list[str]:
    """Change every control of a widget (or only the first) and wait each time for its
    output to change."""
    done = []
    controls = widget_controls(root)
    assert controls, "the widget has no control a student can change"
    for kind, control in controls if every else controls[:1]:
        before = root.evaluate(_JS_SIGNATURE)
        action = change_control(page, kind, control, deadline)
        try:
            page.wait_for_function(
                f"([root, before]) => ({_JS_SIGNATURE})(root) !== before",
                arg=[root.element_handle(timeout=deadline.ms()), before],
                polling=50,
                timeout=deadline.ms(STEP_TIMEOUT),
            )
        except Exception as error:
            raise AssertionError(
                f"the widget did not react: {kind} {action}, but its output stayed the same"
            ) from error
        idle()
        done.append(f"{kind}: {action}")
    return done


def screenshot(locator, name: str) -> Path:
    """Save a screenshot of one element to artifacts/screenshots/.

    An element taller than the window would be cut by JupyterLab's toolbar and
    status bar, so the window grows for the shot and shrinks back afterwards.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page = locator.page
    viewport = page.viewport_size
    box = locator.bounding_box(timeout=STEP_TIMEOUT * 1000)
    tall = box is not None and viewport is not None and box["height"] > viewport["height"] - 200
    if tall:
        page.set_viewport_size(
            {"width": viewport["width"], "height": min(int(box["height"]) + 300, 6000)}
        )
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )  # JupyterLab lays itself out again
    try:
        locator.screenshot(path=path, animations="disabled", timeout=STEP_TIMEOUT * 1000)
    finally:
        if tall:
            page.set_viewport_size(viewport)
    return path
