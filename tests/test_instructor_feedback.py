"""HideHiddenTests on hand-made autograded notebooks (the round trip checks real ones)."""

from __future__ import annotations

import copy

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from telegram_case.instructor.preprocessors import HideHiddenTests
from telegram_case.instructor.preprocessors.hide_hidden_tests import secret_fragments

from .support.pages import strip_html

TEST_CELL = '''"""Check Q3: the CAGR function."""
q.cagr_function.check()
### BEGIN HIDDEN TESTS
import math
assert math.isclose(cagr(100, 150, 0.5), 1.25, rel_tol=1e-9), "fractional years are supported"
### END HIDDEN TESTS'''
SECRET = (
    'assert math.isclose(cagr(100, 150, 0.5), 1.25, rel_tol=1e-9), "fractional years are supported"'
)
ANSI_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m                            Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[9], line 5\x1b[0m\n\x1b[1;32m      3\x1b[0m "
    "\x1b[38;5;28;01mimport\x1b[39;00m "
    "\x1b[38;5;21;01mmath\x1b[39;00m\n\x1b[0;32m----> 5\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m "
    "math\x1b[38;5;241m.\x1b[39misclose(cagr(\x1b[38;5;241m100\x1b[39m, \x1b[38;5;241m150\x1b[39m, "
    "\x1b[38;5;241m0.5\x1b[39m), \x1b[38;5;241m1.25\x1b[39m, rel_tol\x1b[38;5;241m=\x1b[39m"
    '\x1b[38;5;241m1e-9\x1b[39m), \x1b[38;5;124m"fractional years are supported"\x1b[39m',
    "\x1b[0;31mAssertionError\x1b[0m: fractional years are supported",
]


def _notebook(test_outputs, other_outputs=()):
    answer = new_code_cell(
        "import math\ndef cagr(a, b, t):\n    return (b / a) ** (1 / t) - 1",
        metadata={
            "nbgrader": {"grade_id": "answer_cagr_function", "solution": True, "grade": False}
        },
    )
    test = new_code_cell(
        TEST_CELL,
        outputs=list(test_outputs),
        metadata={
            "nbgrader": {"grade_id": "cagr_function", "grade": True, "solution": False, "points": 3}
        },
    )
    other = new_code_cell("print(In)", outputs=list(other_outputs))
    return new_notebook(cells=[new_markdown_cell("# Q3"), answer, test, other])


def _hide(notebook):
    result, _ = HideHiddenTests()(copy.deepcopy(notebook), {})
    return result


def _all_text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts += [output.get("text", ""), output.get("evalue", "")]
            parts += output.get("traceback", [])
            parts += [str(v) for v in output.get("data", {}).values()]
    return "\n".join(parts)


def test_the_hidden_region_becomes_one_comment_line():
    hidden = _hide(_notebook([]))
    source = hidden.cells[2].source
    assert source.splitlines() == [
        '"""Check Q3: the CAGR function."""',
        "q.cagr_function.check()",
        HideHiddenTests().placeholder,
    ]


def test_a_failed_hidden_test_shows_neither_code_nor_message():
    error = new_output(
        "error",
        ename="AssertionError",
        evalue="fractional years are supported",
        traceback=ANSI_TRACEBACK,
    )
    hidden = _hide(_notebook([error]))
    text = _all_text(hidden)
    assert SECRET not in text and "fractional years are supported" not in text
    output = hidden.cells[2].outputs[0]
    assert output.output_type == "error" and output.ename == "AssertionError"
    assert output.traceback == [output.evalue]
    assert output.evalue == HideHiddenTests().hidden_error.format(ename="AssertionError")


def test_a_failed_visible_check_is_shown_as_it_is():
    nudge = "✘ Not yet right — Q3 a CAGR function: `cagr` should be a function."
    error = new_output(
        "error", ename="CheckFailed", evalue="Not yet right (Q3 ...)", traceback=[nudge]
    )
    hidden = _hide(_notebook([error]))
    assert hidden.cells[2].outputs[0].traceback == [nudge]


def test_any_output_that_quotes_a_hidden_test_is_replaced():
    printed = new_output("stream", name="stdout", text=f"['q.cagr_function.check()\\n{SECRET}']")
    shown = new_output("execute_result", data={"text/plain": SECRET}, execution_count=3)
    hidden = _hide(_notebook([], [printed, shown]))
    assert SECRET not in _all_text(hidden)
    assert [o.text for o in hidden.cells[3].outputs] == [HideHiddenTests().quoted_notice] * 2


def test_lines_students_can_see_anyway_are_not_secrets():
    secrets = secret_fragments(["import math", SECRET, "x = 1"], visible="import math\nx")
    assert secrets == {SECRET, "fractional years are supported"}
    kept = new_output("stream", name="stdout", text="import math\n")
    assert _hide(_notebook([], [kept])).cells[3].outputs[0].text == "import math\n"


def test_string_literals_of_hidden_tests_are_secrets():
    secrets = secret_fragments([SECRET], visible="")
    assert secrets == {SECRET, "fractional years are supported"}


def test_a_notebook_without_hidden_tests_is_unchanged():
    notebook = new_notebook(
        cells=[
            new_code_cell(
                "q.x.check()",
                outputs=[
                    new_output(
                        "error",
                        ename="NameError",
                        evalue="name 'x' is not defined",
                        traceback=["NameError: name 'x' is not defined"],
                    )
                ],
            )
        ]
    )
    assert _hide(notebook) == notebook


def test_strip_html_returns_the_readable_text():
    page = (
        '<style>.x{}</style><pre><span class="k">assert</span> x &gt; 1</pre>'
        '<script>var s = "hidden";</script>'
    )
    assert strip_html(page).strip() == "assert x > 1"
