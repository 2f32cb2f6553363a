"""The class test's people in the browser: a hub user in JupyterLab, and the formgrader.

Each person has a browser context of their own (their own cookies, as on their own
computer) and does everything through the pages a person uses: the hub's log-in
form, JupyterLab's menus and the nbgrader *Assignments* panel, the notebook's editor
and toolbar, and the formgrader in a browser tab of its own (JupyterHub >= 4.1 forbids
framing a user's server, so the formgrader tab inside JupyterLab stays blank; nbgrader
issue #1870). Every wait is bounded by the test's :class:`~tests.browser.lab.Deadline`.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

import nbformat

from tests.browser.lab import (
    SCREENSHOTS,
    STEP_TIMEOUT,
    Deadline,
    screenshot,
    until_kernel_chosen,
)

LOGIN_TIMEOUT = 120  # log-in, first spawn of the user's server, JupyterLab loaded
VALIDATE_TIMEOUT = 180  # nbgrader validate runs the whole notebook in the user's server
ACTION_TIMEOUT = 180  # a formgrader action (generate, release, collect, feedback)


def _menu(page, deadline: Deadline, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click(
        timeout=deadline.ms()
    )
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click(
        timeout=deadline.ms()
    )


def _item(panel, kind: str, assignment: str):
    """An assignment in one of the panel's lists (``released``, ``fetched``, ``submitted``);
    its notebooks are nested items of their own."""
    return panel.locator(
        f"#{kind}_assignments_list .list_item:not(.nested_list_item)", has_text=assignment
    )


class LabUser:
    """One hub user in their own browser context, with JupyterLab open."""

    def __init__(self, browser, url: str, name: str, password: str, deadline: Deadline):
        self.url, self.name, self.password, self.deadline = url, name, password, deadline
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(STEP_TIMEOUT * 1000)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.dismiss())

    def close(self) -> None:
        self.context.close()

    def screenshot_on_failure(self, name: str) -> None:
        with contextlib.suppress(Exception):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for number, page in enumerate(self.context.pages):
                page.screenshot(path=SCREENSHOTS / f"{name[:-4]}-{number}.png", timeout=5000)

    def log_in(self) -> None:
        """The hub's log-in form; the hub starts the user's server and opens JupyterLab."""
        page, ms = self.page, self.deadline.ms
        page.goto(f"{self.url}/hub/login", timeout=ms(30))
        page.locator("#username_input").fill(self.name, timeout=ms())
        page.locator("#password_input").fill(self.password, timeout=ms())
        page.locator("#login_submit").click(timeout=ms())
        page.wait_for_url(
            re.compile(rf"/user/{re.escape(self.name)}/lab"), timeout=ms(LOGIN_TIMEOUT)
        )
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^File$")).wait_for(
            timeout=ms(60)
        )
        page.locator(".jp-Launcher").first.wait_for(timeout=ms(60))

    def menu_items(self, top: str) -> list[str]:
        """The items of a menu of the menu bar (the menu is closed again)."""
        page = self.page
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click(
            timeout=self.deadline.ms()
        )
        items = page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()
        page.keyboard.press("Escape")
        return items

    # -- the Assignments panel ------------------------------------------------------------

    def assignments(self):
        """Nbgrader → Assignment List, refreshed; the panel."""
        _menu(self.page, self.deadline, "Nbgrader", "Assignment List")
        panel = self.page.locator("#nbgrader-assignment-list")
        panel.wait_for(timeout=self.deadline.ms())
        panel.locator("#refresh_assignments_list").click(timeout=self.deadline.ms())
        return panel

    def fetch(self, assignment: str) -> None:
        panel = self.assignments()
        item = _item(panel, "released", assignment)
        item.get_by_role("button", name="Fetch").click(timeout=self.deadline.ms(30))
        _item(panel, "fetched", assignment).wait_for(timeout=self.deadline.ms(30))

    def submit(self, assignment: str) -> None:
        panel = self.assignments()
        item = _item(panel, "fetched", assignment)
        item.get_by_role("button", name="Submit").click(timeout=self.deadline.ms(30))
        _item(panel, "submitted", assignment).wait_for(timeout=self.deadline.ms(60))

    def fetch_feedback(self, assignment: str, shot: str | None = None) -> str:
        """Fetch Feedback, then open the feedback file from the panel's "view feedback" link;
        the text of the feedback as JupyterLab shows it."""
        panel = self.assignments()
        item = _item(panel, "submitted", assignment)
        item.get_by_role("button", name="Fetch Feedback").click(timeout=self.deadline.ms(30))
        link = panel.locator("#submitted_assignments_list a", has_text="view feedback")
        link.click(timeout=self.deadline.ms(60))
        html = self.page.locator(".jp-DirListing-item", has_text=f"{assignment}.html")
        html.dblclick(timeout=self.deadline.ms(30))
        frame = self.page.frame_locator(".jp-HTMLViewer iframe")
        heading = frame.locator("h4", has_text="Score:").first
        heading.wait_for(timeout=self.deadline.ms(30))
        if shot:
            screenshot(self.page.locator(".jp-LabShell"), shot)
        return frame.locator("body").inner_text(timeout=self.deadline.ms())

    # -- a notebook ---------------------------------------------------------------------------

    def open_notebook(self, relpath: str, cell_count: int) -> None:
        """File → Open from Path…, until every cell is on the page."""
        _menu(self.page, self.deadline, "File", "Open from Path…")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("input").fill(relpath, timeout=self.deadline.ms())
        dialog.locator("input").press("Enter", timeout=self.deadline.ms())
        cells = self.page.locator(".jp-NotebookPanel .jp-Cell")
        if until_kernel_chosen(self.page, self.deadline, lambda: cells.count() == cell_count, 60):
            return
        raise AssertionError(f"{self.name}: {relpath} did not open with its {cell_count} cells")

    def _cell(self, index: int):
        return self.page.locator(".jp-NotebookPanel .jp-Cell").nth(index)

    def type_into(self, index: int, text: str, *, markdown: bool) -> None:
        """Replace a cell's text as a person would: into its editor, select all, type."""
        cell, ms = self._cell(index), self.deadline.ms
        cell.scroll_into_view_if_needed(timeout=ms())
        if markdown:  # a rendered Markdown cell opens its editor on a double click
            cell.locator(".jp-MarkdownOutput").dblclick(timeout=ms())
        editor = cell.locator(".cm-content")
        editor.click(timeout=ms())
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(text)
        if markdown:
            self.page.keyboard.press("Control+Enter")  # render it again

    def save(self, path: Path, expected: dict[int, str]) -> None:
        """Ctrl+S, then wait until the file on disk holds the typed cells and the tab is clean
        (Validate saves again; two saves at once make JupyterLab ask about a changed file)."""
        self.page.keyboard.press("Control+s")
        end = time.monotonic() + self.deadline.ms(30) / 1000
        saved, dirty = None, self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")
        while time.monotonic() < end:
            try:
                saved = nbformat.read(path, as_version=4)
                if (
                    all(saved.cells[i].source == text for i, text in expected.items())
                    and dirty.count() == 0
                ):
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        got = {i: saved.cells[i].source[:80] for i in expected} if saved else "unreadable"
        raise AssertionError(f"{self.name}: saving {path.name} did not store the answers: {got}")

    def validate(self) -> str:
        """The notebook toolbar's Validate button; the dialog's text (the dialog is closed)."""
        page = self.page
        page.locator(".jp-NotebookPanel-toolbar").get_by_role("button", name="Validate").click(
            timeout=self.deadline.ms()
        )
        dialog = page.locator(".jp-Dialog")
        dialog.get_by_text("Validation Results").wait_for(
            timeout=self.deadline.ms(VALIDATE_TIMEOUT)
        )
        text = dialog.inner_text(timeout=self.deadline.ms())
        dialog.get_by_role("button", name="Ok").click(timeout=self.deadline.ms())
        return text


class Formgrader:
    """The instructor's formgrader, in a browser tab of its own."""

    def __init__(self, instructor: LabUser):
        self.user, self.deadline = instructor, instructor.deadline
        self.base = f"{instructor.url}/user/{instructor.name}/formgrader"
        self.page = instructor.context.new_page()

    def open(self, path: str = "manage_assignments") -> None:
        self.page.goto(f"{self.base}/{path}", timeout=self.deadline.ms(30))

    def assignment_row(self, assignment: str):
        return self.page.locator(
            "#main-table tr",
            has=self.page.locator("td.name", has_text=re.compile(f"^{re.escape(assignment)}$")),
        )

    def action(self, assignment: str, column: str) -> str:
        """Click a Manage Assignments button (column ``assign``, ``release``, ``collect``,
        ``generate-feedback``, ``release-feedback``); the text of its result, which must
        say Success."""
        self.open()
        self.assignment_row(assignment).locator(f"td.{column} a").click(timeout=self.deadline.ms())
        modal = self.page.locator(".modal-dialog")
        modal.wait_for(timeout=self.deadline.ms(ACTION_TIMEOUT))
        title = modal.locator(".modal-title").inner_text(timeout=self.deadline.ms())
        text = modal.inner_text(timeout=self.deadline.ms())
        assert title == "Success", f"formgrader {column} of {assignment}: {text[:3000]}"
        modal.locator(".modal-footer button").click(timeout=self.deadline.ms())
        modal.wait_for(state="detached", timeout=self.deadline.ms())
        return text

    def give_full_credit(self, student: str, assignment: str, grade_ids: list[str]) -> None:
        """Manage Students → the student's notebook → "Full credit" for each written answer."""
        self.open(f"manage_students/{student}/{assignment}")
        self.page.locator("td a", has_text=assignment).first.click(timeout=self.deadline.ms())
        # The buttons work once the page's script has loaded the submission's grades.
        self.page.wait_for_function(
            "() => window.formgrader && formgrader.grades && formgrader.grades.loaded",
            timeout=self.deadline.ms(30),
        )
        for grade_id in grade_ids:
            score = self.page.locator(f"input.score[id='{grade_id}']")
            buttons = score.locator("xpath=ancestor::div[contains(@class, 'pull-right')][1]")
            buttons.locator(".full-credit").click(timeout=self.deadline.ms())
            self.page.wait_for_function(
                "([id]) => document.getElementById(id).value !== '' "
                "&& !document.querySelector('.score-saved.glyphicon-refresh')",
                arg=[grade_id],
                timeout=self.deadline.ms(),
            )
