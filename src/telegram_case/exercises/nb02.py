"""Questions of notebook 02, "The business model canvas: what the seed says, what is missing,
what changed by 2025".

Use in the notebook as ``from telegram_case.exercises import nb02 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.
"""

from __future__ import annotations

import math

import pandas as pd

from ..checking import (
    Nudge,
    Question,
    Written,
    bind,
    expect_frame,
    expect_function,
    expect_number,
    expect_set,
)
from ..datasets import load

# Pairs a Premium subscriber count with the nearest MAU milestone at most this far away.
MATCH_DAYS = 92
# Two periods count as "the same length" when their lengths differ by at most a week.
SAME_LENGTH_DAYS = 7


# --- reference answers -------------------------------------------------------------------


def _missing_blocks() -> set[str]:
    blocks = load("canvas_blocks")
    return set(blocks.loc[~blocks["in_seed_table"].astype(bool), "block_id"])


def _blocks_named_by_seed_rows() -> set[str]:
    """Every block some seed row's ``blocks`` column mentions, directly or not."""
    named = load("canvas")["blocks"].str.split(";").explode().str.strip()
    return set(named)


def _budget(row_id: str) -> float:
    return float(load("ton_budget").set_index("row_id").loc[row_id, "value"])


def _infrastructure_share() -> float:
    return _budget("budget_2018_2021_infrastructure") / _budget("budget_2018_2021_total")


def _canvas_claims() -> pd.DataFrame:
    canvas = load("canvas")
    quoted = canvas[["row_id", "claim_ids"]].dropna(subset=["claim_ids"]).copy()
    quoted["claim_id"] = quoted["claim_ids"].str.split(";")
    quoted = quoted.explode("claim_id")
    quoted["claim_id"] = quoted["claim_id"].str.strip()
    verdicts = load("claims")[["claim_id", "verdict"]]
    return quoted[["row_id", "claim_id"]].merge(verdicts, on="claim_id", how="left")


def _feature_shares() -> dict[str, float]:
    status = load("features")["status"]
    return {
        s: float((status == s).sum()) / len(status)
        for s in ("correct", "partly", "outdated", "wrong", "unverified")
    }


def _revenue() -> pd.DataFrame:
    money = load("monetization")
    return money[(money["item"] == "revenue") & (money["qualifier"] != "over")]


def _revenue_value(period: str, *, floors: bool = False) -> float:
    money = load("monetization")
    rows = money[(money["item"] == "revenue") & (money["period_label"] == period)]
    rows = rows[rows["qualifier"] == "over"] if floors else rows[rows["qualifier"] != "over"]
    return float(rows["value"].iloc[0])


def _growth(earlier: float, later: float) -> float:
    return later / earlier - 1


def _premium_share() -> pd.DataFrame:
    money = load("monetization")
    users = load("users")
    premium = money[money["item"] == "premium_subscribers"]
    premium = (
        premium[["period_start", "value"]]
        .rename(columns={"period_start": "date", "value": "subscribers"})
        .sort_values("date")
    )
    mau = users[users["metric"] == "monthly_active_users"][["date", "value"]]
    mau = mau.rename(columns={"date": "mau_date", "value": "mau"}).sort_values("mau_date")
    pairs = pd.merge_asof(
        premium,
        mau,
        left_on="date",
        right_on="mau_date",
        direction="nearest",
        tolerance=pd.Timedelta(days=MATCH_DAYS),
    )
    pairs = pairs.dropna(subset=["mau"]).reset_index(drop=True)
    pairs["share"] = pairs["subscribers"] / pairs["mau"]
    return pairs


def _premium_pairs_without(direction: str, tolerance: bool) -> pd.DataFrame:
    """What a merge with the wrong options gives (for the nudges)."""
    money = load("monetization")
    users = load("users")
    premium = money[money["item"] == "premium_subscribers"][["period_start", "value"]]
    premium = premium.rename(columns={"period_start": "date", "value": "subscribers"})
    mau = users[users["metric"] == "monthly_active_users"][["date", "value"]]
    mau = mau.rename(columns={"date": "mau_date", "value": "mau"})
    pairs = pd.merge_asof(
        premium.sort_values("date"),
        mau.sort_values("mau_date"),
        left_on="date",
        right_on="mau_date",
        direction=direction,
        tolerance=pd.Timedelta(days=MATCH_DAYS) if tolerance else None,
    )
    return pairs.dropna(subset=["mau"])


def _revenue_mix(period: str = "H1-2025") -> pd.DataFrame:
    money = load("monetization")
    rows = money[money["period_label"] == period]
    total = float(rows.loc[rows["item"] == "revenue", "value"].iloc[0])
    parts = rows.loc[rows["item"] == "revenue_component", ["component", "value"]]
    rest = pd.DataFrame({"component": ["not_itemised"], "value": [total - parts["value"].sum()]})
    mix = pd.concat([parts, rest], ignore_index=True)
    mix["share"] = mix["value"] / total
    return mix


# --- checkers -----------------------------------------------------------------------------


def _as_block_ids(value) -> object:
    """Accept block names ("Key partners") as well as ids ("key_partners")."""
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return [v.strip().lower().replace(" ", "_") for v in value]
    return value


def _check_missing_blocks(value) -> None:
    given = _as_block_ids(value)
    expected = _missing_blocks()
    if isinstance(given, list) and set(given) == set(load("canvas_blocks")["block_id"]) - (
        _blocks_named_by_seed_rows()
    ):
        raise Nudge(
            "You treated every block named in the `blocks` column as covered. "
            "The organisation row only touches key resources and key activities "
            "indirectly: it describes the team, not what Telegram owns or does. "
            "Use `in_seed_table`."
        )
    if isinstance(given, list) and set(given) == set(load("canvas")["row_id"]):
        raise Nudge(
            "Those are the seed's own rows; the question asks for the building blocks "
            "that have no row of their own."
        )
    expect_set(
        given, expected, what="`missing_blocks`", options=list(load("canvas_blocks")["block_id"])
    )


def _check_infrastructure_share(value) -> None:
    expected = _infrastructure_share()
    total = _budget("budget_2018_2021_total")
    expect_number(
        value,
        expected,
        what="`infrastructure_share`",
        rel=1e-3,
        mistakes=[
            (
                _budget("budget_2018_2021_wages_etc") / total,
                "That is the share of wages and other costs; the question asks for infrastructure.",
            ),
            (
                _budget("budget_2017_infrastructure") / _budget("budget_2017_total"),
                "That is the 2017 budget; the question asks about the projection for 2018–2021.",
            ),
            (1 / expected, "You divided the total by the infrastructure part; turn it around."),
            (
                _budget("budget_2018_2021_infrastructure") / (total + _budget("budget_2017_total")),
                "You added 2017 to the total; the projection covers 2018–2021 only.",
            ),
            (
                0.8,
                "That is the primer's promise (“more than 80 %”); compute the share from the "
                "budget figures to see whether they agree.",
            ),
        ],
    )


def _check_canvas_claims(frame) -> None:
    expected = _canvas_claims()
    if isinstance(frame, pd.DataFrame) and "claim_id" in frame.columns:
        ids = frame["claim_id"]
        if ids.isna().any():
            raise Nudge(
                "`canvas_claims` has rows without a claim: drop the seed rows that "
                "quote no claim (`dropna`)."
            )
        if ids.astype(str).str.contains(";").any():
            raise Nudge(
                "Some `claim_id` values still hold several ids separated by ';'; "
                "split them with `.str.split(';')` and give each its own row with "
                "`.explode(...)`."
            )
    expect_frame(
        frame,
        expected,
        what="`canvas_claims`",
        columns=["row_id", "claim_id", "verdict"],
        sort_by=["row_id", "claim_id"],
    )


def _check_confirmed_share(value) -> None:
    shares = _feature_shares()
    n = len(load("features"))
    expected = shares["correct"]
    checked = 1 - shares["unverified"]
    expect_number(
        value,
        expected,
        what="`confirmed_share`",
        rel=1e-3,
        mistakes=[
            (
                shares["correct"] + shares["unverified"],
                "You counted the unverified items as confirmed; “unverified” means nobody "
                "could check them, not that they are right.",
            ),
            (
                shares["correct"] + shares["outdated"],
                "You counted an outdated item as confirmed; it was true once, it is not true today.",
            ),
            (
                shares["correct"] / checked if checked else math.nan,
                "You left the unverified items out of the denominator; the question asks about all "
                "the seed's features.",
            ),
            (1 - expected, "That is the share that is *not* confirmed."),
            (expected * n, "That is a count; divide by the number of features to get a share."),
        ],
    )


def _check_period_growth(period_growth) -> None:
    function = expect_function(period_growth, what="`period_growth`")
    revenue = _revenue()
    cases = [("FY2023", "FY2024"), ("H1-2024", "H1-2025")]
    for earlier, later in cases:
        a, b = _revenue_value(earlier), _revenue_value(later)
        result = function(revenue.copy(), earlier, later)
        expect_number(
            result,
            _growth(a, b),
            what=f"`period_growth(revenue, {earlier!r}, {later!r})`",
            rel=1e-6,
            mistakes=[
                (
                    b / a,
                    "Your function returns the multiple (later ÷ earlier); "
                    "subtract 1 to get growth.",
                ),
                (
                    _growth(b, a),
                    "Your function divides the earlier period by the later one; turn it around.",
                ),
            ],
        )
    # made-up periods, so that the function must read the table, not remember the answers
    made_up = pd.DataFrame(
        {
            "period_label": ["Q1-2020", "Q1-2021", "FY2021", "2020-02", "2021-02"],
            "period_start": pd.to_datetime(
                ["2020-01-01", "2021-01-01", "2021-01-01", "2020-02-01", "2021-02-01"]
            ),
            "period_end": pd.to_datetime(
                ["2020-03-31", "2021-03-31", "2021-12-31", "2020-02-29", "2021-02-28"]
            ),
            "value": [80.0, 100.0, 500.0, 40.0, 30.0],
        }
    )
    for earlier, later, expected in (("Q1-2020", "Q1-2021", 0.25), ("2020-02", "2021-02", -0.25)):
        result = function(made_up.copy(), earlier, later)
        expect_number(
            result,
            expected,
            what=f"`period_growth` on two quarters or months ({earlier} → {later})",
            rel=1e-6,
        )
    for table, earlier, later in ((revenue, "FY2024", "H1-2025"), (made_up, "Q1-2021", "FY2021")):
        try:
            result = function(table.copy(), earlier, later)
        except ValueError:
            continue
        except NotImplementedError:
            raise
        except Exception as exc:
            raise Nudge(
                f"For {earlier} → {later} your function raised {type(exc).__name__}; "
                "raise a ValueError when the periods differ in length."
            ) from None
        raise Nudge(
            f"`period_growth(..., {earlier!r}, {later!r})` returned {result!r}, but "
            "these periods differ in length (a full year against a part of one). "
            "Raise a ValueError instead of returning a number."
        )


def _check_h1_growth(value) -> None:
    fy2024 = _revenue_value("FY2024")
    h1_2024, h1_2025 = _revenue_value("H1-2024"), _revenue_value("H1-2025")
    durov = _revenue_value("FY2024", floors=True)
    half_vs_full = (
        "You compared half a year (H1 2025) with a full year (FY2024). That looks "
        "like a fall in revenue, but it only says that six months are shorter than "
        "twelve. Compare like with like: the first half of 2025 against the first "
        "half of 2024."
    )
    expect_number(
        value,
        _growth(h1_2024, h1_2025),
        what="`h1_growth`",
        rel=1e-3,
        mistakes=[
            (_growth(fy2024, h1_2025), half_vs_full),
            (_growth(durov, h1_2025), half_vs_full),
            (
                _growth(fy2024, 2 * h1_2025),
                "You doubled H1 2025 to make a year; that assumes the second half equals the first, "
                "and FY2025 actuals were not found. Compare the first half of 2025 with the first "
                "half of 2024 instead.",
            ),
            (
                _growth(durov, 2 * h1_2025),
                "You doubled H1 2025 and compared it with Durov's floor for 2024; compare the first "
                "half of 2025 with the first half of 2024 instead.",
            ),
            (
                _growth(h1_2025, h1_2024),
                "You divided the earlier half-year by the later one; turn it around.",
            ),
            (h1_2025 / h1_2024, "That is the multiple; subtract 1 to get growth."),
            (
                h1_2025 - h1_2024,
                "That is the difference in USD million; the question asks for "
                "growth as a fraction.",
            ),
        ],
    )


def _check_premium_share(frame) -> None:
    expected = _premium_share()
    columns = ["date", "subscribers", "mau", "share"]
    if isinstance(frame, pd.DataFrame) and all(c in frame.columns for c in columns):
        backward = _premium_pairs_without("backward", tolerance=True)
        unlimited = _premium_pairs_without("nearest", tolerance=False)
        if len(frame) == len(backward) != len(expected):
            raise Nudge(
                "`merge_asof` looks only backward by default, so most subscriber "
                "counts find no MAU milestone within the window; use "
                "`direction='nearest'`."
            )
        if len(frame) == len(unlimited) != len(expected):
            raise Nudge(
                "At least one pair is more than 92 days apart, so the two figures "
                "do not describe the same moment; set "
                "`tolerance=pd.Timedelta(days=92)` and drop the rows without a match."
            )
        shares = pd.to_numeric(frame["share"], errors="coerce")
        if len(frame) == len(expected) and (shares > 1).any():
            raise Nudge(
                "`share` looks like a percentage; give it as a fraction "
                "(subscribers ÷ MAU, both in millions)."
            )
    expect_frame(
        frame, expected, what="`premium_share`", columns=columns, sort_by=["date"], rel=1e-6
    )


def _check_revenue_mix(frame) -> None:
    expected = _revenue_mix()
    if isinstance(frame, pd.DataFrame) and {"component", "value", "share"} <= set(frame.columns):
        components = set(frame["component"].astype(str))
        other = components - set(expected["component"])
        reported = expected[expected["component"] != "not_itemised"]
        if "toncoin_ads_exclusivity" in components:
            raise Nudge("`revenue_mix` includes a component of H1 2024; keep only H1 2025.")
        if len(frame) == len(reported) and math.isclose(
            float(pd.to_numeric(frame["share"], errors="coerce").sum()), 1.0, rel_tol=1e-6
        ):
            raise Nudge(
                "Your shares add up to 100 % because you divided by the sum of the "
                "reported components. They do not add up to the reported total: divide "
                "by the total revenue, and add a row 'not_itemised' for the rest."
            )
        if len(frame) == len(reported):
            raise Nudge(
                "The reported components do not add up to the total; add a row whose "
                "component is 'not_itemised' for the part the reports do not break "
                "down."
            )
        if len(frame) == len(expected) and other:
            raise Nudge(f"Call the remainder 'not_itemised' (you used {sorted(other)}).")
    expect_frame(
        frame,
        expected,
        what="`revenue_mix`",
        columns=["component", "value", "share"],
        sort_by=["component"],
        rel=1e-6,
    )


# --- the questions ---------------------------------------------------------------------------

missing_blocks = Question(
    title="Q1 the blocks the seed leaves out",
    variables=("missing_blocks",),
    checker=_check_missing_blocks,
    hints=(
        "`blocks` has one row per building block; the column `in_seed_table` says whether "
        "the seed's table has a row for it.",
        "Keep the rows where `in_seed_table` is False: `blocks[~blocks['in_seed_table']]`.",
        "Then take the `block_id` column as a list: `list(...['block_id'])`.",
    ),
)

infrastructure_share = Question(
    title="Q2 the infrastructure share of the budget",
    variables=("infrastructure_share",),
    checker=_check_infrastructure_share,
    hints=(
        "The rows `budget_2018_2021_infrastructure` and `budget_2018_2021_total` of "
        "`ton_budget` hold the two figures.",
        "`ton_budget.set_index('row_id').loc['budget_2018_2021_total', 'value']` reads one value.",
        "Share = infrastructure ÷ total, as a fraction.",
    ),
)

canvas_claims = Question(
    title="Q3 the canvas's claims and their verdicts",
    variables=("canvas_claims",),
    checker=_check_canvas_claims,
    hints=(
        "Start from `canvas_table[['row_id', 'claim_ids']]` and drop the rows whose "
        "`claim_ids` is empty.",
        "`.str.split(';')` turns 'a;b' into a list; `.explode('claim_id')` gives each "
        "item its own row.",
        "Merge with `claims[['claim_id', 'verdict']]` on `claim_id`.",
    ),
)

confirmed_share = Question(
    title="Q4 the share of confirmed features",
    variables=("confirmed_share",),
    checker=_check_confirmed_share,
    hints=(
        "`features['status']` says for each of the seed's features what the checked "
        "sources say today.",
        "Only the status 'correct' means confirmed; 'unverified' means nobody could check.",
        "`(features['status'] == 'correct').mean()` is the share of True values.",
    ),
)

period_growth = Question(
    title="Q5 a growth function that compares like with like",
    variables=("period_growth",),
    checker=_check_period_growth,
    hints=(
        "Find each period's row with `revenue[revenue['period_label'] == label]`, then take "
        "its `value`, `period_start` and `period_end`.",
        "A period's length in days is `(period_end - period_start).days`.",
        "If the two lengths differ by more than 7 days, `raise ValueError('...')`; otherwise "
        "return later ÷ earlier − 1.",
    ),
)

h1_growth = Question(
    title="Q6 revenue growth in the first half of 2025",
    variables=("h1_growth",),
    checker=_check_h1_growth,
    hints=(
        "H1 2025 is January to June: six months.",
        "Compare it with the same six months of the year before, H1 2024.",
        "`period_growth(revenue, 'H1-2024', 'H1-2025')` does it, if your function passed.",
    ),
)

premium_share = Question(
    title="Q7 Premium subscribers as a share of monthly users",
    variables=("premium_share",),
    checker=_check_premium_share,
    hints=(
        "Make two tables, each sorted by date: the Premium counts from `monetization` "
        "(`item == 'premium_subscribers'`, columns `period_start` renamed to `date` and "
        "`value` renamed to `subscribers`), and the MAU milestones from `users` "
        "(`metric == 'monthly_active_users'`, `date` renamed to `mau_date`, `value` to `mau`).",
        "`pd.merge_asof(left, right, left_on='date', right_on='mau_date', "
        "direction='nearest', tolerance=pd.Timedelta(days=92))` pairs each count with the "
        "nearest milestone.",
        "Drop the rows where `mau` is missing (`dropna(subset=['mau'])`), then "
        "share = subscribers ÷ mau.",
    ),
)

revenue_mix = Question(
    title="Q8 the revenue mix of H1 2025",
    variables=("revenue_mix",),
    checker=_check_revenue_mix,
    hints=(
        "Keep the rows of `monetization` whose `period_label` is 'H1-2025'.",
        "The total is the row with `item == 'revenue'`; the parts are the rows with "
        "`item == 'revenue_component'`.",
        "Add the rest as one more row: `pd.concat([parts, pd.DataFrame({'component': "
        "['not_itemised'], 'value': [total - parts['value'].sum()]})])`; then "
        "share = value ÷ total.",
    ),
)

# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_privacy_vs_money = Written(
    title="W1 · Does monetisation contradict the privacy value proposition?"
)
w2_seed_survives = Written(title="W2 · Does the seed's analysis survive?")

bind(globals(), notebook="02")
