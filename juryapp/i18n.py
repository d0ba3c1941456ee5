"""Translations, dates and numbers in the user's language (French by default, or English).

French is the *source* language: the msgids are the French strings, because the domain is
French (the jury, the regulations, the minutes speak French).  French therefore needs no
catalog (it is the identity, with the French plural rule: 0 and 1 are singular); English
lives in ``juryapp/locales/en/LC_MESSAGES/juryapp.po``, compiled to ``juryapp.mo`` next to
it.  Both files are committed (the ``.mo`` too: nothing is compiled at build time), and
``tests/test_i18n.py`` fails when the ``.mo`` is stale, when a msgid has no English
translation (or a fuzzy one), or when a string used in the code is missing from the catalog.

In the code::

    from juryapp.i18n import N_, _, ngettext

    _("Enregistré")
    _("connecté : {name}").format(name=member.full_name)     # never _(f"...")
    ngettext("{n} dossier", "{n} dossiers", n).format(n=n)
    LABELS = {"ok": N_("Sommes OK")}  # module level: mark with N_, translate with _() at display

Strings evaluated at import time (class attributes, module constants) are translated in the
language current at that moment: mark them with ``N_`` and call ``_()`` where they are shown,
or make sure ``set_language`` runs before the module is imported.  In the screens: key
descriptions and tooltips (``Binding("f5", "timer", N_("Chronomètre"))``), ``HELP`` and
``TITLE_FR`` are ``N_`` msgids, translated where they are shown (the footer of every screen,
:class:`juryapp.ui.widgets.JuryFooter`, and the F1 help); table columns are translated with
:func:`juryapp.ui.widgets.translated_columns`.

Language, in this order: :func:`set_language` (e.g. ``--lang en``), else the ``JURYAPP_LANG``
environment variable (``fr``, ``en``, ``en_GB.UTF-8``...; an unknown value is ignored), else
the ``language`` of the user settings (:mod:`juryapp.settings`), else French.

Updating the catalogs (from the repository root) is one command::

    python -m juryapp.i18n update   # extract + update the .po files + compile the .mo files

then translate the new (empty) and fuzzy entries of ``juryapp/locales/en/LC_MESSAGES/juryapp.po``
(remove the ``#, fuzzy`` line once checked) and run ``python -m juryapp.i18n compile``;
``python -m juryapp.i18n check`` lists what is left (exit 1 if anything).  The same by hand::

    pybabel extract -F juryapp/locales/babel.cfg -o juryapp/locales/juryapp.pot \\
        --add-comments=Translators: --add-location=file --sort-by-file --project=juryapp \\
        --copyright-holder=juryapp --version=0.1.0 juryapp
    pybabel update -i juryapp/locales/juryapp.pot -d juryapp/locales -D juryapp
    pybabel compile -d juryapp/locales -D juryapp --statistics

A new language: add it to :data:`LANGUAGES` and run
``pybabel init -i juryapp/locales/juryapp.pot -d juryapp/locales -D juryapp -l <code>``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import os
import re
import string
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from juryapp import __version__

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Catalog

DOMAIN = "juryapp"
SOURCE_LANGUAGE = "fr"
#: supported languages -> the Babel locale used for dates and numbers
LANGUAGES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}
#: each language named in itself (for a language selector: not translated on purpose)
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "en": "English"}
ENV_VAR = "JURYAPP_LANG"

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALES_DIR = PACKAGE_DIR / "locales"
POT_FILE = LOCALES_DIR / f"{DOMAIN}.pot"
MAPPING_FILE = LOCALES_DIR / "babel.cfg"

#: the options of ``pybabel extract`` (also used by ``python -m juryapp.i18n update``)
EXTRACT_OPTIONS = [
    "--add-comments=Translators:",
    "--add-location=file",
    "--sort-by-file",
    "--project=juryapp",
    "--copyright-holder=juryapp",
    f"--version={__version__}",
]

_lock = threading.RLock()
_explicit: str | None = None  # set_language()
_automatic: str | None = None  # env / settings / default, resolved once
_resolving = False
_catalogs: dict[str, gettext.NullTranslations] = {}
_this_thread = threading.local()  # language(): a language for this thread only


# --------------------------------------------------------------------------- language


class _FrenchSource(gettext.NullTranslations):
    """The identity catalog of the source language, with the French plural rule."""

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:  # type: ignore[override]
        return msgid1 if abs(n) < 2 else msgid2

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:  # type: ignore[override]
        return self.ngettext(msgid1, msgid2, n)


def normalize_language(lang: str) -> str | None:
    """``"en"``, ``"EN"``, ``"en_GB.UTF-8"``, ``"fr-FR"`` -> ``"en"`` / ``"fr"``; else None."""
    code = re.split(r"[_\-.@]", lang.strip(), maxsplit=1)[0].lower()
    return code if code in LANGUAGES else None


def set_language(lang: str) -> None:
    """Use ``lang`` (``"fr"`` or ``"en"``) from now on, whatever the environment or settings say.

    Raises ``ValueError`` for a language juryapp does not speak.
    """
    global _explicit
    code = normalize_language(lang) if isinstance(lang, str) else None
    if code is None:
        known = ", ".join(f"{c} ({LANGUAGE_NAMES[c]})" for c in LANGUAGES)
        raise ValueError(
            _("Langue inconnue : « {lang} » ; langues disponibles : {known}.").format(
                lang=lang, known=known
            )
        )
    with _lock:
        _explicit = code


def forced_language() -> str | None:
    """The language chosen by :func:`set_language` or the environment; None when the user
    settings decide (the quick start compares it with the one its snapshot was made in)."""
    return _explicit or normalize_language(os.environ.get(ENV_VAR, ""))


def settle_language(settings_language: str | None) -> str:
    """Resolve the language with the settings' ``language`` already known, without reading
    the settings file (the quick start knows it from its snapshot); returns the language
    in use."""
    global _automatic
    with _lock:
        if _automatic is None:
            _automatic = (
                normalize_language(os.environ.get(ENV_VAR, ""))
                or normalize_language(settings_language or "")
                or SOURCE_LANGUAGE
            )
    return current_language()


def reset_language() -> None:
    """Forget :func:`set_language` and the resolved language (tests; settings changed)."""
    global _explicit, _automatic
    with _lock:
        _explicit = None
        _automatic = None
        _catalogs.clear()


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Translate in ``lang`` inside the block, in this thread only, whatever the user's
    language: a document that must be French (the minutes) is written ``with language("fr")``
    while the screens stay in English.  Raises ``ValueError`` for an unknown language."""
    code = normalize_language(lang) if isinstance(lang, str) else None
    if code is None:
        raise ValueError(f"unknown language: {lang!r}")
    previous = getattr(_this_thread, "lang", None)
    _this_thread.lang = code
    try:
        yield code
    finally:
        _this_thread.lang = previous


def current_language() -> str:
    """The language in use: ``"fr"`` or ``"en"`` (a :func:`language` block first)."""
    global _automatic, _resolving
    lang = getattr(_this_thread, "lang", None) or _explicit or _automatic
    if lang is not None:
        return lang
    with _lock:
        lang = _explicit or _automatic
        if lang is not None:
            return lang
        if _resolving:  # reading the settings translated something: French meanwhile
            return SOURCE_LANGUAGE
        _resolving = True
        try:
            _automatic = _resolve_language()
        finally:
            _resolving = False
        return _automatic


def _resolve_language() -> str:
    env = normalize_language(os.environ.get(ENV_VAR, ""))
    if env is not None:
        return env
    try:
        from juryapp.settings import load_settings

        configured = load_settings().language
    except Exception:  # the language must never take the application down
        configured = None
    return normalize_language(configured or "") or SOURCE_LANGUAGE


def _catalog(lang: str | None = None) -> gettext.NullTranslations:
    lang = lang or current_language()
    catalog = _catalogs.get(lang)
    if catalog is None:
        with _lock:
            catalog = _catalogs.get(lang)
            if catalog is None:
                if lang == SOURCE_LANGUAGE:
                    catalog = _FrenchSource()
                else:
                    catalog = gettext.translation(
                        DOMAIN, localedir=LOCALES_DIR, languages=[lang], fallback=True
                    )
                    catalog.add_fallback(_FrenchSource())
                _catalogs[lang] = catalog
    return catalog


def _(msgid: str) -> str:
    """``msgid`` (French) in the current language."""
    return _catalog().gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language (French: 0 and 1 are
    singular).  Format it afterwards: ``ngettext("{n} dossier", "{n} dossiers", n).format(n=n)``.
    """
    return _catalog().ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    """``msgid`` in a context, for a short French word with two English translations."""
    return _catalog().pgettext(context, msgid)


def sentence(text: str) -> str:
    """``text`` (a lower-case reason, as the rules give them) as a sentence: its first letter
    in capitals, a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


#: the first letters before which French « de » becomes « d' » (a name's « h » is left alone:
#: « de Hugo », « de Hélène » are both heard)
_ELIDES = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")


def of_name(name: str) -> str:
    """« de Camille BLANC », « d'AÏT OUARAB Lounès » (French elides « de » before a vowel);
    « of … » in English."""
    text = _("de {name}").format(name=name)
    if text.startswith("de ") and name[:1].casefold() in _ELIDES:
        return f"d'{name}"
    return text


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it now (translate it with ``_()``)."""
    return msgid


# --------------------------------------------------------------------------- dates, numbers


def babel_locale(lang: str | None = None) -> Locale:
    """The Babel locale of ``lang`` (default: the current language): fr_FR or en_GB."""
    from babel import Locale

    return Locale.parse(LANGUAGES[lang or current_language()])


def format_date(d: dt.date, format: str = "long") -> str:
    """``12 juin 2026`` (long), ``12/06/2026`` (short), ``vendredi 12 juin 2026`` (full)...

    ``format`` is a Babel format name (short, medium, long, full) or a CLDR pattern.
    """
    from babel.dates import format_date as _format_date

    if isinstance(d, dt.datetime):
        d = _local(d).date()
    return first_of_the_month(_format_date(d, format=format, locale=babel_locale()), d.day)


#: a lone « 1 » before a month's name (« 1 avril », « 1 avr. »), not in 01/04 nor in 11 or 21
_LONE_ONE = re.compile(r"(?<![\d/.])1(?= [^\d\s])")


def first_of_the_month(text: str, day: int) -> str:
    """« 1er avril 2026 », « mardi 1er avril », « 1er avr. 2026 à 09:30 »: French writes the
    first of the month as an ordinal (CLDR does not); other days and languages unchanged."""
    if day != 1 or babel_locale().language != "fr":
        return text
    return _LONE_ONE.sub("1er", text, count=1)


def format_datetime(
    moment: dt.datetime, format: str = "short", tzinfo: dt.tzinfo | None = None
) -> str:
    """``12/06/2026 14:30`` (short), ``12 juin 2026, 14:30:05`` (medium)...

    An aware datetime is shown in ``tzinfo`` (default: the school's, :func:`school_tz`); a
    naive one is shown as it is.
    """
    from babel.dates import format_datetime as _format_datetime

    if moment.tzinfo is not None:
        moment = moment.astimezone(tzinfo) if tzinfo is not None else _local(moment)
    text = _format_datetime(moment, format=format, tzinfo=moment.tzinfo, locale=babel_locale())
    return first_of_the_month(text, moment.day)


def format_moment(at: dt.datetime | str, *, seconds: bool = False) -> str:
    """A moment in the school's time, in the user's language: « 14 avr. 2026 à 09:30 »
    (« 14 Apr 2026 at 09:30 »); ``seconds``: « … à 09:30:05 ».  A naive moment (or an ISO
    text without offset) is taken as UTC, as the store writes them."""
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    if seconds:
        # Translators: a CLDR date pattern (letters between quotes are written as they are)
        return format_datetime(at, _("d MMM y 'à' HH:mm:ss"))
    # Translators: a CLDR date pattern (letters between quotes are written as they are)
    return format_datetime(at, _("d MMM y 'à' HH:mm"))  # the school's time, « 1er »


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(school_tz()) if moment.tzinfo is not None else moment


#: the time zone of the school (Alès): every time on the screens and the documents is in it,
#: whatever the time zone of the computer (a server over SSH is often on UTC)
SCHOOL_TIMEZONE = "Europe/Paris"

_school_tz: dt.tzinfo | None = None


def school_tz() -> dt.tzinfo:
    """The school's time zone (:data:`SCHOOL_TIMEZONE`); UTC when this machine has no
    time-zone database."""
    global _school_tz
    if _school_tz is None:
        try:
            from zoneinfo import ZoneInfo

            _school_tz = ZoneInfo(SCHOOL_TIMEZONE)
        except Exception:
            _school_tz = dt.UTC
    return _school_tz


def school_today() -> dt.date:
    """Today at the school (a UTC server's date is the next day at the school from 23:00
    in winter)."""
    return dt.datetime.now(school_tz()).date()


def school_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the school's time zone (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(school_tz())


def format_number(
    x: float | int | Decimal, decimals: int | None = None, *, max_decimals: int = 3
) -> str:
    """``12,5`` / ``1 234,5`` (French, narrow no-break space) or ``12.5`` / ``1,234.5``.

    ``decimals=None`` shows up to ``max_decimals`` (3) decimals, without trailing zeros;
    ``decimals=2`` shows exactly two.  Rounding is half up, as on a transcript
    (12,345 -> 12,35), on the decimal value as written (floats go through ``repr``).
    """
    if isinstance(x, bool) or not isinstance(x, int | float | Decimal):
        raise TypeError(f"format_number() needs a number, not {type(x).__name__}")
    if (decimals is not None and decimals < 0) or max_decimals < 0:
        raise ValueError("format_number(): decimals must be >= 0")
    value = x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else x)
    if not value.is_finite():
        return str(x)
    places = max_decimals if decimals is None else decimals
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-0"
    # The two languages' symbols (CLDR, as Babel gives them: tests/test_i18n.py compares),
    # written here rather than through Babel: its first call loads the locale data (0.25 s
    # of start-up) and each call costs ~65 µs (a queue of 5,000 dossiers formats thousands).
    text = f"{value:,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    group, point = _NUMBER_SYMBOLS[current_language()]
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


#: (group separator, decimal separator) per language, as in CLDR
_NUMBER_SYMBOLS: dict[str, tuple[str, str]] = {"fr": ("\u202f", ","), "en": (",", ".")}


def decimal_separator() -> str:
    """The decimal separator of the current language: ``,`` (French) or ``.`` (English)."""
    return _NUMBER_SYMBOLS[current_language()][1]


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200a]+")
_SIMPLE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def format_decimal_input(text: str) -> float:
    """Read a number typed by the user: ``12,5``, ``12.5``, `` 12 ,5 ``, ``1 234,5``, ``-3``.

    A lone comma or point is the decimal separator; with both (``1,234.5`` / ``1.234,5``) the
    last one is.  Spaces are ignored.  Raises ``ValueError`` with a message in the current
    language when the text is not a number.
    """
    shown = text.strip()
    if not shown:
        raise ValueError(_("Saisissez un nombre (par exemple 12,5)."))
    compact = _SPACES.sub("", shown).replace("\u2212", "-")
    normalized = _normalize_number(compact)
    if normalized is None:
        raise ValueError(_("« {text} » n'est pas un nombre (par exemple 12,5).").format(text=shown))
    return float(normalized)


def _normalize_number(text: str) -> str | None:
    if _SIMPLE_NUMBER.fullmatch(text):
        return text.replace(",", ".")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        grouped = re.fullmatch(
            rf"([+-]?)([0-9]{{1,3}}(?:{re.escape(group_sep)}[0-9]{{3}})+)"
            rf"{re.escape(decimal_sep)}([0-9]*)",
            text,
        )
        if grouped:
            sign, whole, fraction = grouped.groups()
            return f"{sign}{whole.replace(group_sep, '')}.{fraction or '0'}"
    return None


# --------------------------------------------------------------------------- catalog checks


@dataclass(frozen=True)
class Gap:
    """A problem of a catalog: ``kind`` is one of missing (used in the code, absent from the
    catalog), untranslated, fuzzy, placeholders (``{name}`` fields differ), stale-mo,
    unused (in the catalog, no longer in the code: a note, not a failure)."""

    language: str
    kind: str
    msgid: str
    detail: str = ""

    @property
    def failing(self) -> bool:
        return self.kind != "unused"

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.language}: {self.kind}: {self.msgid!r}{extra}"


def _key(message: Any) -> tuple[Any, str | None]:
    mid = message.id
    return (tuple(mid) if isinstance(mid, list | tuple) else mid, message.context)


def _singular(msgid: Any) -> str:
    return msgid[0] if isinstance(msgid, list | tuple) else msgid


def _fields(text: str) -> set[str] | None:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        return None


def extract_from_code(source_dir: Path = PACKAGE_DIR, mapping: Path = MAPPING_FILE) -> Catalog:
    """The catalog of the strings the code marks, as ``pybabel extract`` finds them."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(mapping, encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(mapping))
    catalog = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        source_dir, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def check_catalogs(
    locales_dir: Path = LOCALES_DIR,
    source_dir: Path | None = PACKAGE_DIR,
    mapping: Path = MAPPING_FILE,
    languages: list[str] | None = None,
) -> list[Gap]:
    """Every gap of the translation catalogs (``source_dir=None``: do not look at the code)."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    code = extract_from_code(source_dir, mapping) if source_dir is not None else None
    gaps: list[Gap] = []
    for lang in languages or [c for c in LANGUAGES if c != SOURCE_LANGUAGE]:
        po_path = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            gaps.append(Gap(lang, "missing", "*", f"no catalog {po_path}"))
            continue
        with open(po_path, "rb") as f:
            po = read_po(f, locale=lang)
        if po.fuzzy:
            gaps.append(Gap(lang, "fuzzy", "*", "header marked fuzzy: compile skips the catalog"))
        entries = {_key(m): m for m in po if m.id}
        if code is not None:
            for key, message in ((_key(m), m) for m in code if m.id):
                if key not in entries:
                    where = ", ".join(f"{fn}:{ln}" for fn, ln in message.locations[:3])
                    gaps.append(Gap(lang, "missing", _singular(message.id), where))
            used = {_key(m) for m in code if m.id}
            for key, message in entries.items():
                if key not in used:
                    gaps.append(Gap(lang, "unused", _singular(message.id), "run update"))
        compiled: dict[tuple[Any, str | None], Any] = {}
        for key, message in entries.items():
            msgid = _singular(message.id)
            forms = list(message.string) if message.pluralizable else [message.string]
            if not all(forms):
                gaps.append(Gap(lang, "untranslated", msgid))
                continue
            if message.fuzzy:
                gaps.append(Gap(lang, "fuzzy", msgid))
                continue
            compiled[key] = message.string if not message.pluralizable else tuple(forms)
            ids = list(message.id) if message.pluralizable else [message.id]
            expected = set().union(*[_fields(i) or set() for i in ids])
            for form in forms:
                got = _fields(form)
                if got is None:
                    gaps.append(Gap(lang, "placeholders", msgid, f"invalid braces in {form!r}"))
                elif got != expected:
                    gaps.append(
                        Gap(
                            lang,
                            "placeholders",
                            msgid,
                            f"{{{', '.join(sorted(expected))}}} expected, "
                            f"{{{', '.join(sorted(got))}}} in {form!r}",
                        )
                    )
        if not mo_path.exists():
            gaps.append(Gap(lang, "stale-mo", "*", f"{mo_path.name} missing: run compile"))
            continue
        with open(mo_path, "rb") as f:
            mo = read_mo(f)
        in_mo = {
            _key(m): (tuple(m.string) if isinstance(m.string, list | tuple) else m.string)
            for m in mo
            if m.id
        }
        if in_mo != compiled or mo.plural_forms != po.plural_forms:
            changed = sorted(
                {_singular(k[0]) for k in set(in_mo) ^ set(compiled)}
                | {_singular(k[0]) for k in compiled if k in in_mo and in_mo[k] != compiled[k]}
            )
            detail = f"differs from the .po for {changed[:5]}" if changed else "plural forms"
            gaps.append(Gap(lang, "stale-mo", "*", f"{detail}: run compile"))
    return gaps


# --------------------------------------------------------------------------- command line


def _pybabel(*argv: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", *argv])


def update_catalogs() -> None:
    """Extract the strings of the code, merge them into every ``.po`` and compile them."""
    root = PACKAGE_DIR.parent
    rel = PACKAGE_DIR.name
    locales = LOCALES_DIR.relative_to(root).as_posix()
    with contextlib.chdir(root):
        _pybabel(
            "extract",
            "-F",
            f"{locales}/babel.cfg",
            "-o",
            f"{locales}/{DOMAIN}.pot",
            *EXTRACT_OPTIONS,
            rel,
        )
        for lang in LANGUAGES:
            if lang == SOURCE_LANGUAGE:
                continue
            _pybabel(
                "update",
                "-i",
                f"{locales}/{DOMAIN}.pot",
                "-d",
                locales,
                "-D",
                DOMAIN,
                "-l",
                lang,
                "--init-missing",
            )
        compile_catalogs()


def compile_catalogs() -> None:
    """Compile every ``.po`` to its ``.mo`` (fuzzy and empty entries are left out)."""
    _pybabel("compile", "-d", str(LOCALES_DIR), "-D", DOMAIN, "--statistics")


_USAGE = """usage: python -m juryapp.i18n {check|update|compile}

  check    list the untranslated, fuzzy, missing (used in the code, absent from the
           catalog) strings and stale .mo files; exit 1 if there is any
  update   extract the strings from the code, update the .po files, compile the .mo files
  compile  compile the .po files into .mo files
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "check":
        gaps = check_catalogs()
        failing = [g for g in gaps if g.failing]
        for gap in gaps:
            print(("" if gap.failing else "note: ") + str(gap))
        if failing:
            print(f"{len(failing)} gap(s): see python -m juryapp.i18n (docstring of juryapp.i18n)")
            return 1
        print("catalogs complete: " + ", ".join(c for c in LANGUAGES if c != SOURCE_LANGUAGE))
        return 0
    if command == "update":
        update_catalogs()
        return 0
    if command == "compile":
        compile_catalogs()
        return 0
    print(_USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
