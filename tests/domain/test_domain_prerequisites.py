"""VAE prerequisites (seed 000) and the recevabilité deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.models import Candidate, Track
from juryapp.domain.prerequisites import (
    add_months,
    check_vae_prerequisites,
    recevabilite_deadline,
    validation_deadline,
)

TODAY = dt.date(2025, 6, 1)


def vae(**kw) -> Candidate:
    base = dict(
        id="v1",
        last_name="Martin",
        track=Track.VAE,
        toeic=850,
        international_experience=True,
        recevabilite_date=dt.date(2024, 1, 15),
        validation_filed_date=dt.date(2025, 3, 1),
        dossier_pages=90,
    )
    base.update(kw)
    return Candidate(**base)


def codes(cand: Candidate, today: dt.date = TODAY) -> dict[str, str]:
    return {f.code: f.level for f in check_vae_prerequisites(cand, today)}


def test_complete_candidate_has_no_finding():
    assert check_vae_prerequisites(vae(), TODAY) == []


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (dict(toeic=800), {}),
        (dict(toeic=795), {"english": "error"}),
        (dict(toeic=None), {"english": "error"}),
        (dict(toeic=None, english_equivalent="IELTS 7.0"), {"english-equivalent": "warning"}),
        (dict(toeic=700, english_equivalent="Cambridge C1"), {"english-equivalent": "warning"}),
    ],
)
def test_english(kw, expected):
    assert codes(vae(**kw)) == expected


def test_english_messages_are_french_and_precise():
    [f] = check_vae_prerequisites(vae(toeic=795), TODAY)
    assert "795" in f.message and "800" in f.message


def test_international_experience():
    assert codes(vae(international_experience=False)) == {"international": "error"}
    assert codes(vae(international_experience=None)) == {"international-unknown": "warning"}


def test_three_years_after_recevabilite():
    rec = dt.date(2022, 3, 10)
    assert codes(vae(recevabilite_date=rec, validation_filed_date=dt.date(2025, 3, 10))) == {}
    late = codes(vae(recevabilite_date=rec, validation_filed_date=dt.date(2025, 3, 11)))
    assert late == {"validation-late": "error"}


def test_not_filed_yet_uses_today():
    rec = dt.date(2022, 3, 10)
    c = vae(recevabilite_date=rec, validation_filed_date=None)
    assert codes(c, dt.date(2025, 3, 10)) == {}
    found = check_vae_prerequisites(c, dt.date(2025, 4, 1))
    assert [f.code for f in found] == ["validation-late"]
    assert "10/03/2025" in found[0].message  # the deadline, French format


def test_missing_recevabilite_date_is_an_error():
    assert codes(vae(recevabilite_date=None)) == {"recevabilite-missing": "error"}


def test_file_dated_before_recevabilite():
    c = vae(recevabilite_date=dt.date(2024, 5, 1), validation_filed_date=dt.date(2024, 4, 1))
    assert codes(c) == {"filed-before-recevabilite": "error"}


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (80, {}),
        (100, {}),
        (79, {"pages": "warning"}),
        (140, {"pages": "warning"}),
        (None, {"pages-unknown": "warning"}),
    ],
)
def test_dossier_pages_only_warn(pages, expected):
    assert codes(vae(dossier_pages=pages)) == expected


def test_errors_first():
    found = check_vae_prerequisites(
        vae(toeic=None, dossier_pages=10, international_experience=None), TODAY
    )
    assert [f.level for f in found] == ["error", "warning", "warning"]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
        (dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        (dt.date(2025, 12, 15), dt.date(2026, 1, 15)),
        (dt.date(2025, 5, 10), dt.date(2025, 6, 10)),
    ],
)
def test_recevabilite_deadline(received, deadline):
    assert recevabilite_deadline(received) == deadline


def test_validation_deadline_on_29_february():
    assert validation_deadline(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 48))
def test_add_months_properties(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day <= day.day
    if out.day < day.day:  # clamped: it must be the last day of the month
        assert (out + dt.timedelta(days=1)).month != out.month
    assert out >= day
