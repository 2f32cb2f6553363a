"""Do the datasets load with real dtypes, validate, and fail loudly when corrupted?"""

import json
from pathlib import Path

import pandas as pd
import pytest

import telegram_case
from telegram_case import DataError, datasets, load, resource_names
from telegram_case.checking import VERDICTS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

REQUIRED = [
    "sources",
    "events",
    "users",
    "token_sale",
    "sec_case",
    "canvas",
    "features",
    "monetization",
    "xai_deal",
    "claims",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    datasets.clear_cache()
    yield
    datasets.clear_cache()


def test_every_required_resource_exists():
    assert set(REQUIRED) <= set(resource_names())


@pytest.mark.parametrize("name", REQUIRED)
def test_resource_loads_with_rows(name):
    frame = load(name)
    assert len(frame) > 0


def test_dates_are_datetimes_and_amounts_numbers():
    users = load("users")
    assert users["date"].dtype.kind == "M"
    assert users["value"].dtype == "float64"
    sale = load("token_sale")
    assert sale["amount_usd_m"].dtype == "float64"
    assert str(sale["investors"].dtype) == "Int64"


def test_load_returns_a_copy():
    first = load("users")
    first.loc[:, "value"] = -1.0
    assert (load("users")["value"] >= 0).all()


def test_every_source_id_resolves():
    known = set(load("sources")["source_id"])
    for name in resource_names():
        frame = load(name)
        if "source_id" in frame:
            unknown = set(frame["source_id"].dropna()) - known
            assert not unknown, f"{name}: unknown source ids {unknown}"
        if "other_source_ids" in frame:
            listed = {s for cell in frame["other_source_ids"].dropna() for s in cell.split(";")}
            assert not listed - known, f"{name}: unknown other_source_ids {listed - known}"


def test_every_row_with_a_number_or_date_has_a_source():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "sources":
            continue
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        sourced = [
            f
            for f in fields.values()
            if f.get("type") in ("date", "number")
            or (f.get("type") == "integer" and f["name"] != "position")
        ]
        if not sourced:  # e.g. canvas: the seed's own text, no figures or dates
            continue
        assert "source_id" in fields, f"{resource['name']} has no source_id column"
        assert fields["source_id"].get("constraints", {}).get("required"), resource["name"]
        keys = resource["schema"].get("foreignKeys", [])
        assert any(k["fields"] == "source_id" or k["fields"] == ["source_id"] for k in keys), (
            f"{resource['name']}: source_id is not a foreign key"
        )


def test_claims_have_german_and_english():
    claims = load("claims")
    assert claims["quote_de"].str.len().gt(0).all()
    assert claims["translation_en"].str.len().gt(0).all()
    assert set(claims["verdict"]) <= set(VERDICTS)


def test_evidence_items_and_their_claims_agree():
    """A claim judged by students has evidence for its ledger verdict, and every item's
    claim exists (the defensible verdicts are the union of the items' supports)."""
    claims = load("claims").set_index("claim_id")
    evidence = load("evidence")
    for claim_id, items in evidence.groupby("claim_id"):
        supported = set(";".join(items["supports"]).split(";"))
        assert claims.loc[claim_id, "verdict"] in supported, (
            f"{claim_id}: no evidence item supports the ledger's verdict"
        )


def test_data_found_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load("events")) > 0


def test_source_citation_names_publisher_and_url():
    first = load("sources").dropna(subset=["url"]).iloc[0]
    text = telegram_case.source(first["source_id"])
    assert first["publisher"] in text and first["url"] in text
    with pytest.raises(DataError, match="no_such_source"):
        telegram_case.source("no_such_source")


def test_describe_lists_units():
    table = telegram_case.describe("token_sale")
    assert "USD million" in set(table["unit"])


# --- corrupted copies: each must fail with a message naming what is wrong -----------------


def _rewrite(path: Path, transform) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = transform(frame)
    frame.to_csv(path, index=False)


def test_unknown_dataset_name():
    with pytest.raises(DataError, match=r"Unknown dataset 'userz'.*users"):
        load("userz")


def test_missing_column(data_copy):
    _rewrite(data_copy / "users.csv", lambda f: f.drop(columns=["value"]))
    with pytest.raises(DataError, match=r"users\.csv.*value"):
        load("users")


def _set_first_cell(path: Path, column: str, value: str) -> None:
    def corrupt(frame):
        frame.loc[0, column] = value
        return frame

    _rewrite(path, corrupt)


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("users.csv", "date", "2016-13-45", r"users\.csv, row 2, column 'date'.*2016-13-45"),
        (
            "token_sale.csv",
            "amount_usd_m",
            "-850",
            r"token_sale\.csv, row 2, column 'amount_usd_m'.*minimum",
        ),
        (
            "events.csv",
            "source_id",
            "made_up_source",
            r"events\.csv, row 2.*made_up_source.*foreign-key",
        ),
    ],
    ids=["bad date", "negative amount", "unknown source id"],
)
def test_bad_value_is_named_by_file_row_column_and_rule(data_copy, file, column, value, message):
    _set_first_cell(data_copy / file, column, value)
    with pytest.raises(DataError, match=message):
        load(file.removesuffix(".csv"))


def test_wrong_encoding(data_copy):
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    with pytest.raises(DataError, match=r"claims\.csv: not valid UTF-8 at line \d+"):
        load("claims")


def test_missing_file(data_copy):
    (data_copy / "features.csv").unlink()
    with pytest.raises(DataError, match=r"features\.csv: file not found"):
        load("features")


def test_override_without_datapackage(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.DATA_ENV_VAR, str(tmp_path))
    with pytest.raises(DataError, match=r"does not contain a datapackage\.json"):
        load("users")


# --- the validation cache --------------------------------------------------------------------


def test_successful_validation_is_remembered_by_fingerprint(data_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(datasets.CACHE_ENV_VAR, str(cache))
    load("users")
    markers = list((cache / "telegram-case" / "validated").iterdir())
    assert len(markers) == 1


def test_a_changed_file_is_validated_again_despite_the_cache(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.CACHE_ENV_VAR, str(tmp_path / "cache"))
    load("users")  # validated and remembered
    datasets.clear_cache()

    _set_first_cell(data_copy / "users.csv", "value", "-1")
    with pytest.raises(DataError, match=r"users\.csv, row 2, column 'value'"):
        load("users")


def test_unwritable_cache_still_validates(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv(datasets.CACHE_ENV_VAR, str(blocker))
    assert len(load("users")) > 0
