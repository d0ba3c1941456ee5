"""Alphabetical order of names, the French way."""

from __future__ import annotations

from juryapp.domain.text import fold, name_key


def test_accents_and_case_do_not_change_the_order() -> None:
    names = ["Boyer", "bénard", "Çelik", "Durand", "Éloi"]
    assert sorted(names, key=fold) == ["bénard", "Boyer", "Çelik", "Durand", "Éloi"]


def test_letters_without_a_decomposition_sort_with_their_base_letter() -> None:
    """Œ reads OE, Æ AE; Vietnamese Đ, Polish Ł, Danish Ø and Turkish ı sort with D, L, O
    and I — never after Z."""
    people = [
        ("Zola", "Émile"),
        ("Œuvrard", "Jeanne"),
        ("Ortiz", "Ana"),
        ("Đặng", "Minh"),
        ("Dupont", "Jean"),
        ("Łukasiewicz", "Piotr"),
        ("Lambert", "Anne"),
        ("Yılmaz", "Ayşe"),
        ("Æbelø", "Søren"),
    ]
    ordered = [last for last, first in sorted(people, key=lambda p: name_key(*p))]
    assert ordered == [
        "Æbelø",
        "Đặng",
        "Dupont",
        "Lambert",
        "Łukasiewicz",
        "Œuvrard",
        "Ortiz",
        "Yılmaz",
        "Zola",
    ]
    assert fold("Œuvre") == fold("OEUVRE") == "oeuvre"
    assert fold("Strauß") == fold("STRAUSS")
