"""Notebook 04: do realistic wrong answers get the nudge written for them, and is every
defensible answer accepted?"""

from __future__ import annotations

import pytest

from telegram_case import deal, load
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb04

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong

# --- Q1: verdicts with evidence ---------------------------------------------------------------


def _verdicts(**changes):
    answer = dict(solved_namespace(nb04)["verdicts"])
    answer.update(changes)
    return answer


@pytest.mark.parametrize(
    "verdicts",
    [
        {"revenue_share_50": ("correct", ["revenue_share_as_announced"])},
        {"revenue_share_50": ("not_realised", ["revenue_share_never_sold"])},
        {"bond_1_5_bn": ("correct", ["bond_first_report"])},
        {"bond_1_5_bn": ("outdated", ["bond_final_size"])},
        {"grok_this_summer": ("not_realised", ["grok_cocoon_instead"])},
        # the same reading as the revenue share's: a correct report of the announced plan
        {"grok_this_summer": ("correct", ["grok_summer_as_announced"])},
    ],
    ids=lambda v: "/".join(f"{k}={v[k][0]}" for k in v),
)
def test_every_defensible_verdict_is_accepted(verdicts):
    assert nb04.claim_verdicts.outcome(_verdicts(**verdicts)) is Outcome.CORRECT


def test_both_announcements_of_the_report_can_be_judged_as_reports():
    """The revenue share ("wird") and the summer launch ("sollen") are both Durov's
    announcement: each has an evidence item for "correct" and one for "not_realised", so a
    student who judges both the same way, either way, is not marked wrong for one."""
    evidence = load("evidence")
    for claim in ("revenue_share_50", "grok_this_summer"):
        supports = set(evidence.loc[evidence["claim_id"] == claim, "supports"])
        assert {"correct", "not_realised"} <= supports, claim
    for verdict in ("correct", "not_realised"):
        items = {
            claim: (
                verdict,
                list(
                    evidence.loc[
                        (evidence["claim_id"] == claim) & (evidence["supports"] == verdict),
                        "evidence_id",
                    ]
                ),
            )
            for claim in ("revenue_share_50", "grok_this_summer")
        }
        assert nb04.claim_verdicts.outcome(_verdicts(**items)) is Outcome.CORRECT, verdict


def test_the_summer_promise_is_judged_not_realised_in_the_ledger():
    """The review's fact fix: a failed forecast, not an outdated one."""
    claims = load("claims").set_index("claim_id")
    assert claims.loc["grok_this_summer", "verdict"] == "not_realised"


# --- Q2 and Q3 ---------------------------------------------------------------------------------


def _model(*, share_used=True, fixed_used=True, months_used=True, validate=True, error=ValueError):
    def deal_value(
        users_reached, conversion, monthly_price, months, share=0.5, fixed_payment=300.0
    ):
        if validate and not 0 <= conversion <= 1:
            raise error(f"conversion {conversion}")
        revenue = users_reached * conversion * monthly_price * (months if months_used else 1)
        return (fixed_payment if fixed_used else 0) + (share if share_used else 1) * revenue

    return deal_value


def _scenarios(transform):
    frame = solved_namespace(nb04)["scenarios"].copy()
    frame["contingent_fraction"] = transform(frame)
    return frame


# --- Q4: the break-even range ------------------------------------------------------------------

LOW, HIGH = 300 / (0.5 * 1000 * 15 * 12), 300 / (0.5 * 1000 * 5 * 12)


# --- Q5: a comparable yardstick --------------------------------------------------------------


def yardstick(conversion, corrected, message):
    """A wrong pair (comparable_conversion, corrected_revenue_share) and its nudge."""
    return pytest.param(conversion, corrected, message, id=message[:40])


def _redone(conversion):
    return 0.5 * 1000 * conversion * 10 * 12


def _classification(**changes):
    answer = dict(solved_namespace(nb04)["classification"])
    answer.update(changes)
    return answer


WRONG = [
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(grok_this_summer=("outdated", ["grok_no_integration"]))),
        "Reread the evidence on 'grok_this_summer'",
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(
            lambda: _verdicts(
                grok_this_summer=(
                    "not_realised",
                    ["grok_no_integration", "grok_summer_as_announced"],
                )
            )
        ),
        "'grok_summer_as_announced' does not support 'not_realised'",
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(grok_this_summer=("correct", ["grok_no_integration"]))),
        "'grok_no_integration' does not support 'correct'",
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(bond_1_5_bn=("outdated", ["bond_first_report", "bond_final_size"]))),
        "'bond_first_report' does not support 'outdated'",
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(revenue_share_50=("correct", ["bond_first_report"]))),
        "evidence about another claim",
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(revenue_share_50=("correct", ["cnbc_nbc_2025_xai_deal"]))),
        "not an evidence id",
    ),
    wrong(
        nb04.claim_verdicts, Lazy(lambda: _verdicts(revenue_share_50="correct")), "should be a pair"
    ),
    wrong(
        nb04.claim_verdicts,
        Lazy(lambda: _verdicts(revenue_share_50=("true", ["x"]))),
        "the verdict should be one of",
    ),
    wrong(
        nb04.claim_verdicts,
        {"revenue_share_50": ("correct", ["revenue_share_as_announced"])},
        "no entry yet for 'grok_this_summer'",
    ),
    wrong(nb04.deal_value_function, _model(share_used=False), "multiply it by `share`"),
    wrong(nb04.deal_value_function, _model(fixed_used=False), "leaves out the fixed payment"),
    wrong(nb04.deal_value_function, _model(months_used=False), "one month"),
    wrong(nb04.deal_value_function, _model(validate=False), "raise a ValueError when"),
    wrong(nb04.deal_value_function, _model(error=TypeError), "raised TypeError"),
    wrong(nb04.deal_value_function, 600.0, "defined with `def`"),
    wrong(
        nb04.scenario_table,
        Lazy(lambda: _scenarios(lambda f: 300.0 / f["total_value"])),
        "share of the fixed",
    ),
    wrong(
        nb04.scenario_table,
        Lazy(lambda: _scenarios(lambda f: (f["total_value"] - 300.0) / f["total_value"] * 100)),
        "percentage",
    ),
    wrong(nb04.scenario_table, Lazy(lambda: deal.scenario_assumptions()), "lacks the column"),
    wrong(nb04.breakeven_range, (HIGH, LOW), "wrong way round"),
    wrong(nb04.breakeven_range, (0.005, 0.005), "middle scenario's price only"),
    wrong(nb04.breakeven_range, 0.005, "one number"),
    wrong(nb04.breakeven_range, (LOW / 2, HIGH / 2), "put `share` in the denominator"),
    wrong(nb04.breakeven_range, (LOW * 12, HIGH * 12), "in one month"),
    wrong(nb04.breakeven_range, (LOW, 300 / (0.5 * 500 * 5 * 12)), "announced reach"),
    wrong(nb04.breakeven_range, (LOW * 100, HIGH * 100), "percentages"),
    wrong(nb04.breakeven_range, (LOW, 0.5), "One end is right"),
    wrong(nb04.breakeven_range, ("low", "high"), "should be a number"),
    wrong(
        nb04.sentence_kinds,
        Lazy(lambda: _classification(s03="reported fact")),
        "Reread 's03': it is written like a fact",
    ),
    wrong(
        nb04.sentence_kinds,
        Lazy(lambda: _classification(s06="reported fact")),
        "Reread 's06': the tense does not decide",
    ),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s10="reported fact")), "Reread 's10'"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s12="reported fact")), "Reread 's12'"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s05="fact")), "should be one of"),
    wrong(nb04.sentence_kinds, {"s03": "company claim"}, "no entry yet for 's01'"),
    wrong(nb04.sentence_kinds, Lazy(lambda: _classification(s13="reported fact")), "not asked for"),
    wrong(nb04.sentence_kinds, ["company claim"], "should be a dict"),
]


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


@pytest.mark.parametrize(
    ("conversion", "corrected", "message"),
    [
        yardstick(15 / 1000, _redone(15 / 1000), "months after Premium's launch"),
        yardstick(12 / 1000, _redone(12 / 1000), "months after Premium's launch"),
        yardstick(4 / 900, _redone(4 / 900), "months after Premium's launch"),
        yardstick(1 / 1000, _redone(1 / 1000), "at about the same time"),
        yardstick(100 / 800, _redone(1 / 800), "percentage"),
        yardstick(1 / 800, 300 + 75, "leave out the fixed payment"),
        yardstick(1 / 800, 150, "only its share"),
        yardstick(1 / 800, 900, "commentator's own figure"),
        yardstick(1 / 800, "75", "should be a number"),
        yardstick("0.00125", 75, "should be a number"),
    ],
)
def test_wrong_yardstick_gets_its_nudge(conversion, corrected, message):
    with pytest.raises(CheckFailed) as failed:
        nb04.premium_yardstick.evaluate(conversion, corrected)
    assert failed.value.outcome is Outcome.NOT_YET, str(failed.value)
    assert message in str(failed.value), str(failed.value)


@pytest.mark.parametrize("conversion", [1 / 800, 1 / 750, 1 / 700])
def test_every_conversion_between_the_two_audience_figures_is_accepted(conversion):
    """Premium's 1 M of December 2022 lies between the 700 M and 800 M user figures."""
    corrected = 0.5 * 1000 * conversion * 10 * 12
    assert nb04.premium_yardstick.outcome(conversion, corrected) is Outcome.CORRECT


def test_a_corrected_share_from_either_end_of_the_range_is_accepted():
    assert nb04.premium_yardstick.outcome(1 / 700, 75.0) is Outcome.CORRECT


@pytest.mark.parametrize(
    "readings",
    [
        {
            "s02": "company claim",
            "s06": "forecast",
            "s08": "company claim",
            "s12": "interpretation",
        },
        {"s02": "forecast", "s06": "company claim", "s08": "forecast", "s12": "forecast"},
    ],
)
def test_both_readings_of_an_ambiguous_clause_are_accepted(readings):
    assert nb04.sentence_kinds.outcome(_classification(**readings)) is Outcome.CORRECT


def test_every_classified_clause_has_a_reason_to_reread_and_a_note_for_two_readings():
    sentences = load("report_sentences").set_index("sentence_id")
    assert set(nb04.REREAD) == set(sentences.index)
    for sid, row in sentences.iterrows():
        kinds = row["kinds"].split(";")
        assert set(kinds) <= set(deal.SENTENCE_KINDS)
        if len(kinds) == 2:
            assert "Two readings" in row["reading_note"], sid
    # The exercise uses every kind, and the clauses with one reading cover three of them.
    one = {row["kinds"] for _, row in sentences.iterrows() if ";" not in row["kinds"]}
    assert one == {"reported fact", "company claim", "interpretation"}


def test_nudges_name_one_sentence_never_a_count():
    answer = _classification(s03="reported fact", s10="forecast", s05="interpretation")
    with pytest.raises(CheckFailed) as failed:
        nb04.sentence_kinds.evaluate(answer)
    text = str(failed.value)
    assert "'s03'" in text and "s10" not in text and "s05" not in text
    assert not any(f"{n} of" in text for n in range(1, 9))


def test_reasons_to_reread_never_name_a_kind():
    for sid, reason in nb04.REREAD.items():
        assert not any(kind in reason for kind in deal.SENTENCE_KINDS), sid


def test_messages_never_contain_the_expected_numbers():
    namespace = solved_namespace(nb04)
    low, high = namespace["breakeven_range"]
    cases = [
        (nb04.breakeven_range, ((low * 1.7, high * 1.7),), [low, high]),
        (
            nb04.premium_yardstick,
            (namespace["comparable_conversion"] * 1.7, 1.0),
            [namespace["comparable_conversion"]],
        ),
        (
            nb04.premium_yardstick,
            (namespace["comparable_conversion"], 123.0),
            [namespace["corrected_revenue_share"]],
        ),
    ]
    for question, values, secrets in cases:
        with pytest.raises(CheckFailed) as failed:
            question.evaluate(*values)
        for expected in secrets:
            for shown in (
                f"{expected:.2f}",
                f"{expected:.3g}",
                f"{expected:.1%}",
                f"{expected:.2%}",
                f"{expected:.0f}",
            ):
                if shown not in ("0", "0.00", "0.0%"):
                    assert shown not in str(failed.value), (question.name, shown)


def test_the_hints_never_name_a_verdict_for_a_claim():
    for hint in nb04.claim_verdicts.hints:
        for claim in nb04.CLAIMS_TO_JUDGE:
            assert claim not in hint


def test_frame_answers_accept_other_shapes():
    namespace = solved_namespace(nb04)
    scenarios = namespace["scenarios"].iloc[::-1].reset_index(drop=True)
    scenarios["scenario"] = scenarios["scenario"].astype(object)
    assert nb04.scenario_table.outcome(scenarios) is Outcome.CORRECT
    low, high = namespace["breakeven_range"]
    assert nb04.breakeven_range.outcome([low, high]) is Outcome.CORRECT


def test_a_keyword_only_model_is_accepted():
    def deal_value(
        users_reached, conversion, monthly_price, months, *, share=0.5, fixed_payment=300.0
    ):
        return deal.deal_value(
            users_reached,
            conversion,
            monthly_price,
            months,
            share=share,
            fixed_payment=fixed_payment,
        )

    assert nb04.deal_value_function.outcome(deal_value) is Outcome.CORRECT


def test_explanations_after_a_correct_check_use_the_students_values(capsys):
    namespace = solved_namespace(nb04)
    nb04.premium_yardstick.check(
        namespace["comparable_conversion"], namespace["corrected_revenue_share"]
    )
    nb04.breakeven_range.check(namespace["breakeven_range"])
    shown = capsys.readouterr().out
    assert "one in 800" in shown and "$75 M" in shown
    assert "0.33% to 1.00%" in shown


def test_reference_answers_follow_the_data(monkeypatch):
    """The checks read the data at check time: a changed figure changes the answer."""
    real = load

    def patched(name):
        frame = real(name)
        if name == "users":  # audiences of 1,000 M and 2,000 M around December 2022
            frame.loc[frame["milestone_id"] == "mau_2022_06", "value"] = 1000.0
            frame.loc[frame["milestone_id"] == "mau_2023_early", "value"] = 2000.0
        return frame

    monkeypatch.setattr(nb04, "load", patched)
    assert nb04.premium_yardstick.outcome(1 / 1000, 60.0) is Outcome.CORRECT
    assert nb04.premium_yardstick.outcome(1 / 800, 75.0) is Outcome.NOT_YET
