"""French wording of the documents: dates, times, numbers, people, lists.

The documents are always in French, whatever the language of the screens, so these
helpers call Babel with ``fr_FR`` directly instead of :mod:`juryapp.i18n` (which follows
the user's language).  Times are shown in the school's time zone
(:data:`juryapp.i18n.SCHOOL_TIMEZONE`), never in the computer's: the same data gives the same
PDF on every machine.  Pure functions; no reportlab.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import Any, TypeVar

from juryapp.domain.kinds import presence_label_of, quality_label_of, role_label_of
from juryapp.domain.models import JuryMember, Sex
from juryapp.i18n import language, school_time

F = TypeVar("F", bound=Callable[..., Any])


def in_french(fn: F) -> F:
    """Run ``fn`` with French translations in this thread: the rules' messages a document
    quotes (composition findings, decision labels...) follow the user's language elsewhere,
    but a procès-verbal, an annex or a letter is always French."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with language("fr"):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (precomposed letters: « ễ » is one glyph, not three)."""
    return unicodedata.normalize("NFC", text)


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the school's time zone (a naive moment is taken as UTC)."""
    return school_time(moment)


def fr_date(day: dt.date, *, weekday: bool = False) -> str:
    """``22 novembre 2026``, ``1er avril 2026``; with ``weekday``: ``mercredi 1er avril 2026``."""
    from babel.dates import format_date

    if isinstance(day, dt.datetime):
        day = local(day).date()
    text = format_date(day, format="EEEE d MMMM y" if weekday else "d MMMM y", locale="fr_FR")
    if day.day == 1:
        text = text.replace(" 1 ", " 1er ", 1) if weekday else "1er" + text[1:]
    return text


def fr_dates(days: Iterable[dt.date]) -> str:
    """``1er, 13 et 21 avril 2026`` — several dates, grouped by month and year."""
    ordered = sorted(set(days))
    if not ordered:
        return ""
    groups: list[tuple[tuple[int, int], list[dt.date]]] = []
    for d in ordered:
        if groups and groups[-1][0] == (d.year, d.month):
            groups[-1][1].append(d)
        else:
            groups.append(((d.year, d.month), [d]))
    parts = []
    for _key, ds in groups:
        month_year = fr_date(ds[-1]).split(" ", 1)[1]
        days_text = [("1er" if d.day == 1 else str(d.day)) for d in ds]
        parts.append(f"{join_fr(days_text)} {month_year}")
    return join_fr(parts)


#: no-break space: « 14 h 05 », « 45 min » never split across lines
NBSP = "\u00a0"


def fr_time(moment: dt.datetime) -> str:
    """``14 h 05`` (no-break spaces) in the school's time zone."""
    t = local(moment)
    return f"{t.hour}{NBSP}h{NBSP}{t.minute:02d}"


def fr_datetime(moment: dt.datetime) -> str:
    """``22 novembre 2026 à 14 h 05`` in the school's time zone."""
    return f"{fr_date(local(moment).date())} à {fr_time(moment)}"


def fr_duration(delta: dt.timedelta) -> str:
    """``1 h 32 min 05 s``, ``45 min 00 s``, ``12 s`` (rounded to the second; no-break
    spaces)."""
    total = int(round(delta.total_seconds()))
    sign = "-" if total < 0 else ""
    total = abs(total)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    n = NBSP
    if h:
        return f"{sign}{h}{n}h{n}{m:02d}{n}min{n}{s:02d}{n}s"
    if m:
        return f"{sign}{m}{n}min{n}{s:02d}{n}s"
    return f"{sign}{s}{n}s"


def fr_minutes(minutes: float) -> str:
    """``45 min``, ``1 h 30`` (a planned duration)."""
    total = int(round(minutes))
    h, m = divmod(total, 60)
    if h and m:
        return f"{h}{NBSP}h{NBSP}{m:02d}"
    if h:
        return f"{h}{NBSP}h"
    return f"{m}{NBSP}min"


@lru_cache(maxsize=8192)
def num(x: float | None, digits: int = 2) -> str:
    """A number the French way, without useless zeros: 12.5 -> ``12,5``; None -> ``—``."""
    if x is None:
        return "—"
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s.replace(".", ",")


def mark(x: float | None) -> str:
    """A mark out of 20 with two decimals: 12.5 -> ``12,50``; None -> ``—``."""
    return "—" if x is None else f"{x:.2f}".replace(".", ",")


def join_fr(items: Iterable[str]) -> str:
    """``a``, ``a et b``, ``a, b et c``."""
    xs = [x for x in items if x]
    if len(xs) <= 1:
        return "".join(xs)
    return ", ".join(xs[:-1]) + " et " + xs[-1]


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 candidat``, ``3 candidats``, ``0 candidat``."""
    word = singular if n <= 1 else (plural_form or singular + "s")
    return f"{n} {word}"


def civility(member: JuryMember) -> str:
    """``Mme``, ``M.`` or nothing when the sex is not stated."""
    return {Sex.F: "Mme", Sex.M: "M."}.get(member.sex, "")


def person(member: JuryMember) -> str:
    """``Mme Anne-Sophie Delmas`` (civility when known, first name, last name)."""
    return nfc(" ".join(x for x in (civility(member), member.full_name) if x))


def quality_label(member: JuryMember, *, with_title: bool = True) -> str:
    """The member's quality, in the feminine for a woman, and the title when given."""
    label = quality_label_of(member)  # the French msgid: the documents are French
    if with_title and member.title:
        label = f"{label} — {member.title}"
    return nfc(label)


def role_label(member: JuryMember) -> str:
    """The member's role, in the feminine for a woman (the French msgid: the documents are
    French)."""
    return role_label_of(member)


def presence_label(member: JuryMember) -> str:
    """The member's presence, in the feminine for a woman (French)."""
    return presence_label_of(member)


def city(place: str, fallback: str = "") -> str:
    """The town of a place such as ``Alès – salle du conseil`` (for « Fait à … »)."""
    for sep in (" – ", " — ", " - ", ","):
        if sep in place:
            place = place.split(sep, 1)[0]
    return place.strip() or fallback
