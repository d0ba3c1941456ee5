"""Application and VAE fees (seeds 000 and 001)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.fees import (
    VAE_RECEVABILITE_FEE,
    VAE_SUPPORT_FEE,
    VAE_VALIDATION_FEE,
    application_fee,
    vae_fees,
)


@pytest.mark.parametrize(
    ("scholarship", "programmes", "fee"),
    [
        (True, 1, 22),
        (True, 2, 33),
        (True, 3, 44),
        (False, 1, 77),
        (False, 2, 99),
        (False, 3, 121),
    ],
)
def test_application_fee(scholarship, programmes, fee):
    assert application_fee(scholarship, programmes) == fee


@pytest.mark.parametrize("programmes", [0, -1])
def test_application_fee_needs_at_least_one_programme(programmes):
    with pytest.raises(ValueError, match="au moins une"):
        application_fee(False, programmes)


def test_application_fee_rejects_non_integers():
    with pytest.raises(TypeError):
        application_fee(False, 1.5)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=19))
def test_one_more_programme_costs_the_extra_fee(n):
    assert application_fee(True, n + 1) - application_fee(True, n) == 11
    assert application_fee(False, n + 1) - application_fee(False, n) == 22
    assert application_fee(True, n) < application_fee(False, n)


def test_vae_fees():
    assert (VAE_RECEVABILITE_FEE, VAE_VALIDATION_FEE, VAE_SUPPORT_FEE) == (450, 6000, 2000)
    assert vae_fees() == 6450
    assert vae_fees(support=True) == 8450
