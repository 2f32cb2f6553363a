"""Does the engine built around the checks work: names bound once, solutions from the
notebook, a progress table, written answers with rubrics, calm errors, judged claims?"""

from __future__ import annotations

from typing import ClassVar

import pandas as pd
import pytest

from telegram_case import cells
from telegram_case.checking import (
    ANSWER_VARIABLES,
    CheckFailed,
    Nudge,
    Question,
    Written,
    bind,
    expect_mapping,
    expect_number,
    expect_verdicts,
)
from telegram_case.course_notebooks import source_notebook
from telegram_case.exercises import nb01
from telegram_case.notebook import short_message
from telegram_case.rubrics import parse_rubric


def _checker(value):
    expect_number(value, 16.0, what="`x`")


def _module_namespace():
    namespace = {
        "square": Question(
            title="Q1 square",
            variables=("x_square",),
            checker=_checker,
            hints=("a", "b"),
            answer=lambda: 16.0,
            explain="{value:g} is four squared.",
        ),
        "essay": Written(title="W1 essay"),
        "helper": object(),
    }
    bind(namespace, notebook="99", texts=None)  # built with all their fields, no TOML file
    return namespace


class TestBind:
    def test_names_come_from_the_variables_and_tab_lists_only_questions(self):
        namespace = _module_namespace()
        assert namespace["square"].name == "square" and namespace["essay"].name == "essay"
        assert namespace["QUESTIONS"] == (namespace["square"],)
        assert namespace["WRITTEN"] == (namespace["essay"],)
        assert namespace["__dir__"]() == ["square", "essay", "progress"]
        assert "x_square" in ANSWER_VARIABLES

    def test_a_question_cannot_be_bound_under_two_names(self):
        namespace = _module_namespace()
        with pytest.raises(ValueError, match="already bound"):
            bind({"other": namespace["square"]}, notebook="99", texts=None)


class TestCheckFeedback:
    def test_explanation_only_after_a_correct_check(self, capsys, monkeypatch):
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
        monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
        square = _module_namespace()["square"]
        with pytest.raises(CheckFailed):
            square.check(15)
        assert "four squared" not in capsys.readouterr().out
        square.check(16)
        assert "What this means: 16 is four squared." in capsys.readouterr().out

    def test_a_question_with_hidden_tests_does_not_promise_full_marks(self, capsys):
        nb01.cagr_function.check(lambda s, e, y: (e / s) ** (1 / y) - 1)
        out = capsys.readouterr().out
        assert "visible check passed" in out and "more cases run" in out


class TestProgress:
    def test_table_counts_points_of_correct_answers_and_lists_written_answers(self):
        namespace = {"mau_multiple": nb01.mau_multiple.answer(), "speed_ratio": 1.0}
        table = nb01.progress.table(namespace)
        statuses = {row.title: row.status for row in table.rows}
        assert statuses[nb01.mau_multiple.title].startswith("✔ Correct")
        assert statuses[nb01.speed_ratio.title].startswith("✘ Not yet right")
        assert statuses[nb01.mau_milestones.title].startswith("… Not attempted")
        assert statuses[nb01.w1_privacy_moments.title] == "read by a person"
        assert table.earned == nb01.mau_multiple.points()
        assert table.machine_total == sum(q.points() for q in nb01.QUESTIONS)
        assert f"{table.earned:g} of {table.machine_total:g} points" in repr(table)
        assert "<table" in table._repr_html_()

    def test_a_hostile_answer_does_not_stop_the_table(self):
        class Exploding:
            def __eq__(self, other):
                raise RuntimeError("boom")

            __hash__ = object.__hash__

        table = nb01.progress.table({"mau": Exploding(), "fastest_shock": Exploding()})
        assert table.earned == 0

    def test_reads_the_callers_variables_and_is_silent_while_graded(self, capsys, monkeypatch):
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
        monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
        namespace = {"q": nb01, "mau_multiple": nb01.mau_multiple.answer()}
        exec("table = q.progress()", namespace)
        assert namespace["table"].earned == nb01.mau_multiple.points()
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
        exec("table = q.progress()", namespace)
        assert namespace["table"] is None
        assert "not computed while the notebook is graded" in capsys.readouterr().out


class TestSourceNotebook:
    def test_solutions_points_and_hidden_tests_come_from_the_instructor_notebook(self):
        notebook = source_notebook("01")
        raw = cells.read(
            cells.__file__.rsplit("/src/", 1)[0] + "/course/source/"
            f"{notebook.assignment}/{notebook.assignment}.ipynb"
        )
        _, answer = cells.find(raw, "answer_mau_multiple")
        assert nb01.mau_multiple.worked_solution() in cells.source(answer)
        assert (
            nb01.mau_multiple.points() == cells.meta(cells.find(raw, "mau_multiple")[1])["points"]
        )
        assert nb01.cagr_function.has_hidden_tests()
        assert not nb01.mau_multiple.has_hidden_tests()

    def test_the_reduced_notebook_keeps_no_hidden_test(self):
        raw = source_notebook("01").notebook
        reduced = cells.reduced(raw)
        with_tests = [cells.has_hidden_tests(cells.source(c)) for c in raw["cells"]]
        assert any(with_tests)
        for before, after, has in zip(raw["cells"], reduced["cells"], with_tests, strict=True):
            assert cells.has_hidden_tests(cells.source(after)) == has
            assert cells.hidden_region(cells.source(after)).strip() == ""
            assert cells.strip_hidden(cells.source(after)) == cells.strip_hidden(
                cells.source(before)
            )

    def test_a_graded_build_keeps_points_and_prompts_but_no_solution_or_exemplar(self):
        from telegram_case.course_notebooks import SourceNotebook

        raw = source_notebook("01").notebook
        graded = SourceNotebook("01-founding-story", cells.reduced(raw, solutions=False))
        assert graded.points("mau_multiple") == nb01.mau_multiple.points()
        assert graded.has_hidden_tests("cagr_function")
        assert graded.prompt("w1_privacy_moments") == source_notebook("01").prompt(
            "w1_privacy_moments"
        )
        assert all(graded.worked_solution(q.name) is None for q in nb01.QUESTIONS)
        assert all(graded.exemplar(w.name) is None for w in nb01.WRITTEN)
        text = "\n".join(cells.source(c) for c in graded.notebook["cells"])
        assert nb01.mau_multiple.worked_solution() not in text

    def test_a_missing_notebook_gives_none_not_an_error(self):
        assert source_notebook("98") is None
        assert _module_namespace()["square"].worked_solution() is None


RUBRIC = """### W1 · Essay (3 points)

**Rubric (3 points):**

| criterion | 0 | 1 | 2 |
|---|---|---|---|
| Evidence | no figure | one sourced figure | two sourced figures |
| Conclusion | none | a clear recommendation | — |
"""


class TestRubrics:
    def test_levels_descriptors_and_points(self):
        rubric = parse_rubric(RUBRIC)
        assert [c.name for c in rubric.criteria] == ["Evidence", "Conclusion"]
        assert rubric.points == 4  # the "—" descriptor is still a level
        assert "| Evidence | no figure" in rubric.markdown()

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("no table here", "no rubric table"),
            ("Rubric\n\n| aspect | 0 | 1 |\n|---|---|---|\n| a | b | c |\n", "first column"),
            ("Rubric\n\n| criterion | none | some |\n|---|---|---|\n| a | b | c |\n", "numbers"),
            ("Rubric\n\n| criterion | 0 | 1 |\n|---|---|---|\n| a | b |  |\n", "descriptor"),
        ],
    )
    def test_a_broken_rubric_is_named(self, text, message):
        with pytest.raises(ValueError, match=message):
            parse_rubric(text, where="01 w1")

    def test_self_assessment_needs_reveal_and_is_off_while_graded(self, capsys, monkeypatch):
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
        monkeypatch.delenv("TELEGRAM_CASE_GRADED", raising=False)
        monkeypatch.setenv("TELEGRAM_CASE_STATIC", "1")
        written = nb01.WRITTEN[0]
        written.self_assess()
        assert "reveal=True" in capsys.readouterr().out
        monkeypatch.setenv("TELEGRAM_CASE_GRADED", "1")
        written.self_assess(reveal=True)
        assert "switched off" in capsys.readouterr().out


class TestShortErrors:
    def _raise(self, code: str, namespace: dict):
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except Exception as error:  # the error is what is tested
            return error, error.__traceback__
        raise AssertionError("the code did not raise")

    def test_stub_cell_function_stub_and_unanswered_variable_read_as_one_line(self):
        error, tb = self._raise("raise NotImplementedError()", {})
        assert short_message(error, tb).startswith("… Not attempted: this answer cell")
        namespace = {}
        exec("def cagr(a, b, c):\n    raise NotImplementedError()", namespace)
        error, tb = self._raise("cagr(1, 2, 3)", namespace)
        assert "`cagr()` still raises NotImplementedError" in short_message(error, tb)
        error, tb = self._raise("mau_multiple", {})
        assert "`mau_multiple` is not defined yet" in short_message(error, tb)

    def test_other_errors_keep_their_traceback(self):
        error, tb = self._raise("undefined_helper_name", {})
        assert short_message(error, tb) is None
        error, tb = self._raise("1 / 0", {})
        assert short_message(error, tb) is None


EVIDENCE = pd.DataFrame(
    {
        "evidence_id": ["ev_list", "ev_count", "ev_other"],
        "claim_id": ["fifty_million", "fifty_million", "other_claim"],
        "supports": ["partly;wrong", "correct;partly", "wrong"],
    }
)


class TestVerdicts:
    def check(self, value):
        expect_verdicts(value, ["fifty_million"], EVIDENCE, what="`verdicts`")

    @pytest.mark.parametrize(
        "value",
        [
            {"fifty_million": ("partly", ["ev_list"])},
            {"fifty_million": ("partly", ["ev_list", "ev_count"])},
            {"fifty_million": ("wrong", ["ev_list"])},
            {"fifty_million": ["Correct ", ("ev_count",)]},
        ],
    )
    def test_every_defensible_verdict_with_supporting_evidence_passes(self, value):
        self.check(value)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ({"fifty_million": ("outdated", ["ev_list"])}, "none of it supports"),
            ({"fifty_million": ("wrong", ["ev_count"])}, "does not support 'wrong'"),
            ({"fifty_million": ("wrong", ["ev_other"])}, "another claim"),
            ({"fifty_million": ("partly", ["ev_typo"])}, "not an evidence id"),
            ({"fifty_million": ("partly", [])}, "at least one"),
            ({"fifty_million": "partly"}, "a pair"),
            ({"fifty_million": ("mostly", ["ev_list"])}, "should be one of"),
            ({}, "no entry yet"),
            ({"fifty_million": ("partly", ["ev_list"]), "x": ("wrong", [])}, "not asked for"),
            (["partly"], "should be a dict"),
        ],
    )
    def test_wrong_answers_get_a_nudge_that_names_the_claim_not_the_verdict(self, value, message):
        with pytest.raises(Nudge, match=message) as nudge:
            self.check(value)
        assert "correct;partly" not in str(nudge.value)


class TestMapping:
    ACCEPTED: ClassVar = {"a": {"investment"}, "b": {"common", "profits"}}
    REASONS: ClassVar = {
        "a": "who paid what?",
        "b": "two prongs fit; which does the evidence name?",
    }

    def check(self, value):
        expect_mapping(
            value,
            self.ACCEPTED,
            what="`m`",
            reasons=self.REASONS,
            options=["investment", "common", "profits", "efforts"],
        )

    @pytest.mark.parametrize("b", ["common", "profits", " Profits"])
    def test_each_defensible_mapping_passes(self, b):
        self.check({"a": "investment", "b": b})

    def test_a_wrong_item_is_named_with_its_reason_and_no_count(self):
        with pytest.raises(Nudge) as nudge:
            self.check({"a": "efforts", "b": "efforts"})
        assert str(nudge.value) == "Reread 'a': who paid what?"

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ({"a": "investment"}, "no entry yet for 'b'"),
            ({"a": "investment", "b": "luck"}, "should be one of"),
        ],
    )
    def test_incomplete_or_unknown_options(self, value, message):
        with pytest.raises(Nudge, match=message):
            self.check(value)
