"""Questions of notebook 02, "The business model canvas: what the seed says, what is missing,
what changed by 2025".

Use in the notebook as ``from telegram_case.exercises import nb02 as q``; each
question is checked with ``q.<name>.check()``.
The expected values are computed here from the course data when a check runs.

What each question asks a student to decide:

- ``seed_row_blocks``: which building block each row of the explainer's table speaks to.
  Two rows can be read two ways, and both readings pass (``ALSO_DEFENSIBLE`` says why).
- ``infrastructure_range``: carry the rounding of the budget figures through a share, and
  judge whether the rounded budget can confirm the primer's "more than 80 percent".
- ``seed_verdicts``: judge three of the explainer's claims from evidence items
  (``data/evidence.csv``); every verdict some evidence supports passes, with that evidence.
- ``period_growth`` and ``h1_growth``: compare only periods of the same length.
- ``premium_share``: pair figures of matching dates, and leave out what has no match.
- ``revenue_mix``: divide by the reported total, not by the parts that happen to be itemised.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping

import pandas as pd

from ..checking import Question, Written, bind
from ..datasets import load
from ..expectations import (
    Nudge,
    expect_frame,
    expect_function,
    expect_mapping,
    expect_number,
    expect_value_error,
)
from .verdicts import verdict_question

# Pairs a Premium subscriber count with the nearest MAU milestone at most this far away.
MATCH_DAYS = 92
# Two periods count as "the same length" when their lengths differ by at most a week.
SAME_LENGTH_DAYS = 7
# The TON budget lines are round figures ("about"); the notebook asks students to assume each
# is rounded to the nearest 10 million USD, so each could be up to this much higher or lower.
ROUNDING_USD_MILLION = 5.0
# The primer's promise: "more than 80 percent" of the funds for infrastructure.
PRIMER_SHARE = 0.80
BUDGET_VERDICTS = ("confirms", "contradicts", "cannot tell")
# The three claims of the explainer that students judge themselves (data/claims.csv).
JUDGED_CLAIMS = ("faster_more_secure", "hundred_percent_free", "non_essential_paid_options")

# Besides the blocks in the `blocks` column of data/canvas.csv, a second reading is
# defensible for two rows of the explainer's table:
ALSO_DEFENSIBLE = {
    # Word of mouth and referrals reach new users (channels), and the same self-service,
    # community-driven contact is how Telegram keeps them (customer relationships).
    "marketing": {"customer_relationships"},
    # The row restates why users choose Telegram (value proposition), but its open API and
    # loyal user base can also be read as what Telegram owns (key resources).
    "competitive_advantage": {"key_resources"},
}
# What a student who picked an indefensible block should reread, per seed row.
REREAD = {
    "value_proposition": "it says what Telegram offers its users and why they would choose it.",
    "customer_segments": "it lists whom Telegram serves.",
    "distribution": "app stores, web clients and invitations are the ways users get to Telegram.",
    "revenue_streams": "it is about where money comes from, or does not.",
    "marketing": "word of mouth and referrals are about how people come to Telegram and stay, "
    "not about what it owns, does or offers.",
    "organisation": "a small core team responsible for development and operations: that is "
    "part of the engine behind the offer, not something customers see.",
    "competitive_advantage": "privacy, encryption, rich features and an open API: a promise "
    "to users, or something Telegram owns? It is not about customers or money.",
}


# --- shared by several questions ----------------------------------------------------------


def _revenue_value(period: str, *, floors: bool = False) -> float:
    money = load("monetization")
    rows = money[(money["item"] == "revenue") & (money["period_label"] == period)]
    rows = rows[rows["qualifier"] == "over"] if floors else rows[rows["qualifier"] != "over"]
    return float(rows["value"].iloc[0])


def _growth(earlier: float, later: float) -> float:
    return later / earlier - 1


# --- Q1 seed_row_blocks -------------------------------------------------------------------


def _seed_rows() -> pd.DataFrame:
    return load("canvas")[["row_id", "blocks"]]


def _accepted_blocks() -> dict[str, set[str]]:
    """Every defensible building block for every row of the explainer's table."""
    accepted = {}
    for row in _seed_rows().itertuples():
        named = {block.strip() for block in row.blocks.split(";")}
        accepted[row.row_id] = named | ALSO_DEFENSIBLE.get(row.row_id, set())
    return accepted


def _seed_row_blocks() -> dict[str, str]:
    return {row.row_id: row.blocks.split(";")[0].strip() for row in _seed_rows().itertuples()}


def _as_block_id(value) -> object:
    """Accept a block's name ("Key partners") as well as its id ("key_partners")."""
    return value.strip().lower().replace(" ", "_") if isinstance(value, str) else value


def _check_seed_row_blocks(value) -> None:
    if isinstance(value, Mapping):
        value = {key: _as_block_id(block) for key, block in value.items()}
    expect_mapping(
        value,
        _accepted_blocks(),
        what="`seed_row_blocks`",
        reasons=REREAD,
        options=list(load("canvas_blocks")["block_id"]),
    )


seed_row_blocks = Question(answer=_seed_row_blocks, checker=_check_seed_row_blocks)


# --- Q2 infrastructure_range --------------------------------------------------------------


def _budget(row_id: str) -> float:
    return float(load("ton_budget").set_index("row_id").loc[row_id, "value"])


def _share_ranges() -> dict[str, tuple[float, float]]:
    """The lowest and highest infrastructure share the rounding allows, read two ways.

    ``total``: infrastructure and total each rounded on their own (what the prompt's two
    rows suggest). ``parts``: the total is infrastructure plus wages and other costs, each
    rounded (a careful reading of the third budget line); both are defensible.
    """
    r = ROUNDING_USD_MILLION
    infra = _budget("budget_2018_2021_infrastructure")
    total = _budget("budget_2018_2021_total")
    rest = _budget("budget_2018_2021_wages_etc")
    return {
        "total": ((infra - r) / (total + r), (infra + r) / (total - r)),
        "parts": ((infra - r) / (infra - r + rest + r), (infra + r) / (infra + r + rest - r)),
    }


def _budget_verdict(low: float, high: float) -> str:
    if low > PRIMER_SHARE:
        return "confirms"
    if high <= PRIMER_SHARE:
        return "contradicts"
    return "cannot tell"


def _infrastructure_range() -> tuple[tuple[float, float], str]:
    low, high = _share_ranges()["total"]
    return (low, high), _budget_verdict(low, high)


def _as_range(value) -> tuple[float, float]:
    form = "`infrastructure_range` should be a pair of fractions: (lowest, highest)"
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Nudge(f"{form}.")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise Nudge(f"{form}, both numbers.")
    low, high = (float(v) for v in value)
    if not all(math.isfinite(v) for v in (low, high)):
        raise Nudge(f"{form}; check for a division by zero.")
    return low, high


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-3)


def _check_range(low: float, high: float) -> None:
    ranges = _share_ranges()
    if any(_close(low, lo) and _close(high, hi) for lo, hi in ranges.values()):
        return
    if low > high:
        raise Nudge("Give the lowest share first, then the highest.")
    point = _budget("budget_2018_2021_infrastructure") / _budget("budget_2018_2021_total")
    if _close(low, point) or _close(high, point):
        raise Nudge(
            "One end of your range is the share of the rounded figures themselves. "
            "Each figure could be up to 5 million higher or lower: find the combination "
            "that makes the share smallest, and the one that makes it largest."
        )
    r, infra = ROUNDING_USD_MILLION, _budget("budget_2018_2021_infrastructure")
    total = _budget("budget_2018_2021_total")
    if _close(low, (infra - r) / (total - r)) or _close(high, (infra + r) / (total + r)):
        raise Nudge(
            "A share is smallest when its part is small and the whole is large; "
            "you moved the part and the whole in the same direction."
        )
    if high > 1 and any(_close(low, lo * 100) for lo, _ in ranges.values()):
        raise Nudge("Your range looks like percentages; give fractions (0.25, not 25).")
    raise Nudge("`infrastructure_range` is not the range this rounding allows.")


def _check_budget_verdict(verdict, low: float, high: float) -> None:
    if not isinstance(verdict, str):
        raise Nudge(f"`budget_verdict` should be one of {list(BUDGET_VERDICTS)}, a string.")
    cleaned = verdict.strip().lower().replace("_", " ")
    if cleaned not in BUDGET_VERDICTS:
        raise Nudge(f"`budget_verdict` should be one of {list(BUDGET_VERDICTS)}, not {verdict!r}.")
    if cleaned == _budget_verdict(low, high):
        return
    below, above = low <= PRIMER_SHARE, high > PRIMER_SHARE
    raise Nudge(
        "Compare your verdict with your range: "
        + ("part of it lies at or below 80 %" if below else "all of it lies above 80 %")
        + (" and part of it above." if below and above else ".")
        + " Which verdict do rounded figures allow about *more than* 80 percent?"
    )


def _check_infrastructure_range(value, verdict) -> None:
    low, high = _as_range(value)
    _check_range(low, high)
    _check_budget_verdict(verdict, low, high)


def _explain_infrastructure_range(value, verdict) -> str:
    low, high = _as_range(value)
    return (
        f"Rounding alone moves the infrastructure share between {low:.1%} and {high:.1%}, on "
        "both sides of 80 %: the budget fits the primer's 'more than 80 percent' but cannot "
        "prove it. Both documents say the same thing about the business: about four fifths of "
        "the money was planned for equipment, bandwidth and data centres, the rest for a small "
        "staff."
    )


infrastructure_range = Question(
    answer=_infrastructure_range,
    checker=_check_infrastructure_range,
    graded_values=lambda: [bound for pair in _share_ranges().values() for bound in pair],
    explain=_explain_infrastructure_range,
)


# --- Q3 canvas_claims ---------------------------------------------------------------------


def _canvas_claims() -> pd.DataFrame:
    canvas = load("canvas")
    quoted = canvas[["row_id", "claim_ids"]].dropna(subset=["claim_ids"]).copy()
    quoted["claim_id"] = quoted["claim_ids"].str.split(";")
    quoted = quoted.explode("claim_id")
    quoted["claim_id"] = quoted["claim_id"].str.strip()
    verdicts = load("claims")[["claim_id", "verdict"]]
    return quoted[["row_id", "claim_id"]].merge(verdicts, on="claim_id", how="left")


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
    expect_frame(frame, expected, what="`canvas_claims`", sort_by=["row_id", "claim_id"])


canvas_claims = Question(answer=_canvas_claims, checker=_check_canvas_claims)


# --- Q4 seed_verdicts ---------------------------------------------------------------------


def _explain_seed_verdicts(value) -> str:
    evidence = load("evidence")
    parts = []
    for claim in JUDGED_CLAIMS:
        supports = evidence.loc[evidence["claim_id"] == claim, "supports"].str.split(";")
        defensible = sorted(set().union(*supports))
        parts.append(f"{claim}: {' or '.join(defensible)}")
    return (
        "Each of these claims can be defended with more than one verdict ("
        + "; ".join(parts)
        + "). What makes a verdict good is the evidence under it and a clear view of what kind "
        "of claim it is: Telegram's own marketing, a belief stated before 2021, or a plan that "
        "came true in another form."
    )


seed_verdicts = verdict_question(
    JUDGED_CLAIMS, what="`seed_verdicts`", explain=_explain_seed_verdicts
)


# --- Q5 period_growth ---------------------------------------------------------------------


def _revenue() -> pd.DataFrame:
    money = load("monetization")
    return money[(money["item"] == "revenue") & (money["qualifier"] != "over")]


def _period_length_days(table: pd.DataFrame, label: str) -> int:
    row = table.set_index("period_label").loc[label]
    return int((row["period_end"] - row["period_start"]).days)


def _has_leap_day(table: pd.DataFrame, label: str) -> bool:
    row = table.set_index("period_label").loc[label]
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return any(
        start <= pd.Timestamp(year=year, month=2, day=29) <= end
        for year in range(start.year, end.year + 1)
        if calendar.isleap(year)
    )


def _call_comparable(function, table: pd.DataFrame, earlier: str, later: str, *, what: str):
    """``function(table, earlier, later)`` for two periods the question counts as the same
    length; a ValueError gets a nudge that names the call and why the periods compare."""
    try:
        return function(table.copy(), earlier, later)
    except ValueError as error:
        gap = abs(_period_length_days(table, earlier) - _period_length_days(table, later))
        why = f"{earlier} and {later} differ in length by {gap} day{'' if gap == 1 else 's'}"
        leap = [label for label in (earlier, later) if _has_leap_day(table, label)]
        if len(leap) == 1:
            why += f" ({leap[0]} includes 29 February: a leap year)"
        raised = f"{what} raised a ValueError ({str(error)[:80]!r})"
        raise Nudge(
            f"{raised}, but {why}. The question counts two periods as the "
            f"same length when they differ by at most {SAME_LENGTH_DAYS} days, so that "
            "calendar quirks (leap years, months of 28 to 31 days) do not stop a comparison: "
            f"raise only when the difference is larger than {SAME_LENGTH_DAYS} days."
        ) from None


def _check_period_growth(period_growth) -> None:
    function = expect_function(period_growth, what="`period_growth`")
    revenue = _revenue()
    cases = [("FY2023", "FY2024"), ("H1-2024", "H1-2025")]
    for earlier, later in cases:
        a, b = _revenue_value(earlier), _revenue_value(later)
        what = f"`period_growth(revenue, {earlier!r}, {later!r})`"
        result = _call_comparable(function, revenue, earlier, later, what=what)
        expect_number(
            result,
            _growth(a, b),
            what=what,
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
        what = f"`period_growth` on two quarters or months ({earlier} → {later})"
        result = _call_comparable(function, made_up, earlier, later, what=what)
        expect_number(result, expected, what=what, rel=1e-6)
    for table, earlier, later in ((revenue, "FY2024", "H1-2025"), (made_up, "Q1-2021", "FY2021")):
        expect_value_error(
            lambda table=table, earlier=earlier, later=later: function(
                table.copy(), earlier, later
            ),
            case=f"{earlier} → {later}",
            accepted=f"`period_growth(..., {earlier!r}, {later!r})` returned {{result!r}}, but "
            "these periods differ in length (a full year against a part of one). "
            "Raise a ValueError instead of returning a number.",
        )


def _reference_period_growth(revenue: pd.DataFrame, earlier: str, later: str) -> float:
    gap = _period_length_days(revenue, earlier) - _period_length_days(revenue, later)
    if abs(gap) > SAME_LENGTH_DAYS:
        raise ValueError(f"{earlier} and {later} are periods of different length")
    values = revenue.set_index("period_label")["value"]
    return float(values[later]) / float(values[earlier]) - 1


period_growth = Question(answer=lambda: _reference_period_growth, checker=_check_period_growth)


# --- Q6 h1_growth -------------------------------------------------------------------------


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
                "You doubled H1 2025 to make a year; that assumes the second half equals the "
                "first, "
                "and FY2025 actuals were not found. Compare the first half of 2025 with the first "
                "half of 2024 instead.",
            ),
            (
                _growth(durov, 2 * h1_2025),
                "You doubled H1 2025 and compared it with Durov's floor for 2024; compare "
                "the first "
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


def _explain_h1_growth(value) -> str:
    return (
        f"Compared like with like, revenue grew by about {value:.0%} from the first half of "
        "2024 to the first half of 2025 (reported as +65 %, grafa_ft_2026_h1_2025); set "
        "against the full year 2024 the same half-year would have looked like a fall of more "
        "than a third. Part of the growth is deal-making: both halves include TON agreements "
        "(225 million USD in H1 2024, about 300 million in H1 2025)."
    )


h1_growth = Question(
    answer=lambda: _growth(_revenue_value("H1-2024"), _revenue_value("H1-2025")),
    checker=_check_h1_growth,
    explain=_explain_h1_growth,
)


# --- Q7 premium_share ---------------------------------------------------------------------


def _premium_share(direction: str = "nearest", tolerance: bool = True) -> pd.DataFrame:
    """Premium subscribers paired with the MAU milestone nearest in time (at most
    ``MATCH_DAYS`` apart); other options give what a wrong merge gives (for the nudges)."""
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
    pairs = pairs.dropna(subset=["mau"]).reset_index(drop=True)
    pairs["share"] = pairs["subscribers"] / pairs["mau"]
    return pairs


def _check_premium_share(frame) -> None:
    expected = _premium_share()
    columns = ["date", "subscribers", "mau", "share"]
    if isinstance(frame, pd.DataFrame) and all(c in frame.columns for c in columns):
        backward = _premium_share("backward")
        unlimited = _premium_share(tolerance=False)
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


def _explain_premium_share(frame) -> str:
    pairs = frame.sort_values("date")
    first, last = pairs.iloc[0], pairs.iloc[-1]
    return (
        f"Premium grew from about one user in {1 / first['share']:,.0f} "
        f"({first['date']:%b %Y}) to about {last['share']:.1%} of monthly users "
        f"({last['date']:%b %Y}). Every pair is approximate in a direction nobody knows: the "
        "MAU milestones are round or floor figures ('over 1 billion') and so are most "
        "subscriber counts ('more than 12 million', 'at least 1 million'). A small paying "
        "minority (Premium brought in about 223 million USD in H1 2025, medium confidence) "
        "helps pay for a free service for everyone else."
    )


premium_share = Question(
    answer=_premium_share,
    checker=_check_premium_share,
    graded_values=lambda: list(_premium_share()["share"]),
    explain=_explain_premium_share,
)


# --- Q8 revenue_mix -----------------------------------------------------------------------


def _revenue_mix(period: str = "H1-2025") -> pd.DataFrame:
    money = load("monetization")
    rows = money[money["period_label"] == period]
    total = float(rows.loc[rows["item"] == "revenue", "value"].iloc[0])
    parts = rows.loc[rows["item"] == "revenue_component", ["component", "value"]]
    rest = pd.DataFrame({"component": ["not_itemised"], "value": [total - parts["value"].sum()]})
    mix = pd.concat([parts, rest], ignore_index=True)
    mix["share"] = mix["value"] / total
    return mix


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
    expect_frame(frame, expected, what="`revenue_mix`", sort_by=["component"], rel=1e-6)


def _explain_revenue_mix(frame) -> str:
    shares = frame.set_index("component")["share"]
    return (
        "The largest reported stream is not ads or subscriptions but TON exclusivity "
        f"agreements, about {shares['ton_exclusivity']:.0%} of H1 2025 revenue, and about "
        f"{shares['not_itemised']:.0%} of the total is not itemised at all. Read the mix as a "
        "rough picture from secondary reports of one newspaper article, not as accounts."
    )


def _revenue_mix_secrets() -> list[float]:
    mix = _revenue_mix()
    return [*mix["share"], float(mix.loc[mix["component"] == "not_itemised", "value"].iloc[0])]


revenue_mix = Question(
    answer=_revenue_mix,
    checker=_check_revenue_mix,
    graded_values=_revenue_mix_secrets,
    explain=_explain_revenue_mix,
)


# --- written answers (read by a person; rubric and exemplar in the notebook) -----------------

w1_privacy_vs_money = Written()
w2_seed_survives = Written()

bind(globals(), notebook="02")
