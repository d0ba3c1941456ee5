"""VAE prerequisites for the engineering degree (seed 000), and the recevabilité deadline.

Pure rules, no I/O.  :func:`check_vae_prerequisites` returns findings (French):

* English: TOEIC ≥ 800, or an equivalent stated (``english_equivalent``, checked by the
  jury: a warning recalls it); error if neither;
* significant international experience: error if ``False``, warning if unknown (``None``);
* the validation file is filed within three years of the recevabilité notice
  (``validation_filed_date``, or ``today`` when not yet filed): error beyond; error if the
  recevabilité date is missing; error if the file is dated before the recevabilité;
* the validation file is expected to be 80–100 useful pages: a warning outside (or unknown),
  never an error.

Dates use calendar arithmetic: one month after 31 January is the last day of February;
three years after 29 February is 28 February.
"""

from __future__ import annotations

import calendar
import datetime as dt

from juryapp.i18n import _, format_date

from .findings import Finding
from .models import Candidate

TOEIC_MIN = 800
VALIDATION_YEARS = 3
PAGES_MIN = 80
PAGES_MAX = 100
RECEVABILITE_MONTHS = 1


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the end of the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def recevabilite_deadline(received: dt.date) -> dt.date:
    """The date by which the recruitment jury rules on a recevabilité file: one month after
    it was received (seed 000); 31 January -> 28 (or 29) February."""
    return add_months(received, RECEVABILITE_MONTHS)


def validation_deadline(recevabilite_date: dt.date) -> dt.date:
    """The last day to file the validation file: three years after the recevabilité."""
    return add_months(recevabilite_date, 12 * VALIDATION_YEARS)


def _fmt_date(day: dt.date) -> str:
    """12/06/2026 (French and British short dates)."""
    return format_date(day, "short")


def check_vae_prerequisites(candidate: Candidate, today: dt.date) -> list[Finding]:
    """The VAE prerequisites ``candidate`` does not meet, as of ``today``.

    Errors first, then warnings; an empty list means everything is in order.
    """
    out: list[Finding] = []

    # English
    toeic = candidate.toeic
    equivalent = candidate.english_equivalent.strip()
    if toeic is not None and toeic >= TOEIC_MIN:
        pass
    elif equivalent:
        shown = f" (TOEIC {toeic} < {TOEIC_MIN})" if toeic is not None else ""
        out.append(
            Finding(
                "warning",
                "english-equivalent",
                _(
                    "anglais : équivalence déclarée « {equivalent} »{toeic} — "
                    "le jury vérifie qu'elle vaut {needed} points au TOEIC"
                ).format(equivalent=equivalent, toeic=shown, needed=TOEIC_MIN),
            )
        )
    elif toeic is not None:
        out.append(
            Finding(
                "error",
                "english",
                _(
                    "anglais : TOEIC {toeic} inférieur aux {needed} points exigés, "
                    "et aucun équivalent déclaré"
                ).format(toeic=toeic, needed=TOEIC_MIN),
            )
        )
    else:
        out.append(
            Finding(
                "error",
                "english",
                _("anglais : ni score TOEIC ({needed} points exigés) ni équivalent déclaré").format(
                    needed=TOEIC_MIN
                ),
            )
        )

    # international experience
    if candidate.international_experience is False:
        out.append(
            Finding(
                "error",
                "international",
                _(
                    "pas d'expérience internationale significative (expatriation de plusieurs "
                    "mois ou projets internationaux conséquents) : elle est obligatoire"
                ),
            )
        )
    elif candidate.international_experience is None:
        out.append(
            Finding(
                "warning",
                "international-unknown",
                _("expérience internationale non renseignée : obligatoire, à vérifier"),
            )
        )

    # three years after recevabilité
    rec = candidate.recevabilite_date
    filed = candidate.validation_filed_date
    if rec is None:
        out.append(
            Finding(
                "error",
                "recevabilite-missing",
                _(
                    "date de notification de la recevabilité non renseignée : le délai de trois "
                    "ans ne peut pas être vérifié"
                ),
            )
        )
    else:
        deadline = validation_deadline(rec)
        when = filed or today
        if filed is not None and filed < rec:
            out.append(
                Finding(
                    "error",
                    "filed-before-recevabilite",
                    _(
                        "dossier de validation daté du {filed}, avant la recevabilité "
                        "({recevabilite}) : dates à corriger"
                    ).format(filed=_fmt_date(filed), recevabilite=_fmt_date(rec)),
                )
            )
        elif when > deadline:
            if filed:
                text = _(
                    "dossier de validation déposé le {date} : le délai de trois ans après la "
                    "recevabilité ({recevabilite}) expirait le {deadline}"
                )
            else:
                text = _(
                    "dossier de validation non déposé au {date} : le délai de trois ans après "
                    "la recevabilité ({recevabilite}) expirait le {deadline}"
                )
            out.append(
                Finding(
                    "error",
                    "validation-late",
                    text.format(
                        date=_fmt_date(filed or today),
                        recevabilite=_fmt_date(rec),
                        deadline=_fmt_date(deadline),
                    ),
                )
            )

    # size of the validation file
    pages = candidate.dossier_pages
    if pages is None:
        out.append(
            Finding(
                "warning",
                "pages-unknown",
                _(
                    "nombre de pages du dossier de validation non renseigné "
                    "({low} à {high} pages utiles attendues)"
                ).format(low=PAGES_MIN, high=PAGES_MAX),
            )
        )
    elif not PAGES_MIN <= pages <= PAGES_MAX:
        out.append(
            Finding(
                "warning",
                "pages",
                _(
                    "dossier de validation de {pages} pages : {low} à {high} pages "
                    "utiles attendues (hors annexes)"
                ).format(pages=pages, low=PAGES_MIN, high=PAGES_MAX),
            )
        )

    out.sort(key=lambda f: 0 if f.level == "error" else 1)
    return out
