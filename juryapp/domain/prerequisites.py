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
    return day.strftime("%d/%m/%Y")


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
                f"anglais : équivalence déclarée « {equivalent} »{shown} — "
                f"le jury vérifie qu'elle vaut {TOEIC_MIN} points au TOEIC",
            )
        )
    elif toeic is not None:
        out.append(
            Finding(
                "error",
                "english",
                f"anglais : TOEIC {toeic} inférieur aux {TOEIC_MIN} points exigés, "
                "et aucun équivalent déclaré",
            )
        )
    else:
        out.append(
            Finding(
                "error",
                "english",
                f"anglais : ni score TOEIC ({TOEIC_MIN} points exigés) ni équivalent déclaré",
            )
        )

    # international experience
    if candidate.international_experience is False:
        out.append(
            Finding(
                "error",
                "international",
                "pas d'expérience internationale significative (expatriation de plusieurs "
                "mois ou projets internationaux conséquents) : elle est obligatoire",
            )
        )
    elif candidate.international_experience is None:
        out.append(
            Finding(
                "warning",
                "international-unknown",
                "expérience internationale non renseignée : obligatoire, à vérifier",
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
                "date de notification de la recevabilité non renseignée : le délai de trois "
                "ans ne peut pas être vérifié",
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
                    f"dossier de validation daté du {_fmt_date(filed)}, avant la recevabilité "
                    f"({_fmt_date(rec)}) : dates à corriger",
                )
            )
        elif when > deadline:
            what = f"déposé le {_fmt_date(filed)}" if filed else f"non déposé au {_fmt_date(today)}"
            out.append(
                Finding(
                    "error",
                    "validation-late",
                    f"dossier de validation {what} : le délai de trois ans après la "
                    f"recevabilité ({_fmt_date(rec)}) expirait le {_fmt_date(deadline)}",
                )
            )

    # size of the validation file
    pages = candidate.dossier_pages
    if pages is None:
        out.append(
            Finding(
                "warning",
                "pages-unknown",
                f"nombre de pages du dossier de validation non renseigné "
                f"({PAGES_MIN} à {PAGES_MAX} pages utiles attendues)",
            )
        )
    elif not PAGES_MIN <= pages <= PAGES_MAX:
        out.append(
            Finding(
                "warning",
                "pages",
                f"dossier de validation de {pages} pages : {PAGES_MIN} à {PAGES_MAX} pages "
                "utiles attendues (hors annexes)",
            )
        )

    out.sort(key=lambda f: 0 if f.level == "error" else 1)
    return out
