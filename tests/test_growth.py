"""Is the growth arithmetic right, and does it refuse nonsense?"""

import math

import pandas as pd
import pytest

from telegram_case import growth


def test_cagr_of_a_doubling_in_one_year_is_100_percent():
    assert growth.cagr(100, 200, 1) == pytest.approx(1.0)


def test_cagr_compounds():
    rate = growth.cagr(100, 1000, 9.0678)
    assert 100 * (1 + rate) ** 9.0678 == pytest.approx(1000)


def test_doubling_time_inverts_cagr():
    assert growth.doubling_time(growth.cagr(1, 2, 2.7)) == pytest.approx(2.7)
    assert growth.doubling_time(1.0) == pytest.approx(1.0)


def test_years_between_uses_days():
    assert growth.years_between("2016-02-23", "2025-03-19") == pytest.approx(
        (pd.Timestamp("2025-03-19") - pd.Timestamp("2016-02-23")).days / 365.25
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: growth.cagr(100, 200, 0), "years must be positive"),
        (lambda: growth.cagr(-1, 200, 1), "positive values"),
        (lambda: growth.growth_multiple(0, 5), "positive values"),
        (lambda: growth.doubling_time(0), "positive growth rate"),
        (lambda: growth.doubling_time(-0.1), "positive growth rate"),
        (lambda: growth.years_between("2020-01-01", "2019-01-01"), "must be after start"),
    ],
)
def test_absurd_inputs_are_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_results_are_plain_floats():
    assert isinstance(growth.cagr(1, 2, 1), float)
    assert math.isfinite(growth.doubling_time(0.3))


def test_cagr_between_measures_the_years_from_the_dates():
    rate = growth.cagr_between("2018-03-22", 200, "2020-03-22", 800)
    years = growth.years_between("2018-03-22", "2020-03-22")
    assert rate == pytest.approx(4 ** (1 / years) - 1)


def test_rate_range_puts_the_late_end_date_at_the_low_end():
    low, high = growth.rate_range("2018-03-22", 200, 300, ("2019-01-01", "2019-06-30"))
    assert low == pytest.approx(growth.cagr_between("2018-03-22", 200, "2019-06-30", 300))
    assert high == pytest.approx(growth.cagr_between("2018-03-22", 200, "2019-01-01", 300))
    assert low < high
    same = growth.rate_range("2018-03-22", 200, 300, ("2019-04-01", "2019-04-01"))
    assert same[0] == pytest.approx(same[1])
    with pytest.raises(ValueError, match="runs backwards"):
        growth.rate_range("2018-03-22", 200, 300, ("2019-06-30", "2019-01-01"))


def test_milestones_keep_one_metric_oldest_first():
    users = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-01-01", "2018-01-01", "2019-01-01"]),
            "metric": ["monthly_active_users", "monthly_active_users", "signups"],
            "value": [400.0, 200.0, 3.0],
        }
    )
    mau = growth.milestones(users)
    assert list(mau["value"]) == [200.0, 400.0] and list(mau.index) == [0, 1]
    with pytest.raises(ValueError, match="no rows with metric 'active_users'"):
        growth.milestones(users, "active_users")
    with pytest.raises(ValueError, match="lacks the column"):
        growth.milestones(users.drop(columns="metric"))
    with pytest.raises(TypeError, match="DataFrame"):
        growth.milestones([1, 2])
