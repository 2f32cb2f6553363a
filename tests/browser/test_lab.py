"""What students see, proved in a real browser: JupyterLab in headless Chromium.

One JupyterLab server, one Chromium and one JupyterLab page serve the whole file
(see conftest.py). Each notebook is opened with File → Open from Path…, run with
the UI's own Run → Run All Cells, saved, and checked as rendered:

* student versions (notebooks/*.ipynb): the only errors are the unanswered stubs
  (NotImplementedError, the checks' "Not attempted", and a "try it" cell's
  NameError for an answer variable the stub leaves undefined), and Run All goes
  through them in one command (each is tagged ``raises-exception``);
* solution versions (course/source/*/*.ipynb, copied): no error at all, every
  check says "Correct";
* both: every figure renders with alt text and a visible text alternative, no
  output and no markdown cell is typeset as maths by mistake, every widget renders live and reacts,
  every check cell shows a labelled message, headings are in order with one h1;
* the nbgrader Assignments panel (fetch) and Validate button work.

Screenshots of each notebook's first figure and first widget go to
artifacts/screenshots/.
"""

from __future__ import annotations

import ast
import itertools
import re

import nbformat
import pytest

from .lab import (
    SOLUTION_NOTEBOOKS,
    STUDENT_NOTEBOOKS,
    NotebookPage,
    answer_names,
    check_cell,
    classify_outputs,
    exercise_widget,
    screenshot,
)

pytestmark = pytest.mark.browser

LABEL = re.compile(r"^(✔ Correct|✘ Not yet right|… Not attempted)\b")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _id(path):
    return path.stem


def _outputs(saved, predicate):
    return [
        (i, out)
        for i, cell in enumerate(saved.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if predicate(out)
    ]


def _is_figure(output):
    return "<figure" in "".join(output.get("data", {}).get("text/html", ""))


def _is_widget(output):
    return WIDGET_MIME in output.get("data", {})


def _is_error(output):
    return output.output_type == "error" or (
        output.output_type == "stream" and output.name == "stderr"
    )


def _run(lab, relpath):
    notebook = lab.open(relpath)
    notebook.run_all()
    saved = notebook.save()
    not_run = [
        i for i, c in enumerate(saved.cells) if c.cell_type == "code" and c.execution_count is None
    ]
    assert not not_run, f"{relpath}: cells {not_run} never ran"
    return notebook, saved


def _check_page(notebook: NotebookPage, saved, *, stem: str, version: str) -> list[str]:
    """Everything a student should see on the rendered notebook; returns the problems."""
    problems = []

    # Errors on the page are exactly the error outputs in the saved notebook.
    errors = _outputs(saved, _is_error)
    shown = notebook.error_outputs_shown()
    if shown != len(errors):
        problems.append(f"{shown} error outputs on the page, {len(errors)} in the notebook")

    # Headings: one h1, first, and no level skipped.
    headings = notebook.headings()
    levels = [level for level, _ in headings]
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problems.append(f"expected one h1, first; headings are {headings}")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"heading {text!r} is h{level} after an h{before}")

    # Figures: the image shows, has alt text, and the text alternative is visible.
    figures = notebook.figures()
    expected = len(_outputs(saved, _is_figure))
    outside = [f for f in figures if not f["in_widget"]]
    if len(outside) != expected:
        problems.append(f"{len(outside)} figures on the page, {expected} in the outputs")
    for number, figure in enumerate(figures, 1):
        alt = (figure["alt"] or "").strip()
        caption = " ".join((figure["caption"] or "").split())
        if not (figure["width"] > 0 and figure["height"] > 0 and figure["img_shown"]):
            problems.append(f"figure {number}: the image did not render")
        if not alt:
            problems.append(f"figure {number}: no alt text")
        if not figure["caption_shown"] or not caption.startswith("Text alternative:"):
            problems.append(f"figure {number}: no visible text alternative")
        elif figure["caption_math"]:
            problems.append(
                f"figure {number}: MathJax typeset the text alternative as maths "
                f"(a '$' in it), so it reads {caption[:90]!r}…"
            )
        elif " ".join(alt.split()) not in caption:
            problems.append(
                f"figure {number}: the caption {caption!r} does not match the alt text {alt!r}"
            )

    # No output text mangled into maths (JupyterLab typesets $…$ in HTML outputs).
    for text in notebook.typeset_outputs():
        problems.append(f"an output was typeset as maths by MathJax: {text!r}")
    # No prose mangled into maths either: a markdown cell shows typeset maths only if it is
    # meant to show a formula (tagged "formula"); dollar amounts are written \$.
    for index, text in notebook.typeset_markdown():
        if "formula" not in saved.cells[index].metadata.get("tags", []):
            problems.append(
                f"markdown cell {index} was typeset as maths (an unescaped '$'?): {text!r}"
            )

    # Check cells: a visible message that starts with its label, not colour alone.
    want = "Not attempted" if version == "student" else "Correct"
    checks = [
        i for i, c in enumerate(saved.cells) if c.cell_type == "code" and check_cell(c.source)
    ]
    for index in checks:
        output = notebook.cell(index).locator(".jp-OutputArea-output").first
        text = output.inner_text(timeout=notebook.deadline.ms()).strip() if output.count() else ""
        if not output.count() or not output.is_visible():
            problems.append(f"check cell {index} shows no message")
        elif not LABEL.match(text) or want not in text.split("\n")[0]:
            problems.append(f"check cell {index} says {text[:80]!r}, expected '{want}'")

    # Nothing fell back to a static view.
    page_text = notebook.panel.inner_text(timeout=notebook.deadline.ms())
    for marker in ("Static view", "Error displaying widget", "Loading widget"):
        if marker in page_text:
            problems.append(f"the page shows {marker!r}")

    # A screenshot of the notebook's first figure.
    if outside:
        first = notebook.panel.locator("figure").filter(
            has_not=notebook.page.locator("xpath=ancestor::*[contains(@class,'jupyter-widgets')]")
        )
        screenshot(first.first, f"{stem}-{version}-figure.png")

    return problems + _check_widgets(notebook, saved, stem=stem, version=version)


def _check_widgets(notebook: NotebookPage, saved, *, stem: str, version: str) -> list[str]:
    """Each widget renders live and reacts: in the answered notebook to every control, in
    the student's to its first (the same widget; enough to show it is live, and quicker)."""
    problems = []
    expected = len(_outputs(saved, _is_widget))
    roots = notebook.widget_roots()
    try:
        notebook.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[".jp-NotebookPanel .jp-OutputArea-output > .jupyter-widgets", expected],
            timeout=notebook.deadline.ms(),
        )
    except Exception:  # Playwright's TimeoutError; counted below
        pass
    if roots.count() != expected:
        problems.append(f"{roots.count()} widgets rendered, {expected} in the outputs")
    for number, root in enumerate(roots.all(), 1):
        if not root.is_visible():
            problems.append(f"widget {number} is not visible")
            continue
        if number == 1:
            screenshot(root, f"{stem}-{version}-widget.png")
        try:
            exercise_widget(
                notebook.page,
                root,
                notebook.deadline,
                idle=lambda: notebook.wait_idle(None),
                every=version == "solution",
            )
        except AssertionError as failed:
            problems.append(f"widget {number}: {failed}")
            continue
        if number == 1:
            screenshot(root, f"{stem}-{version}-widget-changed.png")
    return problems


def _raises_at_top_level(source: str) -> bool:
    """An answer stub that raises when its cell runs (not one inside a ``def``)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Raise) for node in body)


def _report(relpath, problems):
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=_id)
def test_student_notebook(lab, path):
    """A student's first Run All: only the unanswered stubs fail, everything else works."""
    notebook, saved = _run(lab, f"notebooks/{path.name}")
    expected, unexpected = classify_outputs(saved, student=True, answer_vars=answer_names(path))
    problems = [f"cell {cell}: {error}: {message}" for cell, error, message in unexpected]
    stubs = [
        i
        for i, c in enumerate(saved.cells)
        if c.cell_type == "code" and _raises_at_top_level(c.source)
    ]
    failed = {cell for cell, error, _ in expected if error == "NotImplementedError"}
    problems += [
        f"cell {i}: the stub did not raise NotImplementedError" for i in stubs if i not in failed
    ]
    if notebook.runs != 1:  # each failing cell is tagged raises-exception (generate_assignment)
        problems.append(
            f"Run All Cells did not run every cell ({notebook.runs} runs): is a "
            "failing cell not tagged raises-exception? " + "; ".join(notebook.reruns)
        )
    _report(
        notebook.relpath, problems + _check_page(notebook, saved, stem=path.stem, version="student")
    )


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=_id)
def test_solution_notebook(lab, path):
    """The instructor version, answered: Run All goes through without a single error."""
    relpath = f"solutions/{path.parent.name}/{path.name}"
    notebook, saved = _run(lab, relpath)
    expected, unexpected = classify_outputs(saved, student=False, answer_vars=set())
    problems = [
        f"cell {cell}: {error}: {message}" for cell, error, message in expected + unexpected
    ]
    if notebook.runs != 1:
        problems.append(f"Run All Cells stopped before the end ({notebook.runs} runs)")
    _report(
        relpath, problems + _check_page(notebook, saved, stem=path.parent.name, version="solution")
    )


def _graded_student_notebook():
    for path in STUDENT_NOTEBOOKS:
        cells = nbformat.read(path, as_version=4).cells
        if (
            any(c.metadata.get("nbgrader", {}).get("grade") for c in cells)
            and (path.parents[1] / "course" / "source" / path.stem).is_dir()
        ):
            return path
    return None


def test_nbgrader_tools(lab):
    """The student's nbgrader tools: the Assignments panel (fetch) and the Validate button."""
    path = _graded_student_notebook()
    if path is None:
        pytest.skip("no graded student notebook yet")
    lab.fresh_page_after = True  # the Assignments tab stays open
    lab.open(f"notebooks/{path.name}")
    page, ms = lab.page, lab.deadline.ms

    # Nbgrader menu → Assignment List: the released assignment is there and can be fetched.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Nbgrader$")).click(timeout=ms())
    items = page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()
    assert "Assignment List" in items, f"the Nbgrader menu has {items}"
    page.get_by_role("menuitem", name="Assignment List", exact=True).click(timeout=ms())
    panel = page.locator("#nbgrader-assignment-list")
    released = panel.locator("#released_assignments_list .list_item", has_text=path.stem)
    released.wait_for(timeout=ms())
    assert "exchange directory does not exist" not in panel.inner_text()
    released.get_by_role("button", name="Fetch").click(timeout=ms())
    panel.locator("#fetched_assignments_list", has_text=path.stem).wait_for(timeout=ms(30))

    # The notebook's toolbar → Validate: nbgrader runs it and lists the failing checks.
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=path.name).click(timeout=ms())
    page.locator(".jp-NotebookPanel-toolbar").get_by_role("button", name="Validate").click(
        timeout=ms()
    )
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_text("Validation Results").wait_for(timeout=ms(60))
    text = dialog.inner_text(timeout=ms())
    assert "The following cell failed" in text and "Not attempted" in text, text[:500]
    screenshot(dialog.locator(".jp-Dialog-content"), f"{path.stem}-validate.png")
    dialog.get_by_role("button", name="Ok").click(timeout=ms())


def test_no_news_prompt(lab):
    """A student's first screen asks no privacy question: the course environment's
    JupyterLab settings (overrides.json, installed with the package) switch the
    "notified about official Jupyter news?" prompt off; the tests do not set it."""
    lab.open(f"notebooks/{STUDENT_NOTEBOOKS[0].name}")
    lab.page.wait_for_timeout(2000)  # the prompt appears a moment after JupyterLab starts
    toasts = lab.page.locator(".Toastify__toast").all_inner_texts()
    assert not [t for t in toasts if "news" in t.lower()], toasts
