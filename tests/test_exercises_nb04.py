"""Notebook 04: do realistic wrong answers get the nudge written for them?"""

from __future__ import annotations

import pandas as pd
import pytest

from telegram_case import deal, load
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb04

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong

TERMS = ["term_id", "term", "value", "unit"]


def _xai():
    return load("xai_deal")


def _terms_with_bond():
    xai = _xai()
    keep = (xai["status"] != "context") & xai["value"].notna()
    return xai.loc[keep, TERMS]


def _terms_with_context():
    xai = _xai()
    keep = xai["value"].notna() | (xai["status"] == "context")
    return xai.loc[keep & (xai["term_id"] != "bond_issue"), TERMS]


def _terms_without_figure_filter():
    xai = _xai()
    keep = (xai["status"] != "context") & (xai["term_id"] != "bond_issue")
    return xai.loc[keep, TERMS]


def _model(*, share_used=True, fixed_used=True, months_used=True, validate=True,
           error=ValueError):
    def deal_value(users_reached, conversion, monthly_price, months, share=0.5,
                   fixed_payment=300.0):
        if validate and not 0 <= conversion <= 1:
            raise error(f"conversion {conversion}")
        revenue = users_reached * conversion * monthly_price * (months if months_used else 1)
        return (fixed_payment if fixed_used else 0) + (share if share_used else 1) * revenue
    return deal_value


def _scenarios(transform):
    frame = solved_namespace(nb04)["scenarios"].copy()
    frame["contingent_fraction"] = transform(frame)
    return frame


def _held_counts():
    return deal.seed_sentences().groupby("kind")["held"].sum()


def _classification(**changes):
    answer = dict(solved_namespace(nb04)["classification"])
    answer.update(changes)
    return answer


WRONG = [
    wrong(nb04.deal_terms, Lazy(_terms_with_bond), "bond issue"),
    wrong(nb04.deal_terms, Lazy(_terms_with_context), "context rows"),
    wrong(nb04.deal_terms, Lazy(_terms_without_figure_filter), "without a figure"),
    wrong(nb04.deal_terms, Lazy(lambda: nb04._deal_terms()[["term_id", "value"]]),
          "lacks the column"),
    wrong(nb04.deal_terms, "payment_to_telegram", "pandas DataFrame"),
    wrong(nb04.deal_value_function, _model(share_used=False), "multiply it by `share`"),
    wrong(nb04.deal_value_function, _model(fixed_used=False), "leaves out the fixed payment"),
    wrong(nb04.deal_value_function, _model(months_used=False), "one month"),
    wrong(nb04.deal_value_function, _model(validate=False), "raise a ValueError when"),
    wrong(nb04.deal_value_function, _model(error=TypeError), "raised TypeError"),
    wrong(nb04.deal_value_function, 600.0, "defined with `def`"),
    wrong(nb04.scenario_table,
          Lazy(lambda: _scenarios(lambda f: 300.0 / f["total_value"])), "share of the fixed"),
    wrong(nb04.scenario_table,
          Lazy(lambda: _scenarios(lambda f: (f["total_value"] - 300.0) / f["total_value"] * 100)),
          "percentage"),
    wrong(nb04.scenario_table, Lazy(lambda: deal.scenario_assumptions()), "lacks the column"),
    wrong(nb04.breakeven_conversion, 0.004, "middle scenario's assumed conversion"),
    wrong(nb04.breakeven_conversion, 300 / (1000 * 10 * 12), "put `share` in the denominator"),
    wrong(nb04.breakeven_conversion, 300 / (0.5 * 1000 * 10), "in one month"),
    wrong(nb04.breakeven_conversion, 300 / (0.5 * 500 * 10 * 12), "announced reach"),
    wrong(nb04.breakeven_conversion, 0.5, "percentage"),
    wrong(nb04.premium_conversion, 12 / 1000, "older Premium figure"),
    wrong(nb04.premium_conversion, 1000 / 15, "Turn the ratio around"),
    wrong(nb04.premium_conversion, 1.5, "percentage"),
    wrong(nb04.revenue_comparison, 540 / 1000, "Durov's"),
    wrong(nb04.revenue_comparison, 540 / 2400, "both 2024 revenue rows"),
    wrong(nb04.revenue_comparison, 240 / 1400, "revenue share alone"),
    wrong(nb04.revenue_comparison, 1650 / 1400, "optimistic scenario"),
    wrong(nb04.revenue_comparison, 330 / 1400, "cautious scenario"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s03="reported fact")),
          "written like a fact"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s06="forecast")), "future tense"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s13="company claim")),
          "1 of 5 sentences"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s05="fact")), "should be one of"),
    wrong(nb04.sentence_kinds, {"s03": "company claim"}, "lacks the sentence"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s01="reported fact")),
          "should hold only"),
    wrong(nb04.sentence_kinds, ["company claim"], "should be a dict"),
    wrong(nb04.failed_forecasts, ["s02"], "missing"),
    wrong(nb04.failed_forecasts, ["s02", "s04", "s07", "s08", "s09", "s12", "s05"],
          "should not be there"),
    wrong(nb04.failed_forecasts, "s02", "list or set"),
    wrong(nb04.held_by_kind, Lazy(_held_counts), "counts the sentences"),
    wrong(nb04.held_by_kind,
          Lazy(lambda: deal.seed_sentences().groupby("kind")["held"].mean() * 100), "percentages"),
    wrong(nb04.held_by_kind,
          Lazy(lambda: deal.seed_sentences().groupby("sentence_id")["held"].mean()),
          "one row per kind"),
    wrong(nb04.held_by_kind, 0.25, "pandas Series"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_messages_never_contain_the_expected_number():
    namespace = solved_namespace(nb04)
    for name in ("breakeven", "premium_conversion", "share_of_2024_revenue"):
        expected = namespace[name]
        question = next(q for q in nb04.QUESTIONS if q.variables == (name,))
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(expected * 1.7)
        for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}", f"{expected:.2%}"):
            assert shown not in str(failed.value), (name, shown)


def test_classification_nudge_does_not_name_the_right_kind():
    answer = _classification(s08="interpretation")
    with pytest.raises(CheckFailed) as failed:
        nb04.sentence_kinds.evaluate(answer)
    assert "forecast" not in str(failed.value)


def test_classification_ignores_case_and_spaces():
    answer = {key.upper(): f"  {kind.title()} " for key, kind in _classification().items()}
    assert nb04.sentence_kinds.outcome(answer) is Outcome.CORRECT


def test_frame_and_series_answers_accept_other_shapes():
    namespace = solved_namespace(nb04)
    scenarios = namespace["scenarios"].iloc[::-1].reset_index(drop=True)
    scenarios["scenario"] = scenarios["scenario"].astype(object)
    assert nb04.scenario_table.outcome(scenarios) is Outcome.CORRECT
    held = namespace["held_share"].to_frame()
    assert nb04.held_by_kind.outcome(held) is Outcome.CORRECT
    assert nb04.held_by_kind.outcome(namespace["held_share"].iloc[::-1]) is Outcome.CORRECT


def test_a_keyword_only_model_is_accepted():
    def deal_value(users_reached, conversion, monthly_price, months, *, share=0.5,
                   fixed_payment=300.0):
        return deal.deal_value(users_reached, conversion, monthly_price, months, share=share,
                               fixed_payment=fixed_payment)

    assert nb04.deal_value_function.outcome(deal_value) is Outcome.CORRECT


def test_the_classified_sentences_exist_and_have_unambiguous_kinds():
    sentences = deal.seed_sentences().set_index("sentence_id")
    assert set(nb04.CLASSIFY) <= set(sentences.index)
    # The exercise uses no interpretation and both kinds that tense can disguise.
    kinds = set(sentences.loc[list(nb04.CLASSIFY), "kind"])
    assert kinds == {"reported fact", "company claim", "forecast"}


def test_reference_answers_follow_the_data(monkeypatch):
    """The checks read the data at check time: a changed figure changes the answer."""
    real = load

    def patched(name):
        frame = real(name)
        if name == "monetization":
            frame.loc[frame["row_id"] == "fy2024_revenue", "value"] = 2000.0
        return frame

    monkeypatch.setattr(nb04, "load", patched)
    namespace = solved_namespace(nb04)
    middle = namespace["scenarios"].set_index("scenario").loc["middle", "total_value"]
    assert nb04.revenue_comparison.outcome(middle / 2000.0) is Outcome.CORRECT
    assert nb04.revenue_comparison.outcome(middle / 1400.0) is Outcome.NOT_YET
    assert isinstance(namespace["held_share"], pd.Series)
