"""Does setup_notebook turn a failed check into one labelled error line?"""

import pytest

IPython = pytest.importorskip("IPython")


def test_failed_check_is_an_error_with_a_short_labelled_message():
    from IPython.core.interactiveshell import InteractiveShell

    from telegram_case import setup_notebook

    shell = InteractiveShell.instance()
    shown = []
    shell._showtraceback = lambda etype, value, stb: shown.append((etype, stb))
    setup_notebook()
    result = shell.run_cell(
        "from telegram_case.exercises import nb01 as q\nmau_multiple = 3.0\nq.mau_multiple.check()"
    )
    assert result.error_in_exec is not None  # nbgrader still sees a failed cell
    ((etype, stb),) = shown
    assert issubclass(etype, AssertionError)
    assert len(stb) == 1 and stb[0].startswith("✘ Not yet right — Q2 growth multiple:")
    assert "Traceback" not in stb[0]
    InteractiveShell.clear_instance()
