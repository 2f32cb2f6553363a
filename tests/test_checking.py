"""Does the exercise engine tell right from wrong, and say which outcome it is?"""

import math

import pandas as pd
import pytest

from telegram_case.checking import (
    CheckFailed,
    Nudge,
    Outcome,
    Question,
    expect_choice,
    expect_frame,
    expect_function,
    expect_number,
    expect_set,
)

from .exercise_helpers import ClaimsEqualityWithEverything


def _square_checker(value):
    expect_number(value, 16.0, what="`x`")


def make_question():
    return Question(
        name="square",
        title="Q square",
        variables=("x",),
        checker=_square_checker,
        hints=("First hint.", "Second hint."),
        answer=lambda: 16.0,
    )


class TestOutcomes:
    def test_correct_answer_passes_and_says_correct(self, capsys):
        make_question().check(16)
        assert "Correct" in capsys.readouterr().out

    @pytest.mark.parametrize("stub", [None, ...])
    def test_placeholders_read_as_not_attempted(self, stub):
        with pytest.raises(CheckFailed) as failed:
            make_question().check(stub)
        assert failed.value.outcome is Outcome.NOT_ATTEMPTED
        assert "Not attempted" in str(failed.value)

    def test_missing_variable_reads_as_not_attempted(self):
        question = make_question()
        with pytest.raises(CheckFailed) as failed:
            question.check()  # reads `x` from this module's globals, where it is undefined
        assert failed.value.outcome is Outcome.NOT_ATTEMPTED

    def test_reads_variable_from_the_callers_globals(self, capsys):
        namespace = {"q": make_question(), "x": 16}
        exec("q.check()", namespace)
        assert "Correct" in capsys.readouterr().out

    def test_wrong_answer_is_not_yet_right_and_hides_the_answer(self):
        with pytest.raises(CheckFailed) as failed:
            make_question().check(15)
        assert failed.value.outcome is Outcome.NOT_YET
        assert "16" not in str(failed.value)
        assert "hint" in str(failed.value)

    def test_failure_is_an_assertion_error_for_nbgrader(self):
        with pytest.raises(AssertionError):
            make_question().check(3)

    def test_function_that_still_raises_not_implemented_is_not_attempted(self):
        def stub(*args):
            raise NotImplementedError

        def checker(f):
            f(1)

        question = Question(name="f", title="Q f", variables=("f",), checker=checker, hints=())
        assert question.outcome(stub) is Outcome.NOT_ATTEMPTED

    def test_crashing_student_code_is_reported_not_raised_raw(self):
        def checker(f):
            f(1)

        question = Question(name="f", title="Q f", variables=("f",), checker=checker, hints=())
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(lambda x: 1 / 0)
        assert "ZeroDivisionError" in str(failed.value)
        assert failed.value.outcome is Outcome.NOT_YET

    def test_equality_claiming_object_does_not_pass(self):
        assert make_question().outcome(ClaimsEqualityWithEverything()) is Outcome.NOT_YET


class TestGradedValues:
    """Which values of the reference answer no student may see before computing them."""

    @pytest.mark.parametrize(
        ("answer", "secrets"),
        [
            (16.0, [16.0]),
            (7, [7]),
            ((0.1, 0.2), [0.1, 0.2]),
            ([3, 4.5], [3, 4.5]),
            ({"ipo": 152.0, "default": 49.0}, [152.0, 49.0]),
            ("telegram", []),  # a label is one of the options a student sees anyway
            (True, []),
            ({"a", "b"}, []),
            (("partly", ["fms_1"]), []),  # a verdict with evidence ids: options, not numbers
            ({"claim": ("wrong", ["id"])}, []),
            ((), []),
            (None, []),
        ],
    )
    def test_by_default_the_numbers_of_the_answer(self, answer, secrets):
        question = Question(checker=_square_checker, answer=lambda: answer)
        assert question.secrets() == secrets

    def test_a_question_can_name_its_graded_values(self):
        question = Question(
            checker=_square_checker, answer=lambda: "label", graded_values=lambda: (1.5, 2.5)
        )
        assert question.secrets() == [1.5, 2.5]


class TestHintsAndSolutions:
    def test_hints_are_progressive(self, capsys):
        question = make_question()
        question.hint()
        question.hint()
        question.hint()
        out = capsys.readouterr().out
        assert out.index("First hint") < out.index("Second hint")
        assert "Hint 2 of 2" in out.splitlines()[-1]

    def test_solution_needs_reveal_and_comes_from_the_notebook(self, capsys, monkeypatch):
        from telegram_case.exercises import nb00

        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
        monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
        solution = nb00.practice_rows.worked_solution()
        assert "n_rows" in solution and "BEGIN SOLUTION" not in solution
        nb00.practice_rows.solution()
        assert solution not in capsys.readouterr().out
        nb00.practice_rows.solution(reveal=True)
        assert solution in capsys.readouterr().out

    @pytest.mark.parametrize("variable", ["NBGRADER_EXECUTION", "TELEGRAM_CASE_GRADED"])
    def test_no_solution_while_graded(self, capsys, monkeypatch, variable):
        from telegram_case.exercises import nb00

        monkeypatch.setenv(variable, "autograde")
        nb00.practice_rows.solution(reveal=True)
        out = capsys.readouterr().out
        assert nb00.practice_rows.worked_solution() not in out
        assert "switched off" in out

    def test_an_unbound_question_says_that_no_solution_is_available(self, capsys, monkeypatch):
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
        monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
        make_question().solution(reveal=True)
        assert "does not include" in capsys.readouterr().out


class TestExpectNumber:
    def test_tolerance(self):
        expect_number(1.0004, 1.0, what="x", rel=1e-3)
        with pytest.raises(Nudge):
            expect_number(1.01, 1.0, what="x", rel=1e-3)

    @pytest.mark.parametrize("value", ["16", True, [16], None, float("nan")])
    def test_rejects_non_numbers(self, value):
        with pytest.raises(Nudge):
            expect_number(value, 16.0, what="x")

    def test_numpy_and_int_are_numbers(self):
        import numpy as np

        expect_number(np.float64(16.0), 16.0, what="x")
        expect_number(np.int64(16), 16.0, what="x")
        expect_number(16, 16.0, what="x")

    def test_percent_instead_of_fraction_gets_its_own_nudge(self):
        with pytest.raises(Nudge, match="percentage"):
            expect_number(25.0, 0.25, what="x")

    def test_listed_mistake_gets_its_message(self):
        with pytest.raises(Nudge, match="simple growth"):
            expect_number(2.0, 3.0, what="x", mistakes=[(2.0, "simple growth")])

    @pytest.mark.parametrize("factor", [100, 1_000, 1_000_000, 1_000_000_000])
    @pytest.mark.parametrize("larger", [True, False])
    def test_a_slip_of_scale_gets_a_unit_nudge_without_the_value(self, factor, larger):
        expected = 1175.0  # USD million
        value = expected * factor if larger else expected / factor
        expect_number(expected, expected, what="`revenue`", units="the data is in USD million")
        with pytest.raises(Nudge) as nudge:
            expect_number(value, expected, what="`revenue`", units="the data is in USD million")
        message = str(nudge.value)
        size = "larger" if larger else "smaller"
        assert f"{factor:,} times {size}" in message and "USD million" in message
        assert "1175" not in message and "1,175" not in message

    @pytest.mark.parametrize("value", [1175.0 * 3, 1175.0 / 7, 1175.0 * 99, 1400.0, -1175.0])
    def test_an_unrelated_wrong_value_gets_no_unit_nudge(self, value):
        with pytest.raises(Nudge) as nudge:
            expect_number(value, 1175.0, what="`revenue`", units="the data is in USD million")
        assert "times" not in str(nudge.value) and "units" not in str(nudge.value)

    def test_a_listed_mistake_comes_before_the_unit_nudge(self):
        with pytest.raises(Nudge, match="the coupon is a fraction"):
            expect_number(0.02, 2.0, what="x", mistakes=[(0.02, "the coupon is a fraction")])

    def test_the_percent_hints_fit_what_the_answer_is(self):
        """Only a fraction is told to drop the per cent, only a per cent to use one; a
        multiple (an interest cover) is told neither."""
        with pytest.raises(Nudge, match="give it as a fraction"):
            expect_number(25.0, 0.25, what="x", kind="fraction")
        with pytest.raises(Nudge, match="give it in percent"):
            expect_number(0.25, 25.0, what="x", kind="percent")
        for value in (0.0233, 233.0):
            with pytest.raises(Nudge) as nudge:
                expect_number(value, 2.33, what="`cover`", rel=1e-2)
            assert "give it" not in str(nudge.value) and "100 times" in str(nudge.value)
        with pytest.raises(ValueError, match="kind"):
            expect_number(1.0, 1.0, what="x", kind="ratio")


class TestExpectFrame:
    expected = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-01-01", "2021-01-01"]),
            "value": [1.0, 2.0],
            "label": ["a", "b"],
        }
    )

    def test_same_content_other_dtypes_passes(self):
        given = pd.DataFrame(
            {
                "date": ["2020-01-01", "2021-01-01"],
                "value": [1, 2],
                "label": ["a", "b"],
                "extra": [0, 0],
            },
            index=[7, 9],
        )
        given["date"] = pd.to_datetime(given["date"])
        given["label"] = given["label"].astype(object)
        expect_frame(given, self.expected, what="df")

    def test_string_dtype_and_object_are_both_text(self):
        given = self.expected.copy()
        given["label"] = given["label"].astype("string")
        expect_frame(given, self.expected, what="df")

    def test_wrong_value_fails_naming_the_column(self):
        given = self.expected.copy()
        given.loc[1, "value"] = 3.0
        with pytest.raises(Nudge, match="'value'"):
            expect_frame(given, self.expected, what="df")

    def test_missing_column_named(self):
        with pytest.raises(Nudge, match="label"):
            expect_frame(self.expected.drop(columns="label"), self.expected, what="df")

    def test_wrong_row_count(self):
        with pytest.raises(Nudge, match="rows"):
            expect_frame(self.expected.head(1), self.expected, what="df")

    def test_numbers_as_text_fail(self):
        given = self.expected.copy()
        given["value"] = given["value"].astype(str)
        with pytest.raises(Nudge):
            expect_frame(given, self.expected, what="df")

    def test_row_order_matters_unless_sorted(self):
        shuffled = self.expected.iloc[::-1]
        with pytest.raises(Nudge):
            expect_frame(shuffled, self.expected, what="df")
        expect_frame(shuffled, self.expected, what="df", sort_by=["date"])

    def test_not_a_frame(self):
        with pytest.raises(Nudge, match="DataFrame"):
            expect_frame(ClaimsEqualityWithEverything(), self.expected, what="df")


class TestOtherExpectations:
    def test_choice(self):
        expect_choice(" Yes ", "yes", what="a", options=["yes", "no"])
        with pytest.raises(Nudge, match="one of"):
            expect_choice("maybe", "yes", what="a", options=["yes", "no"])
        with pytest.raises(Nudge, match="not the option"):
            expect_choice("no", "yes", what="a", options=["yes", "no"])

    def test_set(self):
        expect_set(["b", "a"], {"a", "b"}, what="s")
        with pytest.raises(Nudge, match="1 missing"):
            expect_set(["a"], {"a", "b"}, what="s")
        with pytest.raises(Nudge, match="should not be there"):
            expect_set(["a", "b", "c"], {"a", "b"}, what="s")
        with pytest.raises(Nudge, match="list or set"):
            expect_set("ab", {"a", "b"}, what="s")

    def test_function(self):
        assert expect_function(math.sqrt, what="f") is math.sqrt
        with pytest.raises(Nudge):
            expect_function(3, what="f")
        with pytest.raises(Nudge):
            expect_function(int, what="f")


class SneakyString(str):
    """A string that claims to equal everything."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


def test_string_subclass_with_hostile_equality_does_not_pass_choices_or_sets():
    with pytest.raises(Nudge):
        expect_choice(SneakyString("no"), "yes", what="a", options=["yes", "no"])
    with pytest.raises(Nudge):
        expect_set([SneakyString("a")], {"a", "b"}, what="s")


def test_numpy_strings_are_honest_strings():
    import numpy as np

    expect_choice(np.str_("yes"), "yes", what="a", options=["yes", "no"])
    expect_set([np.str_("a"), "b"], {"a", "b"}, what="s")
