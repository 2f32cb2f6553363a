"""Notebook 02: do realistic wrong answers get the nudge written for them?"""

from __future__ import annotations

import pandas as pd
import pytest

from telegram_case import load
from telegram_case.checking import CheckFailed, Outcome
from telegram_case.exercises import nb02

from .exercise_helpers import Lazy, assert_nudged, solved_namespace, wrong


def _solved(name):
    return solved_namespace(nb02)[name]


def _blocks(**changes):
    mapping = nb02.seed_row_blocks.answer()
    mapping.update(changes)
    return mapping


def _verdicts(**changes):
    verdicts = nb02.seed_verdicts.answer()
    verdicts.update(changes)
    return verdicts


def _claims_not_exploded():
    canvas = load("canvas").dropna(subset=["claim_ids"])
    return (
        canvas[["row_id", "claim_ids"]]
        .rename(columns={"claim_ids": "claim_id"})
        .assign(verdict="?")
    )


def _claims_with_empty_rows():
    canvas = load("canvas")
    frame = canvas[["row_id", "claim_ids"]].assign(claim_id=canvas["claim_ids"].str.split(";"))
    frame = frame.explode("claim_id")
    return frame.merge(load("claims")[["claim_id", "verdict"]], on="claim_id", how="left")


def _claims_without_verdict():
    return _solved("canvas_claims").drop(columns=["verdict"])


def _naive_growth(revenue, earlier, later):
    rows = revenue.set_index("period_label")["value"]
    return rows[later] / rows[earlier] - 1


def _multiple(revenue, earlier, later):
    rows = revenue.set_index("period_label")["value"]
    return rows[later] / rows[earlier]


def _turned_around(revenue, earlier, later):
    rows = revenue.set_index("period_label")["value"]
    return rows[earlier] / rows[later] - 1


def _raises_key_error(revenue, earlier, later):
    rows = revenue.set_index("period_label")
    first, second = rows.loc[earlier], rows.loc[later]
    days = [(row["period_end"] - row["period_start"]).days for row in (first, second)]
    if abs(days[0] - days[1]) > 7:
        raise KeyError("different lengths")
    return second["value"] / first["value"] - 1


def _raises_on_any_difference(revenue, earlier, later):
    """Raises whenever the lengths differ at all, a day included (the 7 days ignored)."""
    rows = revenue.set_index("period_label")
    first, second = rows.loc[earlier], rows.loc[later]
    days = [(row["period_end"] - row["period_start"]).days for row in (first, second)]
    if days[0] != days[1]:
        raise ValueError("x")
    return second["value"] / first["value"] - 1


def _hard_coded(revenue, earlier, later):
    return {("FY2023", "FY2024"): 1400 / 342 - 1, ("H1-2024", "H1-2025"): 870 / 525 - 1}.get(
        (earlier, later), 0.0
    )


def _premium_frame(direction, tolerance):
    money = load("monetization")
    users = load("users")
    subs = money[money["item"] == "premium_subscribers"].rename(
        columns={"period_start": "date", "value": "subscribers"}
    )[["date", "subscribers"]]
    mau = users[users["metric"] == "monthly_active_users"].rename(
        columns={"date": "mau_date", "value": "mau"}
    )[["mau_date", "mau"]]
    pairs = pd.merge_asof(
        subs.sort_values("date"),
        mau.sort_values("mau_date"),
        left_on="date",
        right_on="mau_date",
        direction=direction,
        tolerance=pd.Timedelta(days=92) if tolerance else None,
    )
    pairs = pairs.dropna(subset=["mau"])
    pairs["share"] = pairs["subscribers"] / pairs["mau"]
    return pairs


def _premium_in_percent():
    frame = _solved("premium_share").copy()
    frame["share"] = frame["share"] * 100
    return frame


def _premium_latest_mau_for_all():
    frame = _solved("premium_share").copy()
    frame["mau"] = frame["mau"].max()
    frame["share"] = frame["subscribers"] / frame["mau"]
    return frame


def _mix(divide_by_parts=False, remainder=True, name="not_itemised", period="H1-2025"):
    money = load("monetization")
    rows = money[money["period_label"] == period]
    total = rows.loc[rows["item"] == "revenue", "value"].iloc[0]
    parts = rows.loc[rows["item"] == "revenue_component", ["component", "value"]]
    if remainder:
        parts = pd.concat(
            [parts, pd.DataFrame({"component": [name], "value": [total - parts["value"].sum()]})]
        )
    parts = parts.reset_index(drop=True)
    parts["share"] = parts["value"] / (parts["value"].sum() if divide_by_parts else total)
    return parts


def _mix_with_2024():
    money = load("monetization")
    extra = money.loc[money["component"] == "toncoin_ads_exclusivity", ["component", "value"]]
    return pd.concat([_mix(), extra.assign(share=0.1)], ignore_index=True)


WRONG = [
    wrong(nb02.seed_row_blocks, _blocks(distribution="key_partners"), "Reread 'distribution'"),
    wrong(nb02.seed_row_blocks, _blocks(marketing="value_propositions"), "Reread 'marketing'"),
    wrong(nb02.seed_row_blocks, _blocks(organisation="customer_segments"), "Reread 'organisation'"),
    wrong(
        nb02.seed_row_blocks,
        _blocks(competitive_advantage="revenue_streams"),
        "Reread 'competitive_advantage'",
    ),
    wrong(nb02.seed_row_blocks, _blocks(marketing="word_of_mouth"), "should be one of"),
    wrong(nb02.seed_row_blocks, ["value_propositions", "channels"], "should be a dict"),
    wrong(nb02.seed_row_blocks, {"value_proposition": "value_propositions"}, "no entry yet"),
    wrong(
        nb02.seed_verdicts,
        _verdicts(faster_more_secure=("correct", ["fms_cloud_chats"])),
        "'fms_cloud_chats' does not support 'correct'",
    ),
    wrong(
        nb02.seed_verdicts,
        _verdicts(hundred_percent_free=("wrong", ["free_premium_paid"])),
        "Reread the evidence on 'hundred_percent_free'",
    ),
    wrong(
        nb02.seed_verdicts,
        _verdicts(non_essential_paid_options=("outdated", ["fms_faq_wording"])),
        "evidence about another claim",
    ),
    wrong(
        nb02.seed_verdicts,
        _verdicts(non_essential_paid_options=("not_realised", ["paid_revenue_2024"])),
        "Reread the evidence on 'non_essential_paid_options'",
    ),
    wrong(nb02.seed_verdicts, _verdicts(faster_more_secure="partly"), "should be a pair"),
    wrong(nb02.seed_verdicts, _verdicts(faster_more_secure=("partly", [])), "at least one"),
    wrong(
        nb02.seed_verdicts,
        {"faster_more_secure": ("partly", ["fms_own_marketing"])},
        "no entry yet",
    ),
    wrong(nb02.canvas_claims, Lazy(_claims_not_exploded), "explode"),
    wrong(nb02.canvas_claims, Lazy(_claims_with_empty_rows), "drop the seed rows"),
    wrong(nb02.canvas_claims, Lazy(_claims_without_verdict), "lacks the column"),
    wrong(nb02.canvas_claims, Lazy(lambda: load("claims")), "lacks the column"),
    wrong(nb02.period_growth, _naive_growth, "differ in length"),
    wrong(nb02.period_growth, _multiple, "subtract 1"),
    wrong(nb02.period_growth, _turned_around, "turn it around"),
    wrong(nb02.period_growth, _raises_key_error, "raise a ValueError"),
    wrong(nb02.period_growth, _hard_coded, "two quarters or months"),
    wrong(
        nb02.period_growth,
        _raises_on_any_difference,
        "`period_growth(revenue, 'FY2023', 'FY2024')` raised a ValueError ('x'), but FY2023 and "
        "FY2024 differ in length by 1 day (FY2024 includes 29 February: a leap year)",
    ),
    wrong(nb02.period_growth, 0.66, "should be a function"),
    wrong(nb02.h1_growth, 870 / 1400 - 1, "half a year"),
    wrong(nb02.h1_growth, 870 / 1000 - 1, "half a year"),
    wrong(nb02.h1_growth, 2 * 870 / 1400 - 1, "doubled H1 2025"),
    wrong(nb02.h1_growth, 2 * 870 / 1000 - 1, "Durov's floor"),
    wrong(nb02.h1_growth, 525 / 870 - 1, "turn it around"),
    wrong(nb02.h1_growth, 870 / 525, "multiple"),
    wrong(nb02.h1_growth, 345, "difference in USD million"),
    wrong(nb02.h1_growth, 65.7, "percentage"),
    wrong(
        nb02.premium_share, Lazy(lambda: _premium_frame("backward", True)), "direction='nearest'"
    ),
    wrong(
        nb02.premium_share,
        Lazy(lambda: _premium_frame("nearest", False)),
        "more than 92 days apart",
    ),
    wrong(nb02.premium_share, Lazy(_premium_in_percent), "percentage"),
    wrong(nb02.premium_share, Lazy(_premium_latest_mau_for_all), "column 'mau'"),
    wrong(
        nb02.revenue_mix,
        Lazy(lambda: _mix(divide_by_parts=True, remainder=False)),
        "sum of the reported components",
    ),
    wrong(nb02.revenue_mix, Lazy(lambda: _mix(remainder=False)), "add a row"),
    wrong(nb02.revenue_mix, Lazy(lambda: _mix(name="other")), "not_itemised"),
    wrong(nb02.revenue_mix, Lazy(_mix_with_2024), "H1 2024"),
    wrong(nb02.revenue_mix, Lazy(lambda: _mix(period="H1-2024")), "keep only H1 2025"),
]


# Q2 checks two variables: (infrastructure_range, budget_verdict), and the message expected.
RANGE_WRONG = [
    pytest.param(((500 / 620, 500 / 620), "confirms"), "rounded figures"),
    pytest.param(((495 / 615, 505 / 625), "cannot tell"), "same direction"),
    pytest.param(((505 / 615, 495 / 625), "cannot tell"), "lowest share first"),
    pytest.param(((79.2, 82.11), "cannot tell"), "percentages"),
    pytest.param(((0.7, 0.9), "cannot tell"), "not the range"),
    pytest.param((0.8, "cannot tell"), "pair of fractions"),
    pytest.param(((495 / 625, 505 / 615), "confirms"), "part of it lies"),
    pytest.param(((495 / 625, 505 / 615), "contradicts"), "part of it lies"),
    pytest.param(((495 / 625, 505 / 615), "maybe"), "should be one of"),
]


@pytest.mark.parametrize(("values", "message"), RANGE_WRONG)
def test_wrong_range_or_verdict_gets_its_nudge(values, message):
    with pytest.raises(CheckFailed) as failed:
        nb02.infrastructure_range.evaluate(*values)
    assert failed.value.outcome is Outcome.NOT_YET, str(failed.value)
    assert message in str(failed.value), str(failed.value)


@pytest.mark.parametrize(("question", "value", "message"), WRONG)
def test_wrong_answer_gets_its_nudge(question, value, message):
    assert_nudged(question, value, message)


def test_block_names_are_accepted_as_well_as_ids():
    names = load("canvas_blocks").set_index("block_id")["name"]
    answer = {row: names[block] for row, block in nb02.seed_row_blocks.answer().items()}
    assert nb02.seed_row_blocks.outcome(answer) is Outcome.CORRECT


@pytest.mark.parametrize(
    ("row", "block"),
    [
        ("marketing", "customer_relationships"),
        ("organisation", "key_activities"),
        ("competitive_advantage", "key_resources"),
    ],
)
def test_a_second_defensible_reading_of_a_row_passes(row, block):
    assert nb02.seed_row_blocks.outcome(_blocks(**{row: block})) is Outcome.CORRECT


def test_the_range_read_from_the_parts_of_the_total_passes():
    low, high = 495 / (495 + 125), 505 / (505 + 115)
    assert nb02.infrastructure_range.outcome((low, high), "Cannot tell") is Outcome.CORRECT
    assert nb02.infrastructure_range.outcome([low, high], "cannot_tell") is Outcome.CORRECT


@pytest.mark.parametrize(
    "verdicts",
    [
        {"faster_more_secure": ("correct", ["fms_faq_wording"])},
        {"faster_more_secure": ("wrong", ["fms_whatsapp_default"])},
        {"hundred_percent_free": ("correct", ["free_faq_wording", "free_core_stays_free"])},
        {"hundred_percent_free": ("partly", ["free_faq_wording", "free_premium_paid"])},
        {"non_essential_paid_options": ("correct", ["paid_premium_optional"])},
        {"non_essential_paid_options": ("partly", ["paid_premium_optional", "paid_ads_and_ton"])},
    ],
)
def test_every_defensible_verdict_with_its_evidence_passes(verdicts):
    assert nb02.seed_verdicts.outcome(_verdicts(**verdicts)) is Outcome.CORRECT


def test_judged_claims_have_evidence_for_more_than_one_verdict():
    evidence = load("evidence")
    for claim in nb02.JUDGED_CLAIMS:
        supports = evidence.loc[evidence["claim_id"] == claim, "supports"].str.split(";")
        assert len(set().union(*supports)) >= 2, claim
        assert load("claims").set_index("claim_id").loc[claim, "verdict"] in set().union(
            *supports
        ), claim


def test_messages_never_contain_the_expected_number():
    namespace = solved_namespace(nb02)
    expected = namespace["h1_growth"]
    with pytest.raises(CheckFailed) as failed:
        nb02.h1_growth.evaluate(expected * 1.37)
    for shown in (f"{expected:.2f}", f"{expected:.3g}", f"{expected:.1%}", f"{expected:.0%}"):
        assert shown not in str(failed.value), shown
    for low, high in ((0.5, 0.9), (0.805, 0.808)):
        with pytest.raises(CheckFailed) as failed:
            nb02.infrastructure_range.evaluate((low, high), "cannot tell")
        for bound in nb02.infrastructure_range.secrets():
            for shown in (f"{bound:.2f}", f"{bound:.3f}", f"{bound:.1%}"):
                assert shown not in str(failed.value), shown


def test_explanations_after_a_correct_check_read_the_answer(capsys):
    namespace = solved_namespace(nb02)
    for question in nb02.QUESTIONS:
        question.check(*[namespace[v] for v in question.variables])
    shown = capsys.readouterr().out
    assert shown.count("What this means:") == sum(1 for q in nb02.QUESTIONS if q.explain)
    assert "Traceback" not in shown and "{" not in shown


def test_growth_function_nudge_does_not_reveal_the_expected_growth():
    with pytest.raises(CheckFailed) as failed:
        nb02.period_growth.evaluate(_naive_growth)
    for shown in ("0.657", "65.7", "66 %", "3.09", "309"):
        assert shown not in str(failed.value)


def test_a_growth_function_strict_to_the_day_learns_which_call_raised_and_why():
    """A function that raises for any difference in length is told which call raised, by how
    many days the periods differ, and what the question allows; never the growth itself."""
    with pytest.raises(CheckFailed) as failed:
        nb02.period_growth.evaluate(_raises_on_any_difference)
    shown = str(failed.value)
    assert failed.value.outcome is Outcome.NOT_YET
    assert "at most 7 days" in shown and "running your answer raised" not in shown
    for value in ("0.657", "65.7", "66 %", "3.09", "309", "1400", "342"):
        assert value not in shown, value


def test_a_growth_function_strict_to_the_day_on_made_up_quarters_is_told_the_quarters():
    """Past the real table, the made-up first quarters (90 against 89 days) name their call."""

    def strict_except_real_years(revenue, earlier, later):
        if earlier.startswith(("FY", "H1")):
            return _solved("period_growth")(revenue, earlier, later)
        return _raises_on_any_difference(revenue, earlier, later)

    assert_nudged(
        nb02.period_growth,
        strict_except_real_years,
        "(Q1-2020 → Q1-2021) raised a ValueError ('x'), but Q1-2020 and Q1-2021 differ in length "
        "by 1 day (Q1-2020 includes 29 February: a leap year)",
    )


def test_frame_answers_accept_object_and_string_dtypes():
    answer = _solved("canvas_claims").copy()
    for dtype in (object, "string"):
        converted = answer.astype({"row_id": dtype, "claim_id": dtype, "verdict": dtype})
        assert nb02.canvas_claims.outcome(converted) is Outcome.CORRECT


def test_revenue_mix_in_any_row_order_passes():
    answer = _solved("revenue_mix").iloc[::-1].reset_index(drop=True)
    assert nb02.revenue_mix.outcome(answer) is Outcome.CORRECT


def test_premium_share_with_extra_columns_passes():
    answer = _solved("premium_share").assign(note="matched")
    assert nb02.premium_share.outcome(answer) is Outcome.CORRECT
