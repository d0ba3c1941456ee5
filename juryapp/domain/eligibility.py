"""Is a dossier eligible (recevable) for the admission it asks for?  (seed 001, §1–2)

Pure rules, no I/O.  The answer is an :class:`Eligibility`: a status and the reasons, in
French, shown to the jury before it classifies the dossier.

1st year (``admission-1a``), in this order:

1. a required document is missing (``candidate.missing_documents``) -> ``not-examined``
   (« tout dossier non accompagné des éléments indispensables … conduira au refus de son
   examen »); the reasons name the documents;
2. fewer than 120 ECTS -> ``ineligible``;
3. a foreign diploma -> ``jury-decides`` (the jury rules on its equivalence);
4. a DUT/BUT or BTS listed for the specialty (:data:`DIPLOMAS_1A`), or a prépa ATS / other
   scientific prépa, with at least 120 ECTS -> ``eligible``;
5. another French title with at least 120 ECTS -> ``jury-decides``
   (« liens suffisants avec la spécialité »);
6. a listed diploma whose ECTS are not recorded -> ``jury-decides``, saying so.

2nd year (``admission-2a``): missing document -> ``not-examined``; foreign diploma ->
``jury-decides``; M2 or ≥ 300 ECTS, or M1 or ≥ 240 ECTS -> ``eligible``; ECTS unknown and no
M1/M2 named -> ``jury-decides``; otherwise ``ineligible``.

VAE validation and CQPM juries: the recevabilité was ruled on by its own jury; with its date
(``candidate.recevabilite_date``) -> ``eligible``, else ``jury-decides``.  Professional
contracts (enrolled students): ``eligible``, nothing to rule on.  The VAE recevabilité jury
rules itself: ``jury-decides``.  In every kind a missing document gives ``not-examined``.

Diploma names are matched ignoring case, accents and punctuation; the new name of the DUT
(BUT, bachelor universitaire de technologie), the new names of some specialties and the
usual abbreviations (GEII, R&T, SIO, SN option IR…) are accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from juryapp.i18n import N_, _, format_date

from .models import Candidate, SessionKind

ECTS_1A = 120
ECTS_2A_M1 = 240
ECTS_2A_M2 = 300


class EligibilityStatus(StrEnum):
    ELIGIBLE = "eligible"
    JURY_DECIDES = "jury-decides"
    INELIGIBLE = "ineligible"
    NOT_EXAMINED = "not-examined"


#: French msgids: show them with ``_(ELIGIBILITY_LABELS[status])``
ELIGIBILITY_LABELS: dict[EligibilityStatus, str] = {
    EligibilityStatus.ELIGIBLE: N_("Recevable"),
    EligibilityStatus.JURY_DECIDES: N_("Recevabilité à apprécier par le jury"),
    EligibilityStatus.INELIGIBLE: N_("Non recevable"),
    EligibilityStatus.NOT_EXAMINED: N_("Dossier incomplet : non examiné"),
}


@dataclass(frozen=True)
class Eligibility:
    status: EligibilityStatus
    reasons: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the jury may classify the dossier without overriding anything."""
        return self.status in (EligibilityStatus.ELIGIBLE, EligibilityStatus.JURY_DECIDES)


#: Bac+2 titles accepted in 1st year, per specialty (seed 001, §1.1), official names.
DIPLOMAS_1A: dict[str, dict[str, tuple[str, ...]]] = {
    "BAT": {
        "DUT": (
            "Génie Civil-Construction Durable",
            "Génie Thermique et Énergie",
        ),
        "BTS": (
            "Fluides Énergies Domotique",
            "Bâtiment",
            "Enveloppe du bâtiment",
            "Systèmes constructifs bois et habitat",
        ),
    },
    "INFRES": {
        "DUT": (
            "Informatique",
            "Réseaux et Télécommunications",
            "Génie Électrique et Informatique Industrielle",
            "Métiers du Multimédia et de l'Internet",
        ),
        "BTS": (
            "Services Informatiques aux Organisations",
            "Systèmes Numériques option A Informatique et Réseaux",
        ),
    },
    "MKX": {
        "DUT": (
            "Génie Mécanique et Productique",
            "Génie Électrique et Informatique Industrielle",
            "Génie Industriel et Maintenance",
            "Mesures Physiques",
            "Science et Génie des Matériaux",
        ),
        "BTS": (
            "Assistance Technique d'Ingénieur",
            "Conception de Produits Industriels",
            "Contrôle Industriel et Régulation Automatique",
            "Conception et Réalisation de Systèmes Automatiques",
            "Aéronautique",
            "Électrotechnique",
            "Systèmes Numériques option électronique et communications",
        ),
    },
}

SPECIALTY_NAMES: dict[str, str] = {
    "BAT": "Bâtiment",
    "INFRES": "Informatique et Réseaux",
    "MKX": "Mécatronique",
}

#: Abbreviations and newer names (BUT, renamed BTS) for the official names above.
DIPLOMA_ALIASES: dict[str, tuple[str, ...]] = {
    "Génie Civil-Construction Durable": ("GCCD", "GC CD", "génie civil"),
    "Génie Thermique et Énergie": (
        "GTE",
        "MT2E",
        "Métiers de la transition et de l'efficacité énergétiques",
    ),
    "Fluides Énergies Domotique": ("FED", "fluides énergies environnements"),
    "Bâtiment": (),
    "Enveloppe du bâtiment": ("enveloppe des bâtiments", "EB"),
    "Systèmes constructifs bois et habitat": ("SCBH",),
    "Informatique": ("info",),
    "Réseaux et Télécommunications": ("R&T", "RT", "réseaux et télécoms", "réseaux télécoms"),
    "Génie Électrique et Informatique Industrielle": ("GEII", "GE2I"),
    "Métiers du Multimédia et de l'Internet": ("MMI",),
    "Services Informatiques aux Organisations": ("SIO",),
    "Systèmes Numériques option A Informatique et Réseaux": (
        "SN IR",
        "SNIR",
        "SN option IR",
        "SN option A",
        "SN A",
        "SN informatique et réseaux",
        "systèmes numériques option informatique et réseaux",
        "systèmes numériques informatique et réseaux",
    ),
    "Génie Mécanique et Productique": ("GMP",),
    "Génie Industriel et Maintenance": ("GIM",),
    "Mesures Physiques": ("MP",),
    "Science et Génie des Matériaux": ("SGM",),
    "Assistance Technique d'Ingénieur": ("ATI",),
    "Conception de Produits Industriels": ("CPI", "conception des produits industriels"),
    "Contrôle Industriel et Régulation Automatique": ("CIRA",),
    "Conception et Réalisation de Systèmes Automatiques": ("CRSA",),
    "Aéronautique": ("aero",),
    "Électrotechnique": (),
    "Systèmes Numériques option électronique et communications": (
        "SN EC",
        "SNEC",
        "SN option EC",
        "SN option B",
        "SN B",
        "SN électronique et communications",
        "systèmes numériques option B électronique et communications",
        "systèmes numériques électronique et communications",
    ),
}

_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "DUT": (
        "dut",
        "but",
        "diplome universitaire de technologie",
        "bachelor universitaire de technologie",
    ),
    "BTS": ("bts", "brevet de technicien superieur"),
}

_PREPA_WORDS = ("prepa", "preparatoire", "preparatoires", "cpge", "ats", "spe ats")
_PREPA_TRACKS = {
    "mpsi", "pcsi", "ptsi", "tsi", "mp2i", "mpi", "mp", "psi", "pt", "pc", "bcpst", "tpc", "tb",
}  # fmt: skip


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    """Casefold, drop accents, punctuation to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def _contains(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` as whole words (both normalised)."""
    return bool(needle) and f" {needle} " in f" {haystack} "


@lru_cache(maxsize=256)
def normalize_specialty(specialty: str) -> str | None:
    """``"Informatique et réseaux"`` / ``"infres"`` -> ``"INFRES"``; None when unknown."""
    key = _norm(specialty)
    for code, name in SPECIALTY_NAMES.items():
        if key in (code.casefold(), _norm(name)):
            return code
    aliases = {"batiment": "BAT", "mecatronique": "MKX", "info": "INFRES", "mkx": "MKX"}
    return aliases.get(key)


def _diploma_types(text: str) -> tuple[set[str], str]:
    """The diploma types named in ``text`` (DUT/BTS) and the text without those words."""
    types: set[str] = set()
    rest = f" {text} "
    for typ, words in _TYPE_WORDS.items():
        for w in sorted(words, key=len, reverse=True):
            if f" {w} " in rest:
                types.add(typ)
                rest = rest.replace(f" {w} ", " ")
    return types, " ".join(rest.split())


@lru_cache(maxsize=8192)
def match_diploma_1a(diploma: str, specialty: str) -> str | None:
    """The official name of the listed 1A diploma ``diploma`` is, for ``specialty``; or None.

    >>> match_diploma_1a("BUT GEII", "MKX")
    'DUT Génie Électrique et Informatique Industrielle'
    """
    code = normalize_specialty(specialty)
    if code is None:
        return None
    text = _norm(diploma)
    if not text:
        return None
    types, rest = _diploma_types(text)
    if not rest:
        return None
    best: tuple[int, str] | None = None  # (length of the form found, result)
    for typ, names in DIPLOMAS_1A[code].items():
        if types and typ not in types:
            continue
        for name in names:
            for form in (name, *DIPLOMA_ALIASES.get(name, ())):
                n = _norm(form)
                if rest == n and (types or rest not in _PREPA_TRACKS):
                    return f"{typ} {name}"
                # inside a longer text ("DUT GEII parcours AII", "BTS SIO option SLAM"):
                # only when the text says DUT/BUT/BTS, so that "licence génie civil" is
                # not taken for the DUT génie civil; the longest form found wins
                # ("génie électrique et informatique industrielle" over "informatique")
                if types and _contains(rest, n) and (best is None or len(n) > best[0]):
                    best = (len(n), f"{typ} {name}")
    if best is not None:
        return best[1]
    return None


def _names_a_but(diploma: str) -> bool:
    """Whether ``diploma`` says BUT (bachelor universitaire de technologie), not DUT."""
    text = _norm(diploma)
    return _contains(text, "but") or _contains(text, "bachelor universitaire de technologie")


def is_prepa(diploma: str) -> bool:
    """True when ``diploma`` names a classe préparatoire (ATS or another scientific one)."""
    text = _norm(diploma)
    if not text:
        return False
    if any(_contains(text, w) for w in _PREPA_WORDS):
        return True
    tokens = text.split()
    return bool(tokens) and all(t in _PREPA_TRACKS for t in tokens)


_M2_PAT = re.compile(r"\b(m2|master 2|master ii|master)\b")
_M1_PAT = re.compile(r"\b(m1|master 1|master i|premiere annee de master)\b")


def _master_level(diploma: str) -> int | None:
    text = _norm(diploma)
    if _M1_PAT.search(text):
        return 1
    if _M2_PAT.search(text):
        return 2
    return None


def _missing(candidate: Candidate) -> Eligibility | None:
    missing = candidate.missing_documents
    if missing:
        return Eligibility(
            EligibilityStatus.NOT_EXAMINED,
            (
                _("pièces manquantes : {documents} — le dossier n'est pas examiné").format(
                    documents=", ".join(missing)
                ),
            ),
        )
    return None


def _foreign(candidate: Candidate) -> str:
    return _(
        "diplôme étranger ({diploma}) : le jury apprécie sa recevabilité et son équivalence"
    ).format(diploma=candidate.diploma or _("non précisé"))


def _ects_validated(ects: int | None, needed: int) -> str:
    return _("{ects} crédits ECTS validés (≥ {needed})").format(ects=ects, needed=needed)


def check_eligibility(candidate: Candidate, kind: SessionKind, specialty: str) -> Eligibility:
    """Whether ``candidate`` may be examined for a session of ``kind`` in ``specialty``.

    ``specialty`` is a code (BAT, INFRES, MKX) or its French name; it only matters in 1st
    year.  See the module docstring for the rules and their order.
    """
    kind = SessionKind(kind)
    missing = _missing(candidate)
    if missing is not None:
        return missing
    if kind is SessionKind.ADMISSION_1A:
        return _check_1a(candidate, specialty)
    if kind is SessionKind.ADMISSION_2A:
        return _check_2a(candidate)
    if kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        # the recevabilité was ruled on earlier, by its own jury: its date says so
        if candidate.recevabilite_date is not None:
            return Eligibility(
                EligibilityStatus.ELIGIBLE,
                (
                    _("demande déclarée recevable le {date} (jury de recevabilité)").format(
                        date=format_date(candidate.recevabilite_date, "short")
                    ),
                ),
            )
        return Eligibility(
            EligibilityStatus.JURY_DECIDES,
            (
                _(
                    "date de recevabilité non renseignée : le jury vérifie que la demande a "
                    "été déclarée recevable"
                ),
            ),
        )
    if kind is SessionKind.CONTRAT_PRO:
        return Eligibility(
            EligibilityStatus.ELIGIBLE,
            (
                _(
                    "élève de l'école en contrat de professionnalisation : pas de "
                    "recevabilité à prononcer"
                ),
            ),
        )
    return Eligibility(
        EligibilityStatus.JURY_DECIDES,
        (_("pas de règle automatique de recevabilité pour ce type de session : le jury statue"),),
    )


def _check_1a(candidate: Candidate, specialty: str) -> Eligibility:
    ects = candidate.ects
    if ects is not None and ects < ECTS_1A:
        return Eligibility(
            EligibilityStatus.INELIGIBLE,
            (
                _("{ects} crédits ECTS validés : au moins {needed} sont exigés").format(
                    ects=ects, needed=ECTS_1A
                ),
            ),
        )
    ects_note = (
        (
            _(
                "nombre de crédits ECTS non renseigné : {needed} au moins sont exigés, à vérifier"
            ).format(needed=ECTS_1A),
        )
        if ects is None
        else ()
    )
    if candidate.foreign_diploma:
        return Eligibility(
            EligibilityStatus.JURY_DECIDES,
            (_foreign(candidate), *ects_note),
        )
    code = normalize_specialty(specialty)
    if code is None:
        return Eligibility(
            EligibilityStatus.JURY_DECIDES,
            (
                _(
                    "spécialité « {specialty} » inconnue (attendu : BAT, INFRES ou MKX) : "
                    "la liste des diplômes ne peut pas être vérifiée"
                ).format(specialty=specialty),
                *ects_note,
            ),
        )
    if not candidate.diploma.strip():
        return Eligibility(
            EligibilityStatus.JURY_DECIDES, (_("diplôme non renseigné : à vérifier"), *ects_note)
        )
    listed = match_diploma_1a(candidate.diploma, code)
    prepa = is_prepa(candidate.diploma)
    if listed or prepa:
        if listed and listed.startswith("DUT ") and _names_a_but(candidate.diploma):
            # the list names the DUT; the candidate's diploma says BUT (the DUT's successor)
            what = _(
                "{diploma} : le BUT succède au {listed} de la liste de la spécialité {code}"
            ).format(diploma=candidate.diploma, listed=listed, code=code)
        elif listed:
            what = _("{diploma} : diplôme de la liste de la spécialité {code}").format(
                diploma=listed, code=code
            )
        else:
            what = _("{diploma} : classe préparatoire scientifique").format(
                diploma=candidate.diploma
            )
        if ects_note:
            return Eligibility(EligibilityStatus.JURY_DECIDES, (what, *ects_note))
        return Eligibility(EligibilityStatus.ELIGIBLE, (what, _ects_validated(ects, ECTS_1A)))
    _types, rest = _diploma_types(_norm(candidate.diploma))
    option_note = (
        (_("BTS Systèmes numériques : option non précisée (IR pour INFRES, EC pour MKX)"),)
        if rest in ("sn", "systemes numeriques")
        else ()
    )
    return Eligibility(
        EligibilityStatus.JURY_DECIDES,
        (
            _(
                "{diploma} : titre hors liste de la spécialité {code} ; le jury apprécie "
                "ses liens avec la spécialité"
            ).format(diploma=candidate.diploma, code=code),
            *option_note,
            *(ects_note or (_ects_validated(ects, ECTS_1A),)),
        ),
    )


def _check_2a(candidate: Candidate) -> Eligibility:
    ects = candidate.ects
    if candidate.foreign_diploma:
        return Eligibility(
            EligibilityStatus.JURY_DECIDES,
            (_foreign(candidate),),
        )
    level = _master_level(candidate.diploma)
    if level == 2 or (ects is not None and ects >= ECTS_2A_M2):
        why = _("M2 (master)") if level == 2 else _ects_validated(ects, ECTS_2A_M2)
        return Eligibility(EligibilityStatus.ELIGIBLE, (why,))
    if level == 1 or (ects is not None and ects >= ECTS_2A_M1):
        why = _("M1 validé") if level == 1 else _ects_validated(ects, ECTS_2A_M1)
        return Eligibility(
            EligibilityStatus.ELIGIBLE,
            (why, _("le domaine doit relever de la spécialité : à apprécier par le jury")),
        )
    if ects is None:
        return Eligibility(
            EligibilityStatus.JURY_DECIDES,
            (
                _(
                    "nombre de crédits ECTS non renseigné et ni M1 ni M2 indiqué : "
                    "{needed} ECTS au moins sont exigés, à vérifier"
                ).format(needed=ECTS_2A_M1),
            ),
        )
    return Eligibility(
        EligibilityStatus.INELIGIBLE,
        (
            _("{ects} crédits ECTS validés : M1 ou au moins {needed} ECTS exigés").format(
                ects=ects, needed=ECTS_2A_M1
            ),
        ),
    )
