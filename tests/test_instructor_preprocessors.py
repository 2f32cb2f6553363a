"""TagUnansweredCells: which cells of a student version carry ``raises-exception``."""

from __future__ import annotations

import logging

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from telegram_case.instructor.preprocessors import RAISES_EXCEPTION, TagUnansweredCells


def _cell(source, *, solution=False, grade=False, kind="code"):
    make = new_code_cell if kind == "code" else new_markdown_cell
    cell = make(source)
    if solution or grade:
        cell.metadata.nbgrader = {
            "solution": solution,
            "grade": grade,
            "locked": False,
            "grade_id": f"c{abs(hash(source)) % 10_000}",
            "schema_version": 3,
            **({"points": 1} if grade else {}),
        }
    return cell


def _tagged(*cells):
    step = TagUnansweredCells(log=logging.getLogger("tag-test"))
    notebook, _ = step.preprocess(new_notebook(cells=list(cells)), {})
    return [
        i
        for i, cell in enumerate(notebook.cells)
        if RAISES_EXCEPTION in cell.metadata.get("tags", [])
    ]


def test_a_value_answer_its_test_and_a_cell_that_uses_it_are_tagged():
    assert _tagged(
        _cell("import pandas as pd\nyears = 3"),  # 0 setup
        _cell("### BEGIN SOLUTION\ngrowth = 2 ** years\n### END SOLUTION", solution=True),
        _cell("print(f'{growth:.1%}')"),  # 2 uses it
        _cell("q.growth.check()", grade=True),  # 3 test
        _cell("doubling = years / 2\nprint(doubling)"),  # 4 does not
    ) == [1, 2, 3]


def test_a_function_stub_is_not_tagged_but_its_callers_are():
    assert _tagged(
        _cell(
            "def cagr(start, end, years):\n    ### BEGIN SOLUTION\n"
            "    return (end / start) ** (1 / years) - 1\n    ### END SOLUTION",
            solution=True,
        ),  # 0
        _cell("cagr(100, 200, 1)"),  # 1
        _cell("def rate(cagr, years):\n    return (1 + cagr) ** years"),  # 2 params
    ) == [1]


def test_a_solution_cell_without_markers_is_replaced_whole_and_raises():
    assert _tagged(_cell("answer = 42", solution=True)) == [0]


def test_written_answers_and_magics_are_left_alone_and_a_magic_is_reported(caplog):
    with caplog.at_level(logging.WARNING, logger="tag-test"):
        assert _tagged(
            _cell("YOUR ANSWER HERE", solution=True, grade=True, kind="markdown"),
            _cell("%matplotlib inline\nanswer"),  # not Python: not parsed, not tagged
            _cell("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION", solution=True),
        ) == [2]
    assert [r.getMessage() for r in caplog.records] == [
        "Cell 1 is not plain Python (an IPython magic?), so it was not checked for answers "
        "it uses; if it fails until the student answers, tag it 'raises-exception' by hand, "
        "or Run All stops there."
    ]


def test_an_existing_tag_is_kept_once():
    cell = _cell("q.a.check()", grade=True)
    cell.metadata.tags = ["keep", RAISES_EXCEPTION]
    notebook, _ = TagUnansweredCells().preprocess(new_notebook(cells=[cell]), {})
    assert notebook.cells[0].metadata.tags == ["keep", RAISES_EXCEPTION]
