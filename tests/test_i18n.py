"""Translations (French source, English catalog), language choice, dates and numbers."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp import i18n
from juryapp.i18n import (
    _,
    current_language,
    format_date,
    format_datetime,
    format_decimal_input,
    format_number,
    language,
    ngettext,
    set_language,
)

PO = i18n.LOCALES_DIR / "en" / "LC_MESSAGES" / "juryapp.po"
MO = PO.with_suffix(".mo")
NNBSP = "\u202f"  # the French thousands separator (narrow no-break space)


@pytest.fixture(autouse=True)
def clean_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setenv("JURYAPP_CONFIG_DIR", str(tmp_path / "config"))
    i18n.reset_language()
    yield
    i18n.reset_language()


def write_settings(tmp_path: Path, data: object) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data)
    (folder / "settings.json").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- language


def test_french_is_the_default_and_the_identity() -> None:
    assert current_language() == "fr"
    assert _("Quitter") == "Quitter"
    assert _("une phrase sans traduction") == "une phrase sans traduction"


def test_english_translates_the_shell_strings() -> None:
    set_language("en")
    assert current_language() == "en"
    assert _("Quitter") == "Quit"
    assert _("Qui êtes-vous ?") == "Who are you?"
    assert _("connecté : {name}").format(name="Léa Martin") == "logged in: Léa Martin"
    assert _("{done}/{total} notés par vous").format(done=3, total=12) == "3/12 scored by you"
    assert _("pas encore traduit") == "pas encore traduit"  # falls back to the French


def test_plural_rules_of_each_language() -> None:
    def dossiers(n: int) -> str:
        return ngettext("{n} dossier", "{n} dossiers", n).format(n=n)

    # French: 0 and 1 are singular
    assert [dossiers(n) for n in (0, 1, 2, 60)] == [
        "0 dossier",
        "1 dossier",
        "2 dossiers",
        "60 dossiers",
    ]
    set_language("en")
    # English: only 1 is singular ("dossier" is an application file)
    assert [dossiers(n) for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]


def test_pgettext_and_n_marker() -> None:
    assert i18n.N_("Aide") == "Aide"
    set_language("en")
    assert i18n.N_("Aide") == "Aide"  # marks only
    assert _(i18n.N_("Aide")) == "Help"
    assert i18n.pgettext("menu", "Aide") == "Aide"  # no such context in the catalog


@pytest.mark.parametrize("given", ["en", "EN", " en ", "en_GB", "en-US", "en_GB.UTF-8"])
def test_set_language_normalizes(given: str) -> None:
    set_language(given)
    assert current_language() == "en"


@pytest.mark.parametrize("given", ["de", "", "english", "f"])
def test_set_language_rejects_unknown_languages(given: str) -> None:
    with pytest.raises(ValueError, match="Langue inconnue.*fr \\(Français\\), en \\(English\\)"):
        set_language(given)
    assert current_language() == "fr"


def test_unknown_language_message_in_english_when_english_is_on() -> None:
    set_language("en")
    with pytest.raises(ValueError, match="Unknown language: “de”; available languages: fr"):
        set_language("de")
    assert current_language() == "en"


def test_order_explicit_then_env_then_settings_then_french(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_settings(tmp_path, {"language": "en"})
    assert current_language() == "en"  # settings

    i18n.reset_language()
    monkeypatch.setenv(i18n.ENV_VAR, "fr")
    assert current_language() == "fr"  # env beats settings

    i18n.reset_language()
    monkeypatch.setenv(i18n.ENV_VAR, "en_GB.UTF-8")
    write_settings(tmp_path, {"language": "fr"})
    assert current_language() == "en"

    set_language("fr")
    assert current_language() == "fr"  # explicit beats everything

    i18n.reset_language()
    monkeypatch.setenv(i18n.ENV_VAR, "klingon")  # ignored
    assert current_language() == "fr"  # from the settings


def test_broken_settings_mean_french(tmp_path: Path) -> None:
    write_settings(tmp_path, "{ not json")
    assert current_language() == "fr"


def test_settings_in_english_with_a_bad_value_still_give_english(tmp_path: Path) -> None:
    """Reading the settings translates their warning while the language is being chosen."""
    write_settings(tmp_path, {"language": "en", "theme": 42})
    assert current_language() == "en"
    from juryapp.settings import load_settings

    warning = load_settings().load_warning
    assert warning is not None and warning.startswith("Invalid setting in")


def test_language_is_resolved_once_and_threads_agree(tmp_path: Path) -> None:
    write_settings(tmp_path, {"language": "en"})
    seen: list[str] = []

    def worker() -> None:
        seen.append(_("Valider"))

    threads = [threading.Thread(target=worker) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == ["Confirm"] * 8
    write_settings(tmp_path, {"language": "fr"})
    assert _("Valider") == "Confirm"  # until reset_language()
    i18n.reset_language()
    assert _("Valider") == "Valider"


def test_a_language_block_holds_for_its_thread_only() -> None:
    """The minutes are written in French while the screens speak English."""
    set_language("en")
    seen: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def screen_thread() -> None:
        inside.wait(5)
        seen.append(_("Valider"))
        done.set()

    other = threading.Thread(target=screen_thread)
    other.start()
    with language("fr") as code:
        assert code == "fr" and current_language() == "fr"
        assert _("Valider") == "Valider"
        assert format_number(12.5) == "12,5"
        with language("en_GB.UTF-8"):
            assert _("Valider") == "Confirm"
        assert _("Valider") == "Valider"
        inside.set()
        done.wait(5)
    other.join()
    assert seen == ["Confirm"]
    assert _("Valider") == "Confirm" and current_language() == "en"
    with pytest.raises(ValueError, match="unknown language"), language("de"):
        pass  # pragma: no cover


# --------------------------------------------------------------------------- dates


def test_format_date_in_each_language() -> None:
    d = dt.date(2026, 6, 12)
    assert format_date(d) == "12 juin 2026"
    assert format_date(d, "short") == "12/06/2026"
    assert format_date(d, "full") == "vendredi 12 juin 2026"
    set_language("en")
    assert format_date(d) == "12 June 2026"
    assert format_date(d, "short") == "12/06/2026"


def test_the_first_of_the_month_is_an_ordinal_in_french() -> None:
    """« 1er avril 2026 » (the PV writes it so; CLDR gives « 1 avril »); not 01/04, not 11
    or 21, not in English."""
    first = dt.date(2026, 4, 1)
    assert format_date(first) == "1er avril 2026"
    assert format_date(first, "full") == "mercredi 1er avril 2026"
    assert format_date(first, "d MMM y") == "1er avr. 2026"
    assert format_date(first, "short") == "01/04/2026"
    assert format_date(dt.date(2026, 4, 11)) == "11 avril 2026"
    assert format_date(dt.date(2026, 4, 21)) == "21 avril 2026"
    assert format_datetime(dt.datetime(2026, 4, 1, 9, 30), "medium") == "1er avr. 2026, 09:30:00"
    set_language("en")
    assert format_date(first) == "1 April 2026"


def test_format_datetime_shows_the_schools_time_whatever_the_computers(monkeypatch) -> None:
    """A server reached over SSH is often on UTC: its screens showed the defence clock's
    times an hour behind the scoring panel's (Paris).  Every screen shows the school's time."""
    import time

    monkeypatch.setenv("TZ", "UTC")  # monkeypatch puts back the TZ there was, after
    time.tzset()
    try:
        naive = dt.datetime(2026, 6, 12, 14, 30, 5)
        assert format_datetime(naive) == "12/06/2026 14:30"
        assert format_datetime(naive, "medium") == "12 juin 2026, 14:30:05"
        utc = dt.datetime(2026, 6, 12, 12, 30, tzinfo=dt.UTC)
        paris = ZoneInfo("Europe/Paris")
        assert format_datetime(utc, tzinfo=paris) == "12/06/2026 14:30"
        assert format_datetime(utc) == "12/06/2026 14:30"  # summer: UTC+2
        winter = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
        assert format_datetime(winter) == "07/12/2026 00:30"  # the next day, at the school
        assert format_date(winter) == "7 décembre 2026"
        assert i18n.school_time(winter).utcoffset() == dt.timedelta(hours=1)
        from juryapp.ui.screens.defence import wall  # the defence clock's times too

        assert wall(winter) == "0 h 30"
    finally:
        monkeypatch.undo()
        time.tzset()
    set_language("en")
    assert format_datetime(naive, "medium") == "12 Jun 2026, 14:30:05"


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "decimals", "fr", "en"),
    [
        (12.5, None, "12,5", "12.5"),
        (12, None, "12", "12"),
        (12.0, 2, "12,00", "12.00"),
        (12.345, 2, "12,35", "12.35"),  # half up, on the decimal value as written
        (2.675, 2, "2,68", "2.68"),
        (0.125, None, "0,125", "0.125"),
        (0.1 + 0.2, None, "0,3", "0.3"),
        (14.2549, 1, "14,3", "14.3"),
        (1234.5, None, f"1{NNBSP}234,5", "1,234.5"),
        (-3.25, 1, "-3,3", "-3.3"),
        (-0.001, 2, "0,00", "0.00"),  # never "-0,00"
        (Decimal("9.995"), 2, "10,00", "10.00"),
        (7, 0, "7", "7"),
        (7.5, 0, "8", "8"),
    ],
)
def test_format_number(value: float, decimals: int | None, fr: str, en: str) -> None:
    assert format_number(value, decimals) == fr
    set_language("en")
    assert format_number(value, decimals) == en


def test_format_number_rejects_non_numbers() -> None:
    with pytest.raises(TypeError):
        format_number("12")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_number(True)
    with pytest.raises(ValueError):
        format_number(1.0, -1)
    assert format_number(float("nan")) == "nan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 12,5 ", 12.5),
        ("12 , 5", 12.5),
        ("20", 20.0),
        ("0", 0.0),
        ("-3,25", -3.25),
        ("\u22123,25", -3.25),  # the typographic minus sign
        ("+4", 4.0),
        (",5", 0.5),
        ("12,", 12.0),
        (f"1{NNBSP}234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1 234 567", 1234567.0),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567.25", 1234567.25),
    ],
)
def test_format_decimal_input_accepts(text: str, expected: float) -> None:
    assert format_decimal_input(text) == expected


@pytest.mark.parametrize(
    "text",
    ["abc", "12,5,3", "12..5", "1e3", "nan", "inf", "--1", "12,5.3", "1,23.5", "١٢", ",", "-"],
)
def test_format_decimal_input_rejects_in_the_current_language(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        format_decimal_input(text)
    set_language("en")
    with pytest.raises(ValueError, match="is not a number"):
        format_decimal_input(text)


def test_format_decimal_input_empty() -> None:
    with pytest.raises(ValueError, match="Saisissez un nombre"):
        format_decimal_input("   ")
    set_language("en")
    with pytest.raises(ValueError, match="Enter a number"):
        format_decimal_input("")


@pytest.mark.parametrize("value", [0.0, 0.5, 9.75, 12.345, 20.0, 1234.5, -7.125])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_numbers_round_trip(value: float, lang: str) -> None:
    set_language(lang)
    assert format_decimal_input(format_number(value)) == value


# --------------------------------------------------------------------------- catalogs


def test_catalogs_have_no_gaps() -> None:
    """What ``python -m juryapp.i18n check`` reports (run ``python -m juryapp.i18n update``,
    translate, then ``python -m juryapp.i18n compile`` to fix)."""
    failing = [str(g) for g in i18n.check_catalogs() if g.failing]
    assert failing == []


def test_every_msgid_has_an_english_translation_and_none_is_fuzzy() -> None:
    with open(PO, "rb") as f:
        po = read_po(f, locale="en")
    messages = [m for m in po if m.id]
    assert len(messages) >= 26
    for m in messages:
        forms = m.string if m.pluralizable else [m.string]
        assert all(s.strip() for s in forms), m.id
        assert not m.fuzzy, m.id
    assert po.plural_forms == "nplurals=2; plural=(n != 1);"


def test_mo_is_up_to_date_with_the_po() -> None:
    """The committed .mo is what compiling the .po gives (compiled here, in memory)."""
    with open(PO, "rb") as f:
        po = read_po(f, locale="en")
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    fresh = read_mo(buffer)
    with open(MO, "rb") as f:
        committed = read_mo(f)

    def table(catalog: Catalog) -> dict[object, object]:
        return {
            (tuple(m.id) if m.pluralizable else m.id, m.context): (
                tuple(m.string) if m.pluralizable else m.string
            )
            for m in catalog
            if m.id
        }

    assert table(committed) == table(fresh), "run: python -m juryapp.i18n compile"
    assert committed.plural_forms == fresh.plural_forms


def test_shell_strings_are_all_in_the_catalog() -> None:
    code = i18n.extract_from_code()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in code}
    for s in ["Quitter", "Délibération", "Filtrer (nom, statut, spécialité…)", "{n} dossier"]:
        assert s in ids


# --------------------------------------------------------------------------- the checker


def make_locales(tmp_path: Path, entries: list[tuple[object, object, bool]]) -> Path:
    """A locales folder whose en catalog holds ``(msgid, msgstr, fuzzy)`` entries."""
    catalog = Catalog(locale="en", domain="juryapp", fuzzy=False)
    for msgid, msgstr, fuzzy in entries:
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    folder = tmp_path / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "juryapp.po", "wb") as f:
        write_po(f, catalog)
    with open(folder / "juryapp.mo", "wb") as f:
        write_mo(f, catalog)
    return tmp_path / "locales"


def make_source(tmp_path: Path, code: str) -> tuple[Path, Path]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "mod.py").write_text(code, encoding="utf-8")
    return src, i18n.MAPPING_FILE


def test_checker_finds_every_kind_of_gap(tmp_path: Path) -> None:
    locales = make_locales(
        tmp_path,
        [
            ("Valider", "Confirm", False),
            ("Annuler", "", False),
            ("Aide", "Help?", True),
            ("connecté : {name}", "logged in: {nom}", False),
            (("{n} dossier", "{n} dossiers"), ("one dossier", "{n} dossiers"), False),
            ("Ancien", "Old", False),
        ],
    )
    src, mapping = make_source(
        tmp_path,
        "from juryapp.i18n import _, ngettext\n"
        "_('Valider'); _('Annuler'); _('Aide'); _('connecté : {name}'); _('Nouveau')\n"
        "ngettext('{n} dossier', '{n} dossiers', 2)\n",
    )
    gaps = i18n.check_catalogs(locales, src, mapping)
    kinds = {(g.kind, g.msgid) for g in gaps}
    assert kinds == {
        ("missing", "Nouveau"),
        ("unused", "Ancien"),
        ("untranslated", "Annuler"),
        ("fuzzy", "Aide"),
        ("placeholders", "connecté : {name}"),
        ("placeholders", "{n} dossier"),
    }
    assert not next(g for g in gaps if g.kind == "unused").failing
    missing = next(g for g in gaps if g.kind == "missing")
    assert "mod.py:2" in missing.detail
    assert str(missing).startswith("en: missing: 'Nouveau'")


def test_checker_finds_a_stale_or_missing_mo(tmp_path: Path) -> None:
    locales = make_locales(tmp_path, [("Valider", "Confirm", False)])
    po_path = locales / "en" / "LC_MESSAGES" / "juryapp.po"
    with open(po_path, "rb") as f:
        po = read_po(f, locale="en")
    po["Valider"].string = "OK"
    with open(po_path, "wb") as f:
        write_po(f, po)
    gaps = i18n.check_catalogs(locales, source_dir=None)
    assert [(g.kind, g.detail) for g in gaps] == [
        ("stale-mo", "differs from the .po for ['Valider']: run compile")
    ]
    po_path.with_suffix(".mo").unlink()
    assert [g.kind for g in i18n.check_catalogs(locales, source_dir=None)] == ["stale-mo"]


def test_checker_reports_a_fuzzy_header(tmp_path: Path) -> None:
    """pybabel compile silently skips a catalog whose header is fuzzy."""
    locales = make_locales(tmp_path, [("Valider", "Confirm", False)])
    po_path = locales / "en" / "LC_MESSAGES" / "juryapp.po"
    with open(po_path, "rb") as f:
        po = read_po(f, locale="en")
    po.fuzzy = True
    with open(po_path, "wb") as f:
        write_po(f, po)
    gaps = i18n.check_catalogs(locales, source_dir=None)
    assert [(g.kind, g.msgid) for g in gaps] == [("fuzzy", "*")]


def test_checker_reports_a_missing_catalog(tmp_path: Path) -> None:
    (tmp_path / "locales").mkdir()
    gaps = i18n.check_catalogs(tmp_path / "locales", source_dir=None)
    assert [g.kind for g in gaps] == ["missing"]


def test_check_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n.main(["check"]) == 0
    assert "catalogs complete: en" in capsys.readouterr().out
    assert i18n.main([]) == 2
    assert "usage: python -m juryapp.i18n" in capsys.readouterr().err


def test_check_command_exit_1_on_gaps(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gap = i18n.Gap("en", "untranslated", "Annuler")
    monkeypatch.setattr(i18n, "check_catalogs", lambda: [gap])
    assert i18n.main(["check"]) == 1
    assert "en: untranslated: 'Annuler'" in capsys.readouterr().out


def test_update_is_one_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m juryapp.i18n update`` on a copy: new strings come in empty, translations
    stay, the .mo is compiled, and ``check`` then points at the new string."""
    package = tmp_path / "juryapp"
    locales = package / "locales"
    (locales / "en" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "babel.cfg").write_text(i18n.MAPPING_FILE.read_text(encoding="utf-8"))
    (package / "screen.py").write_text(
        "from juryapp.i18n import _\n_('Valider')\n_('Nouvel écran')\n", encoding="utf-8"
    )
    catalog = Catalog(locale="en", domain="juryapp", fuzzy=False)
    catalog.add("Valider", "Confirm")
    with open(locales / "en" / "LC_MESSAGES" / "juryapp.po", "wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(i18n, "PACKAGE_DIR", package)
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)

    assert i18n.main(["update"]) == 0
    capsys.readouterr()

    assert (locales / "juryapp.pot").exists()
    with open(locales / "en" / "LC_MESSAGES" / "juryapp.po", "rb") as f:
        po = read_po(f, locale="en")
    assert po["Valider"].string == "Confirm"
    assert po["Nouvel écran"].string == ""
    assert po["Nouvel écran"].locations[0][0] == "juryapp/screen.py"
    with open(locales / "en" / "LC_MESSAGES" / "juryapp.mo", "rb") as f:
        assert {m.id: m.string for m in read_mo(f) if m.id} == {"Valider": "Confirm"}
    gaps = i18n.check_catalogs(locales, package, locales / "babel.cfg")
    assert [(g.kind, g.msgid) for g in gaps] == [("untranslated", "Nouvel écran")]


@settings(max_examples=300, deadline=None)
@given(
    x=st.one_of(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**9), max_value=10**9),
    ),
    decimals=st.sampled_from([None, 0, 1, 2, 3]),
    lang=st.sampled_from(["fr", "en"]),
)
def test_format_number_writes_what_babel_would(
    x: float | int, decimals: int | None, lang: str
) -> None:
    """format_number does not call Babel (its locale data cost 0.25 s at start-up): it must
    still give exactly what Babel gives with the CLDR symbols of fr_FR and en_GB."""
    from decimal import ROUND_HALF_UP, Decimal

    from babel.numbers import format_decimal

    places = 3 if decimals is None else decimals
    value = Decimal(repr(x) if isinstance(x, float) else x)
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    fraction = ("0" if decimals is not None else "#") * places
    pattern = "#,##0" + (f".{fraction}" if places else "")
    with i18n.language(lang):
        expected = format_decimal(
            value, format=pattern, locale=i18n.babel_locale(), decimal_quantization=True
        )
        assert i18n.format_number(x, decimals) == expected


def test_a_reason_becomes_a_sentence() -> None:
    assert i18n.sentence("la session est close : rien") == "La session est close : rien."
    assert i18n.sentence("déjà fini.") == "Déjà fini."
    assert i18n.sentence("  ") == ""


def test_of_name_elides_before_a_vowel_in_french() -> None:
    assert i18n.of_name("BLANC Camille") == "de BLANC Camille"
    assert i18n.of_name("AÏT OUARAB Lounès") == "d'AÏT OUARAB Lounès"
    assert i18n.of_name("Éloïse JOLY") == "d'Éloïse JOLY"
    assert i18n.of_name("Hélène Martin") == "de Hélène Martin"  # a name's « h » is heard
    assert i18n.of_name("") == "de "
    set_language("en")
    assert i18n.of_name("AÏT OUARAB Lounès") == "of AÏT OUARAB Lounès"
