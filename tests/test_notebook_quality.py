"""Do the notebooks make students think: no answer in sight, judgement over look-up, a
score a student can see, levelled rubrics, and prose that stays prose?

Each test runs per notebook. The slow ones execute every untouched student notebook
once, as a student's first *Run All* would (explorers in their static default view),
and read everything the student can see.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from telegram_case import cells
from telegram_case.rubrics import parse_rubric

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
STUDENT = ROOT / "notebooks"
GRADED = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())
ALL_STUDENT = sorted(p.stem for p in STUDENT.glob("*.ipynb"))


def _module(name: str):
    return importlib.import_module(f"telegram_case.exercises.nb{name[:2]}")


def _source(name: str) -> dict:
    return cells.read(SOURCE / name / f"{name}.ipynb")


# --- what a student sees ----------------------------------------------------------------------


def renderings(value) -> list[str]:
    """The ways the course prints a graded value: 1–2 decimals, per cent, thousands separators.

    Whole numbers under 100 are left out: they are everywhere in prose (dates, counts).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [str(value)] if isinstance(value, str) and len(value) > 3 else []
    x = float(value)
    found = set()
    if abs(x) >= 100:
        found |= {f"{x:,.0f}", f"{x:.0f}", f"{x:,.1f}", f"{x:.1f}"}
    if not x.is_integer():
        found |= {f"{x:.1f}", f"{x:.2f}", f"{x:,.2f}"}
    elif abs(x) < 100:
        found |= {f"{x:.1f}", f"{x:.2f}"}  # 10.0, 10.00: a whole-number result, printed as such
    if abs(x) < 5 and not x.is_integer():  # a fraction also appears in per cent
        found |= {f"{x * 100:.1f} %", f"{x * 100:.1f}%"}
        if abs(x) < 1:
            found.add(f"{x:.3f}")
    return sorted(found)


def find_rendering(text: str, value) -> str | None:
    """The first rendering of ``value`` that stands in ``text`` as a number of its own."""
    for shown in renderings(value):
        pattern = rf"(?<![\w.,]){re.escape(shown)}(?![\d])"
        if re.search(pattern, text):
            return shown
    return None


def _text_of(output: dict) -> str:
    parts = []
    if output.get("output_type") == "stream":
        parts.append(output.get("text", ""))
    if output.get("output_type") == "error":
        parts += [output.get("evalue", ""), *output.get("traceback", [])]
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith("json"):
            value = "".join(value) if isinstance(value, list) else str(value)
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", value)) if "html" in mime else value)
    return "\n".join(parts)


@cache
def executed_student(name: str) -> nbformat.NotebookNode:
    """The untouched student notebook after one Run All (outside nbgrader's folder), with
    what each figure showed in ``notebook.metadata["figures_seen"]`` (see support.figures)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(STUDENT / f"{name}.ipynb", as_version=4)
    workdir = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"quality-{os.getpid()}-{name}"
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "figures.jsonl"
    log.unlink(missing_ok=True)
    recorder = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        f"from tests.support.figures import record_figures; record_figures({str(log)!r})"
    )
    notebook.cells.insert(0, nbformat.v4.new_code_cell(recorder))
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env={**os.environ, "TELEGRAM_CASE_STATIC": "1"})
    errors = [o for o in notebook.cells.pop(0).outputs if o.output_type == "error"]
    assert not errors, f"the figure recorder did not start: {errors[0].evalue if errors else ''}"
    cell_of = {cell.source: index for index, cell in reversed(list(enumerate(notebook.cells)))}
    figures = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    for figure in figures:
        figure["cell"] = cell_of.get(figure.pop("code"))
    notebook.metadata["figures_seen"] = figures
    return notebook


def visible_text(notebook: nbformat.NotebookNode, module) -> dict[str, str]:
    """Where a student can read something -> what they read there."""
    seen = {}
    for index, cell in enumerate(notebook.cells):
        seen[f"cell {index} ({cell.cell_type})"] = cell.source
        for number, output in enumerate(cell.get("outputs", [])):
            seen[f"cell {index} output {number}"] = _text_of(output)
    for number, figure in enumerate(notebook.metadata.get("figures_seen", [])):
        seen[f"figure {number} (cell {figure['cell']})"] = "\n".join(figure["texts"])
    for question in module.QUESTIONS:
        for number, hint in enumerate(question.hints, 1):
            seen[f"hint {number} of {question.name}"] = hint
    return seen


def drawn_at(values: list[float], secret) -> float | None:
    """A value a figure marks that is ``secret`` (or, for a fraction, its per cent)."""
    if isinstance(secret, bool) or not isinstance(secret, (int, float)) or secret == 0:
        return None
    x = float(secret)
    wanted = [x, x * 100] if abs(x) < 5 and not x.is_integer() else [x]
    # as in renderings(): a whole number under 100 is too common to mean anything
    wanted = [w for w in wanted if not (w.is_integer() and abs(w) < 100)]
    return next((v for v in values for w in wanted if abs(v - w) <= 1e-3 * abs(w)), None)


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_STUDENT)
def test_no_graded_value_in_sight_after_a_first_run_all(name):
    """No value an autograded question grades appears anywhere the student sees before
    computing it: markdown, code, outputs, tables, explorers' default views, hints, and the
    figures: their text, and the values their bars, reference lines and points mark."""
    module, notebook = _module(name), executed_student(name)
    seen = visible_text(notebook, module)
    leaks = []
    for question in module.QUESTIONS:
        for secret in question.secrets():
            for where, text in seen.items():
                shown = find_rendering(text, secret)
                if shown:
                    leaks.append(f"{question.name}: {shown!r} in {where}")
            for number, figure in enumerate(notebook.metadata["figures_seen"]):
                drawn = drawn_at(figure["values"], secret)
                if drawn is not None:
                    where = f"figure {number} (cell {figure['cell']})"
                    leaks.append(f"{question.name}: {secret:g} drawn as {drawn:g} in {where}")
    assert not leaks, "graded values visible before they are computed:\n" + "\n".join(leaks)


def _says(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text.lower()) is not None


def paired_labels(text: str, answer: dict) -> list[str]:
    """The lines of ``text`` that pair a key of a classification ``answer`` (key -> label,
    or key -> (label, evidence)) with its own label, if two or more keys are so paired: a
    table of verdicts. A line naming every label is a menu of choices and gives nothing
    away, nor does a key that is its own label."""
    labels = {k: v[0] if isinstance(v, tuple) else v for k, v in answer.items()}
    labels = {k: v for k, v in labels.items() if isinstance(v, str) and v != k}
    menu = set(labels.values())
    paired = {}
    for line in text.splitlines():
        if len(menu) > 1 and all(_says(label, line) for label in menu):
            continue
        for key, label in labels.items():
            if _says(key, line) and _says(label, line):
                paired.setdefault(key, line.strip()[:120])
    return list(paired.values()) if len(paired) >= 2 else []


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_STUDENT)
def test_no_classification_answer_in_sight_after_a_first_run_all(name):
    """No line a student sees pairs the items of a classification question with their
    graded labels (a table of verdicts, a list of "x: kind")."""
    module, notebook = _module(name), executed_student(name)
    seen = visible_text(notebook, module)
    leaks = [
        f"{question.name}: {line!r} in {where}"
        for question in module.QUESTIONS
        if question.answer is not None and isinstance(answer := question.answer(), dict)
        for where, text in seen.items()
        for line in paired_labels(text, answer)
    ]
    assert not leaks, "classifications visible before they are made:\n" + "\n".join(leaks)


@pytest.mark.slow
@pytest.mark.parametrize("name", GRADED)
def test_untouched_student_version_fails_only_in_tagged_cells(name):
    """Run All goes through: the cells that fail untouched are exactly those tagged
    ``raises-exception`` (JupyterLab stops Run All at any other failing cell)."""
    notebook = executed_student(name)
    failed = {
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and any(out.output_type == "error" for out in cell.outputs)
    }
    tagged = {
        i
        for i, cell in enumerate(notebook.cells)
        if "raises-exception" in cell.metadata.get("tags", [])
    }
    assert failed, "an untouched student version should fail in its answer and test cells"
    assert failed - tagged == set(), f"cells that fail but stop Run All: {sorted(failed - tagged)}"
    assert tagged - failed == set(), f"tagged cells that do not fail: {sorted(tagged - failed)}"


@pytest.mark.slow
@pytest.mark.parametrize("name", GRADED)
def test_a_first_run_all_is_calm(name):
    """Each unanswered question reads as short labelled lines, not tracebacks, and the
    progress cell shows the score so far."""
    notebook = executed_student(name)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                text = "\n".join(output.traceback)
                assert "Traceback" not in text and len(output.traceback) == 1, (
                    f"cell {index} shows a traceback:\n{text[:500]}"
                )
                assert text.startswith(("… Not attempted", "✘ Not yet right")), text[:200]
    last = [c for c in notebook.cells if c.cell_type == "code"][-1]
    shown = "\n".join(_text_of(output) for output in last.outputs)
    assert "0 of" in shown and "Not attempted" in shown, shown[:500]


# --- judgement over look-up, a visible score, levelled rubrics ---------------------------------


@pytest.mark.parametrize("name", GRADED)
def test_one_step_lookups_are_at_most_a_sixth_of_the_machine_points(name):
    module = _module(name)
    points = {q.name: q.points() for q in module.QUESTIONS}
    assert all(p for p in points.values()), f"questions without a test cell: {points}"
    lookups = sum(points[q.name] for q in module.QUESTIONS if q.lookup)
    total = sum(points.values())
    assert lookups <= total / 6, (
        f"{lookups:g} of {total:g} machine-graded points are one-step look-ups "
        f"({[q.name for q in module.QUESTIONS if q.lookup]})"
    )


@pytest.mark.parametrize("name", GRADED)
def test_every_written_answer_has_a_levelled_rubric_and_an_exemplar(name):
    module = _module(name)
    notebook = _source(name)
    written = [c.grade_id for c in cells.grade_cells(notebook) if c.kind == "written"]
    assert sorted(written) == sorted(w.name for w in module.WRITTEN), (
        "every written answer cell is declared with Written(...) in the module"
    )
    for item in module.WRITTEN:
        rubric = item.rubric()
        assert rubric.points == item.points(), (
            f"{item.name}: the rubric's levels add up to {rubric.points:g}, the cell is worth "
            f"{item.points():g}"
        )
        for criterion in rubric.criteria:
            assert len(criterion.levels) >= 3, f"{item.name}: {criterion.name!r} needs levels"
        exemplar = item.exemplar()
        assert exemplar and len(exemplar.split()) >= 60, f"{item.name}: no real exemplar"


@pytest.mark.parametrize("name", GRADED)
def test_last_code_cell_is_the_progress_table(name):
    code = [c for c in _source(name)["cells"] if c["cell_type"] == "code"]
    last = cells.source(code[-1]).strip()
    assert last.endswith("q.progress()"), f"the last code cell is {last!r}"
    assert not cells.meta(code[-1]).get("grade"), "the progress cell must not earn points"


# --- prose that stays prose ------------------------------------------------------------------

_CODE_SPAN = re.compile(r"`[^`\n]*`")


def unescaped_dollars(markdown: str) -> int:
    r"""How many ``$`` signs JupyterLab could read as maths delimiters (outside code spans).

    A dollar sign stays text only when written ``\\$``: the markdown renderer turns the
    two backslashes into one, and MathJax then reads ``\$`` as a literal dollar. A single
    ``\$`` does not protect it: the renderer drops the backslash before MathJax runs, so
    two amounts in one cell are typeset as maths (seen in JupyterLab 4.6, and in
    nbconvert's HTML, which the formgrader and the feedback use).
    """
    text = "\n".join(line for line in markdown.split("\n") if not line.startswith("    "))
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = _CODE_SPAN.sub("", text)
    return len(re.findall(r"(?<!\\\\)\$", text))


@pytest.mark.parametrize(
    "path",
    sorted([*SOURCE.glob("*/*.ipynb"), *STUDENT.glob("*.ipynb")]),
    ids=lambda p: p.name + (" (source)" if "source" in p.parts else ""),
)
def test_dollar_amounts_stay_text(path):
    r"""Every ``$`` in markdown is written ``\\$`` unless the cell is tagged ``formula``."""
    problems = []
    for index, cell in enumerate(cells.read(path)["cells"]):
        if cell["cell_type"] != "markdown" or "formula" in cell["metadata"].get("tags", []):
            continue
        count = unescaped_dollars(cells.source(cell))
        if count:
            problems.append(f"cell {index}: {count} unescaped $")
    assert not problems, "\n".join(problems)


def test_renderings_and_their_search():
    assert "28.9 %" in renderings(0.2893) and "0.289" in renderings(0.2893)
    assert "10.00" in renderings(10.0) and "1,424" in renderings(1424.4)
    assert find_rendering("×10.00 in 11.3 years", 10.0) == "10.00"
    assert find_rendering("a rate of 28.9 % a year", 0.2893) == "28.9 %"
    assert find_rendering("110.03 and 10.05", 10.0) is None
    assert find_rendering("in 2015", 15) is None
    assert unescaped_dollars(r"\\$850 million and `$x` and \\$1.7 billion") == 0
    assert unescaped_dollars(r"\$850 million and \$1.7 billion") == 2
    assert unescaped_dollars("$850 million from 81 investors ($1.7 billion)") == 2
    rubric = parse_rubric(
        "**Rubric (2 points):**\n\n| criterion | 0 | 1 |\n|---|---|---|\n"
        "| Evidence | none | sourced |\n| Argument | list | a claim |\n"
    )
    assert rubric.points == 2 and rubric.criteria[1].levels[1] == (1.0, "a claim")


def test_paired_labels_finds_a_verdict_table_not_a_menu():
    answer = {"revenue_share_50": ("correct", ["e1"]), "bond_1_5_bn": "outdated", "x": "x"}
    answer["grok_this_summer"] = ("not_realised", [])
    table = "claim              verdict\nrevenue_share_50   correct\nbond_1_5_bn        outdated"
    assert paired_labels(table, answer) == [
        "revenue_share_50   correct",
        "bond_1_5_bn        outdated",
    ]
    assert paired_labels("revenue_share_50: correct; bond_1_5_bn: outdated", answer)
    assert paired_labels("revenue_share_50: correct; bond_1_5_bn: ?", answer) == []  # one
    assert paired_labels("revenue_share_50 correct\nbond_1_5_bn correct", answer) == []
    menu = "Label revenue_share_50 and bond_1_5_bn as correct, outdated or not_realised."
    assert paired_labels(menu, answer) == []
    assert paired_labels("x and x\nrevenue_share_50 correct", answer) == []  # x is x


def test_figures_give_away_what_they_mark_not_a_curve():
    """The figure check sees a bar's top, a reference line and a marker, not a curve's points."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from .support.figures import marked_values, written_text

    figure = Figure()
    ax = figure.subplots()
    ax.bar(["FY2024"], [1175.0], bottom=[0.0])
    ax.axhline(0.3125)
    rates = [r / 100 for r in range(101)]
    ax.plot(rates, [1.1 / (1 + r) for r in rates])  # a curve: its points are not marked
    ax.plot(rates, [0.5 / (1 + r) for r in rates], marker="o", markevery=50)
    ax.set_title("Revenue, 1,175 million")
    ax.set_yticks([0, 1175.0])  # a tick label states nothing
    FigureCanvasAgg(figure).draw()  # as the notebook's rendering does: tick labels get text
    values = marked_values(figure)
    assert drawn_at(values, 1175.0) == 1175.0
    assert drawn_at(values, 0.3125) == 0.3125
    assert drawn_at(values, 0.5 / 1.5) is not None  # the marker at the last point
    assert drawn_at(values, 1.1 / 1.05) is None  # on the curve only
    assert drawn_at(values, 42) is None and drawn_at(values, 1170.0) is None
    assert find_rendering("\n".join(written_text(figure)), 1175.0) == "1,175"
    every_text = [text.get_text() for text in figure.findobj(Text)]
    assert "1175" in every_text and "1175" not in written_text(figure)
