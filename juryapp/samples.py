"""Sample sessions, in French, built in pure Python, and a generator for benchmarks.

Four realistic sessions (see :data:`SAMPLES`):

* ``infres-1a-2026``: admission in 1st year, INFRES, 60 dossiers, a session in progress
  (dossier review done, probatory tests being scored, part of the results decided);
* ``bat-2a-2026``: admission in 2nd year, BAT, 1 place, 6 dossiers, in deliberation;
* ``vae-ingenieur-2026``: VAE validation jury for the engineering degree, being prepared;
* ``contrat-pro-s9-2026``: grading of the S9 company project of the professional contracts.

Everything is deterministic (``random.Random(seed)``, fixed dates): two builds are equal.
:func:`generate_admission_session` builds a synthetic admission session of any size for the
benchmarks.  ``python -m juryapp.samples OUTDIR`` writes the four sessions as session folders
(``OUTDIR/<id>.jury``), replacing those folders when they exist.

All e-mail addresses use reserved example domains (``example.org``, ``.example``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from .domain.kinds import default_epreuves
from .domain.models import (
    Bloc,
    Candidate,
    Conflict,
    ConflictType,
    Criterion,
    Decision,
    DecisionStage,
    DecisionValue,
    Epreuve,
    EpreuveKind,
    JuryMember,
    Quality,
    Role,
    Score,
    ScoreStatus,
    Session,
    SessionInfo,
    SessionKind,
    SessionStatus,
    Sex,
    Track,
)

__all__ = [
    "PLATEFORME_ANGLAIS",
    "SAMPLES",
    "TUTEUR_ENTREPRISE",
    "build_bat_2a",
    "build_contrat_pro",
    "build_infres_1a",
    "build_samples",
    "build_vae_ingenieur",
    "generate_admission_session",
    "main",
    "write_samples",
]

PARIS = ZoneInfo("Europe/Paris")
#: source of the English marks imported from the online test platform
PLATEFORME_ANGLAIS = "plateforme d'anglais"
#: source of the company tutors' marks (contrat pro)
TUTEUR_ENTREPRISE = "tuteur entreprise"

STAFF_DOMAIN = "mines-ales.example"
_CANDIDATE_DOMAINS = ("example.org", "example.com", "example.net")

INSTITUTION = "IMT Mines Alès"
PLACE = "Alès – salle du conseil"
ACT_ADMISSION = (
    "Décision n° 2026-014 du directeur d'IMT Mines Alès du 2 mars 2026 portant nomination "
    "des jurys de recrutement des formations d'ingénieurs par apprentissage"
)

DOCS_1A = (
    "copie du diplôme",
    "relevés de notes",
    "avis de poursuite d'études",
    "CV",
    "lettre de motivation",
)
DOCS_2A = (
    "copie du diplôme",
    "relevés de notes",
    "appréciation confidentielle du responsable de formation",
    "CV",
    "lettre de motivation",
)
DOC_BOURSE = "attestation de bourse"


# --------------------------------------------------------------------------- helpers

_TRANSLIT = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Œ": "Oe",
        "œ": "oe",
        "Æ": "Ae",
        "æ": "ae",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "ı": "i",
        "Ø": "O",
        "ø": "o",
    }
)


def ascii_slug(text: str) -> str:
    """``"Nguyễn Thị Ánh"`` -> ``"nguyen-thi-anh"``: for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _email(first: str, last: str, domain: str) -> str:
    return f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in Alès (Europe/Paris), ``minute`` may exceed 59."""
    base = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)
    return base + dt.timedelta(minutes=minute)


def _member(
    mid: str,
    last: str,
    first: str,
    quality: Quality,
    sex: Sex,
    role: Role = Role.MEMBRE,
) -> JuryMember:
    return JuryMember(
        id=mid,
        last_name=last,
        first_name=first,
        quality=quality,
        role=role,
        sex=sex,
        email=_email(first, last, STAFF_DOMAIN),
    )


def _value_on(crit: Criterion, frac: float) -> float:
    """A valid value of ``crit`` at ``frac`` (0 = minimum, 1 = maximum) of its scale."""
    frac = min(1.0, max(0.0, frac))
    if crit.levels is not None:
        return float(crit.levels[round(frac * (len(crit.levels) - 1))])
    raw = crit.min + frac * (crit.max - crit.min)
    if crit.step:
        raw = crit.min + round((raw - crit.min) / crit.step) * crit.step
        while raw > crit.max + 1e-9:
            raw -= crit.step
    return round(raw, 4)


def _weighted_mark(ep: Epreuve, values: dict[str, float]) -> float:
    """The mark out of 20 of one scorer on ``ep`` (criteria weights, each scaled to 20)."""
    total_w = sum(c.weight for c in ep.criteria if c.id in values) or 1.0
    s = sum(
        c.weight * (values[c.id] - c.min) / (c.max - c.min) * 20
        for c in ep.criteria
        if c.id in values
    )
    return s / total_w


def _epreuves(kind: SessionKind) -> dict[str, Epreuve]:
    return {e.id: e for e in default_epreuves(kind)}


# --------------------------------------------------------------------------- INFRES 1A

# last name, first name, diploma, ECTS, profile, school of origin, notes, decision text
# profiles: E excellence, S standard, R rejet (weak dossier), X rejet (title not accepted),
# F foreign diploma (standard, jury rules on it), J other French title (standard, jury rules
# on it), M:<document> a required document is missing (not examined)
_INFRES_ROWS: tuple[tuple[str, str, str, int, str, str, str, str], ...] = (
    ("Lefèvre", "Zoé", "BUT Informatique", 120, "E", "IUT de Montpellier-Sète",
     "Major de promotion en 2e année de BUT.",
     "Parcours excellent depuis le baccalauréat (mention très bien) ; avis très favorable de poursuite d'études."),
    ("Bénard", "Maëlys", "BTS SIO option SLAM", 120, "S", "Lycée Jean-Baptiste Dumas, Alès", "", ""),
    ("Œuvrard", "Chloé", "BUT Réseaux et Télécommunications", 120, "E", "IUT de Béziers",
     "Stage de 1re année dans un centre de données ; déléguée de promotion.",
     "Résultats excellents et réguliers (16,4 de moyenne en 2e année) ; avis très favorable."),
    ("Nguyễn", "Thị Ánh", "Cao đẳng Công nghệ thông tin – collège technologique de Hanoï (Viêt Nam)", 180, "F",
     "Hanoi College of Information Technology",
     "Diplôme vietnamien de niveau bac+3 ; attestation de comparabilité ENIC-NARIC jointe. Réside en France depuis 2024.",
     "Diplôme étranger jugé équivalent à un DUT Informatique (attestation ENIC-NARIC, programme détaillé fourni)."),
    ("Wróbel", "Łukasz", "BTS SN option IR", 120, "S", "Lycée Jules-Raimu, Nîmes", "", ""),
    ("Çelik", "Şükrü", "BUT GEII", 120, "S", "IUT de Nîmes", "", ""),
    ("Haddad", "Yasmine", "BUT Informatique", 120, "S", "IUT de Montpellier-Sète",
     "Projet : administration des réseaux d'une collectivité territoriale.", ""),
    ("El Amrani", "Mehdi", "Diplôme universitaire de technologie Génie informatique – EST de Fès (Maroc)", 120, "F",
     "École supérieure de technologie de Fès",
     "Diplôme marocain (DUT, 2 ans après le baccalauréat) ; relevés traduits et certifiés.",
     "Diplôme étranger jugé équivalent au DUT Informatique (programme et volume horaire comparables)."),
    ("Bouzid", "Inès", "BTS SIO option SISR", 120, "S", "Lycée Alphonse-Daudet, Nîmes", "", ""),
    ("Dubois", "Lucas", "BTS Comptabilité et gestion", 120, "X", "Lycée Albert-Camus, Nîmes",
     "Souhaite une reconversion vers l'informatique.",
     "Titre hors liste de la spécialité et sans lien suffisant avec l'informatique et les réseaux."),
    ("Moreau", "Hugo", "BUT Informatique", 120, "S", "IUT d'Aix-Marseille", "", ""),
    ("Laurent", "Emma", "Prépa ATS ingénierie industrielle (après BTS SN option IR)", 120, "S",
     "Lycée Dhuoda, Nîmes", "", ""),
    ("Girard", "Théo", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Béziers", "", ""),
    ("Fontaine", "Léa", "BUT MMI", 120, "S", "IUT de Montpellier-Sète", "", ""),
    ("Rousseau", "Nathan", "BTS SIO option SISR", 120, "R", "Lycée Jean-Baptiste Dumas, Alès", "",
     "Résultats insuffisants en 2e année (moyenne 9,4) ; avis réservé de poursuite d'études."),
    ("Mercier", "Manon", "BUT Informatique", 120, "E", "IUT de Toulouse",
     "Alternance en 2e année de BUT chez un éditeur de logiciels.",
     "Excellent dossier : classée 2e sur 84, avis très favorable, alternance réussie."),
    ("Faure", "Enzo", "DUT Informatique", 120, "S", "IUT d'Avignon",
     "DUT obtenu en 2022, puis trois ans de développement web en entreprise.", ""),
    ("Blanc", "Camille", "BUT GEII", 120, "S", "IUT de Nîmes", "", ""),
    ("Guérin", "Louis", "L1 Mathématiques-informatique", 60, "X", "Université de Montpellier",
     "Inscrit en L2 : 60 crédits ECTS validés à la date du dépôt.",
     "60 crédits ECTS validés : 120 sont exigés en 1re année."),
    ("Aït Ouarab", "Lounès", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Béziers", "", ""),
    ("François", "Jade", "BTS SIO option SLAM", 120, "M:avis de poursuite d'études",
     "Lycée Jean-Baptiste Dumas, Alès", "Avis de poursuite d'études non joint malgré la relance du 10 mars.", ""),
    ("Perrin", "Mathis", "BTS SN option IR", 120, "S", "Lycée Jules-Raimu, Nîmes", "", ""),
    ("Robin", "Lina", "BUT Informatique", 120, "S", "IUT de Montpellier-Sète", "", ""),
    ("Clément", "Gabriel", "Prépa ATS ingénierie industrielle (après BUT GEII)", 120, "S",
     "Lycée Dhuoda, Nîmes", "", ""),
    ("Morin", "Clara", "BUT Informatique", 120, "E", "IUT de Grenoble",
     "Lauréate d'un hackathon régional (cybersécurité).",
     "Parcours remarquable depuis le baccalauréat ; avis très favorable du responsable de formation."),
    ("Khelifi", "Sofiane", "BTS SIO option SISR", 120, "S", "Lycée Philippe-Lamour, Nîmes", "", ""),
    ("Nicolas", "Baptiste", "BUT MMI", 120, "R", "IUT de Montpellier-Sète", "",
     "Dossier fragile (moyenne 9,8, deux modules non validés) et projet sans lien avec la spécialité."),
    ("Henry", "Lou", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Béziers", "", ""),
    ("Roussel", "Maxime", "BTS Management commercial opérationnel", 120, "X", "Lycée Jean-Baptiste Dumas, Alès", "",
     "Titre hors liste de la spécialité, sans lien suffisant avec l'informatique et les réseaux."),
    ("Gauthier", "Océane", "BUT Informatique", 120, "S", "IUT d'Aix-Marseille", "", ""),
    ("Muller", "Antoine",
     "Licence professionnelle Métiers de l'informatique : administration et sécurité des systèmes et des réseaux",
     180, "J", "Université de Perpignan", "Licence professionnelle après un BTS SIO option SISR.",
     "Titre hors liste mais lien suffisant avec la spécialité (administration systèmes et réseaux) : dossier recevable."),
    ("Lemaire", "Anaïs", "BTS SIO option SLAM", 120, "S", "Lycée Philippe-Lamour, Nîmes", "", ""),
    ("Duval", "Raphaël", "BUT GEII", 120, "S", "IUT de Nîmes", "", ""),
    ("Joly", "Éloïse", "BUT Informatique", 120, "E", "IUT de Montpellier-Sète",
     "Mention très bien au baccalauréat, 17,1 de moyenne en 2e année.",
     "Excellence académique : résultats de premier plan sur tout le parcours."),
    ("Fabre", "Noé", "BTS CIEL option A Informatique et réseaux", 120, "J", "Lycée Jules-Raimu, Nîmes",
     "Le BTS CIEL a remplacé le BTS SN option IR en 2023.",
     "BTS CIEL option A : successeur du BTS SN option IR de la liste, jugé recevable par le jury."),
    ("Marchand", "Jeanne", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Béziers", "", ""),
    ("Da Silva", "Tiago", "BTS SN option IR", 120, "S", "Lycée Jules-Raimu, Nîmes", "", ""),
    ("Ferreira", "Inês", "BUT Informatique", 120, "S", "IUT de Toulouse", "", ""),
    ("Traoré", "Moussa", "BUT GEII", 120, "S", "IUT de Nîmes", "", ""),
    ("Diallo", "Aïssatou", "BTS SIO option SISR", 120, "S", "Lycée Alphonse-Daudet, Nîmes", "", ""),
    ("Ndiaye", "Fatou", "BUT Informatique", 120, "R", "IUT d'Avignon", "",
     "Résultats insuffisants au regard des exigences de la formation (moyenne 9,1 au S3)."),
    ("Trần", "Minh Quân", "BUT Informatique", 120, "S", "IUT de Montpellier-Sète", "", ""),
    ("Le Goff", "Yann", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Lannion", "", ""),
    ("Kerbrat", "Gwenaëlle", "CPGE MPSI puis MP* (2 ans)", 120, "E", "Lycée Joffre, Montpellier",
     "Classe préparatoire scientifique, 120 crédits ECTS attribués par le lycée.",
     "Excellent parcours en classe préparatoire scientifique ; projet très construit."),
    ("Fernández", "Álvaro", "BTS SN option IR", 120, "S", "Lycée Jules-Raimu, Nîmes", "", ""),
    ("Santoro", "Giulia", "BUT MMI", 120, "S", "IUT de Montpellier-Sète", "", ""),
    ("Schmitt", "Élise", "BUT Informatique", 120, "M:relevés de notes", "IUT de Strasbourg",
     "Relevés de notes du S3 et du S4 absents du dossier.", ""),
    ("Weber", "Jonas", "DUT Réseaux et Télécommunications", 120, "S", "IUT de Colmar", "", ""),
    ("Petit", "Noémie", "BTS SIO option SLAM", 120, "S", "Lycée Philippe-Lamour, Nîmes", "", ""),
    ("Boyer", "Timothée", "BUT GEII", 120, "R", "IUT de Nîmes", "",
     "Dossier insuffisant (résultats en baisse, absences injustifiées signalées dans l'avis)."),
    ("Renaud", "Axel", "BUT Informatique", 120, "S", "IUT d'Aix-Marseille", "", ""),
    ("Lacroix", "Margaux", "BTS SN option IR", 120, "S", "Lycée Jules-Raimu, Nîmes", "", ""),
    ("Vidal", "Mathéo", "BUT Réseaux et Télécommunications", 120, "S", "IUT de Béziers", "", ""),
    ("Pujol", "Aurélien", "Prépa ATS ingénierie industrielle (après BTS SIO)", 120, "S",
     "Lycée Dhuoda, Nîmes", "", ""),
    ("Chabert", "Solène", "BUT Informatique", 120, "S", "IUT de Montpellier-Sète", "", ""),
    ("Yılmaz", "Elif", "BUT Informatique", 120, "S", "IUT de Lyon 1", "", ""),
    ("Phạm", "Quốc Bảo", "BTS SIO option SISR", 120, "S", "Lycée Alphonse-Daudet, Nîmes", "", ""),
    ("Mansouri", "Rayane", "BUT Réseaux et Télécommunications", 120, "R", "IUT de Béziers", "",
     "Projet professionnel absent de la lettre de motivation ; avis défavorable de poursuite d'études."),
    ("Ben Youssef", "Amine", "BUT GEII", 120, "S", "IUT de Nîmes", "", ""),
    ("Zerrouki", "Nour", "BUT Informatique", 120, "S", "IUT de Montpellier-Sète", "", ""),
)  # fmt: skip

#: jury of the INFRES session: the members who score (president included)
_INFRES_SCORERS = ("prez-martin", "m-dupont", "m-benali", "m-legall", "m-garnier")

_VIDEO_COMMENTS = (
    "Parcours présenté avec clarté.",
    "Projet professionnel encore flou.",
    "Bonne connaissance du rythme de l'alternance.",
    "Motivation sincère, expression hésitante.",
    "Projet orienté cybersécurité, bien argumenté.",
    "Réponses courtes, peu d'exemples concrets.",
    "A déjà une piste d'entreprise d'accueil.",
)


def build_infres_1a() -> Session:
    """Admission in 1st year, INFRES, 60 dossiers: a session in progress."""
    rng = random.Random("infres-1a-2026")
    eps = _epreuves(SessionKind.ADMISSION_1A)
    video, entretien, anglais = eps["video"], eps["entretien"], eps["anglais"]

    info = SessionInfo(
        id="infres-1a-2026",
        title=(
            "Jury de recrutement – Ingénieur INFRES (Informatique et réseaux) par apprentissage, "
            "1re année – session 2026"
        ),
        kind=SessionKind.ADMISSION_1A,
        institution=INSTITUTION,
        place=PLACE,
        dates=[
            dt.date(2026, 4, 1),
            dt.date(2026, 4, 10),
            dt.date(2026, 4, 14),
            dt.date(2026, 4, 15),
            dt.date(2026, 4, 21),
        ],
        appointing_act=ACT_ADMISSION,
        specialty="INFRES",
        places=40,
        status=SessionStatus.IN_PROGRESS,
        # on the 0–4 video scale one level is 5 points out of 20: a one-level difference
        # between members is ordinary, two levels are worth discussing
        divergence_threshold=5.0,
        observations=(
            "Examen des dossiers le 1er avril 2026. Épreuves probatoires du 2 au 16 avril : "
            "entretien vidéo différé pour tous les pré-admissibles, évaluation d'anglais et second "
            "entretien en visioconférence selon le dossier. Première délibération le 10 avril ; "
            "délibération finale et annonce des résultats le 21 avril 2026."
        ),
    )
    jury = [
        _member(
            "prez-martin",
            "Martin",
            "Hélène",
            Quality.ENSEIGNANT_CHERCHEUR,
            Sex.F,
            Role.PRESIDENT,
        ),
        _member("m-dupont", "Dupont", "Jean-Luc", Quality.INGENIEUR, Sex.M),
        _member("m-benali", "Benali", "Nadia", Quality.ENSEIGNANT_CHERCHEUR, Sex.F),
        _member("m-legall", "Le Gall", "Pierre-Yves", Quality.ENSEIGNANT_CHERCHEUR, Sex.M),
        _member("m-garnier", "Garnier", "Thomas", Quality.DIRECTEUR_ETUDES, Sex.M),
        _member("sec-roux", "Roux", "Claire", Quality.ADMINISTRATIF, Sex.F, Role.SECRETAIRE),
    ]
    president = "prez-martin"

    # -- dossiers
    candidates: list[Candidate] = []
    profiles: dict[str, str] = {}
    texts: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for i, (last, first, diploma, ects, profile, school, notes, text) in enumerate(
        _INFRES_ROWS, start=1
    ):
        cid = f"INF26-{i:03d}"
        scholarship = rng.random() < 0.3
        documents = {d: True for d in DOCS_1A}
        if profile.startswith("M:"):
            documents[profile[2:]] = False
        if scholarship:
            documents[DOC_BOURSE] = True
        candidates.append(
            Candidate(
                id=cid,
                last_name=last,
                first_name=first,
                email=_email(first, last, rng.choice(_CANDIDATE_DOMAINS)),
                track=Track.A1,
                specialty="INFRES",
                diploma=diploma,
                foreign_diploma=profile == "F",
                ects=ects,
                scholarship=scholarship,
                programmes=rng.choices((1, 2, 3), weights=(6, 3, 1))[0],
                documents=documents,
                notes=notes,
                extra={"établissement d'origine": school},
            )
        )
        profiles[cid] = profile
        texts[cid] = text
        by_name[last] = cid

    conflicts = [
        Conflict(
            member_id="m-dupont",
            candidate_id=by_name["Traoré"],
            type=ConflictType.COACHED,
            hard=True,
            note=(
                "A préparé le candidat aux entretiens de motivation dans le cadre d'un tutorat "
                "associatif (2025) : ne participe ni à la notation ni à la délibération."
            ),
        ),
        Conflict(
            member_id="m-garnier",
            candidate_id=by_name["Girard"],
            type=ConflictType.COLLEAGUE,
            hard=False,
            note=(
                "Le père du candidat est enseignant au département 2IA, collègue de M. Garnier ; "
                "déclaré, sans lien avec la candidature."
            ),
        ),
    ]

    # -- dossier review (1 April 2026, typed by the secretary during the meeting)
    decisions: list[Decision] = []
    review_day = dt.date(2026, 4, 1)
    standard: list[str] = []
    minute = 30
    for cand in candidates:
        profile = profiles[cand.id]
        if profile.startswith("M:"):
            continue  # incomplete dossier: not examined
        minute += rng.randint(4, 9)
        at = _at(review_day, 9, minute)
        common = {
            "candidate_id": cand.id,
            "stage": DecisionStage.DOSSIER_REVIEW,
            "decided_by": president,
            "recorded_by": "sec-roux",
            "at": at,
        }
        if profile == "E":
            decisions.append(
                Decision(
                    value=DecisionValue.EXCELLENCE,
                    observations=texts[cand.id] + " Dispensé(e) d'épreuves probatoires.",
                    **common,
                )
            )
        elif profile in ("R", "X"):
            decisions.append(Decision(value=DecisionValue.REJET, reason=texts[cand.id], **common))
        else:
            standard.append(cand.id)
            decisions.append(
                Decision(
                    value=DecisionValue.STANDARD,
                    override_reason=texts[cand.id] if profile in ("F", "J") else "",
                    **common,
                )
            )

    # -- tests planned for each pré-admissible candidate
    divergent = by_name["Haddad"]
    coached = by_name["Traoré"]
    rest = [c for c in standard if c not in (divergent, coached)]
    rng.shuffle(rest)
    with_interview = [divergent, *rest[:9]]  # second, live interview (30 min)
    decided = rest[9:29]  # tests done, decided on 10 April
    awaiting = [coached, *rest[29:]]  # tests done (or nearly), to be decided
    planned: dict[str, list[str]] = {}
    for cid in standard:
        eps_for = ["video"]
        if profiles[cid] in ("F", "J") or rng.random() < 0.55:
            eps_for.append("anglais")
        if cid in with_interview:
            eps_for.insert(1, "entretien")
        planned[cid] = eps_for
    for i, cand in enumerate(candidates):
        if cand.id in planned:
            candidates[i] = cand.model_copy(update={"planned_epreuves": planned[cand.id]})

    # -- scores
    scores: list[Score] = []
    marks: dict[str, dict[str, float]] = {cid: {} for cid in standard}

    def video_panel(cid: str) -> list[str]:
        pool = [m for m in _INFRES_SCORERS if not (cid == coached and m == "m-dupont")]
        return sorted(rng.sample(pool, rng.choice((2, 3, 3))), key=_INFRES_SCORERS.index)

    panels: dict[str, dict[str, list[str]]] = {cid: {} for cid in standard}
    abstain_all = set(rng.sample(decided, 2))
    abstain_expression = rng.choice(awaiting[1:])
    for n, cid in enumerate(standard):
        day = dt.date(2026, 4, 6 + n % 4)
        panel = ["prez-martin", "m-benali", "m-legall"] if cid == divergent else video_panel(cid)
        if cid in abstain_all and len(panel) < 3:
            panel = sorted(
                {*panel, next(m for m in _INFRES_SCORERS if m not in panel and m != "m-dupont")},
                key=_INFRES_SCORERS.index,
            )
        panels[cid]["video"] = list(panel)
        mu = rng.choice((1.5, 2.2, 2.8, 3.3))
        base = {c.id: min(4, max(0, round(rng.gauss(mu, 0.6)))) for c in video.criteria}
        # members differ by one level at most, on a few criteria
        drift = {c.id: rng.choice((-1, 1)) for c in video.criteria}
        per_member: list[float] = []
        for k, mid in enumerate(panel):
            at = _at(day, 9 + 2 * k, rng.randint(0, 110))
            if cid in abstain_all and k == len(panel) - 1:
                for crit in video.criteria:
                    scores.append(
                        Score(
                            candidate_id=cid,
                            epreuve_id="video",
                            criterion_id=crit.id,
                            member_id=mid,
                            status=ScoreStatus.ABSTAINED,
                            reason=(
                                "Enregistrement illisible sur mon poste (fichier corrompu) : "
                                "je m'abstiens plutôt que de noter sur une vidéo incomplète."
                            ),
                            at=at,
                        )
                    )
                continue
            if cid == divergent:
                values = {
                    "prez-martin": [4, 4, 4, 4, 3],
                    "m-benali": [1, 2, 1, 1, 2],
                    "m-legall": [3, 3, 2, 3, 3],
                }[mid]
                vals = {c.id: float(v) for c, v in zip(video.criteria, values, strict=True)}
            else:
                vals = {}
                for crit in video.criteria:
                    v = base[crit.id]
                    if rng.random() < 0.2:
                        v = min(4, max(0, v + drift[crit.id]))
                    vals[crit.id] = float(v)
            for crit in video.criteria:
                if cid == abstain_expression and k == 0 and crit.id == "expression":
                    scores.append(
                        Score(
                            candidate_id=cid,
                            epreuve_id="video",
                            criterion_id=crit.id,
                            member_id=mid,
                            status=ScoreStatus.ABSTAINED,
                            reason="Son inaudible sur la seconde moitié de l'enregistrement.",
                            at=at,
                        )
                    )
                    continue
                comment = ""
                if crit.id == "projet" and rng.random() < 0.35:
                    comment = rng.choice(_VIDEO_COMMENTS)
                if cid == divergent and crit.id == "projet":
                    comment = {
                        "prez-martin": "Projet mûri et concret (réseaux d'une collectivité).",
                        "m-benali": "Projet récité, peu convaincant sur l'alternance.",
                        "m-legall": "",
                    }[mid]
                scores.append(
                    Score(
                        candidate_id=cid,
                        epreuve_id="video",
                        criterion_id=crit.id,
                        member_id=mid,
                        value=vals[crit.id],
                        comment=comment,
                        at=at,
                    )
                )
            if not (cid == abstain_expression and k == 0):
                per_member.append(_weighted_mark(video, vals))
        marks[cid]["video"] = sum(per_member) / len(per_member)

    # the hard conflict: the member's recusal is on record
    for crit in video.criteria:
        scores.append(
            Score(
                candidate_id=coached,
                epreuve_id="video",
                criterion_id=crit.id,
                member_id="m-dupont",
                status=ScoreStatus.RECUSED,
                reason="Conflit d'intérêts déclaré : a préparé le candidat aux entretiens.",
                at=_at(dt.date(2026, 4, 6), 9, 5),
            )
        )

    # English: marks imported from the online platform (3 April), two not imported yet
    not_imported = {c for c in awaiting[1:] if "anglais" in planned[c]}
    not_imported = set(sorted(not_imported)[:2])
    for cid in standard:
        if "anglais" not in planned[cid] or cid in not_imported:
            continue
        value = round(min(19.5, max(3.0, rng.gauss(12.5, 3.2))) * 4) / 4
        if anglais.criteria[0].check_value(value):  # pragma: no cover - defensive
            raise AssertionError(value)
        level = "A2" if value < 8 else "B1" if value < 12 else "B2" if value < 16 else "C1"
        scores.append(
            Score(
                candidate_id=cid,
                epreuve_id="anglais",
                criterion_id="niveau",
                member_id=None,
                source=PLATEFORME_ANGLAIS,
                value=value,
                comment=f"Test en ligne du 3 avril 2026 – niveau estimé {level}",
                at=_at(dt.date(2026, 4, 4), 8, 15),
            )
        )
        marks[cid]["anglais"] = value

    # second interview by video call, 14 April (done) and 15 April (to come)
    interview_done = with_interview[:6]
    slots = ((9, 0), (9, 45), (10, 30), (11, 15), (14, 0), (14, 45))
    for n, cid in enumerate(interview_done):
        panel = (
            ["prez-martin", "m-benali", "m-legall"]
            if n % 2 == 0
            else ["m-dupont", "m-garnier", "m-benali"]
        )
        panels[cid]["entretien"] = list(panel)
        hour, minute = slots[n]
        at = _at(dt.date(2026, 4, 14), hour, minute + 35)
        mu20 = rng.choice((9.0, 11.5, 13.5, 15.5))
        if cid == divergent:
            mu20 = 12.5
        base20 = {c.id: min(20.0, max(0.0, rng.gauss(mu20, 1.5))) for c in entretien.criteria}
        per_member = []
        for k, mid in enumerate(panel):
            if cid == divergent:
                offset = {"prez-martin": 4.0, "m-benali": -4.5, "m-legall": 0.5}[mid]
            else:
                offset = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
            vals = {
                c.id: _value_on(c, (base20[c.id] + offset + rng.choice((-0.5, 0, 0.5))) / 20)
                for c in entretien.criteria
            }
            # the last interview of the morning is still being scored by its third member
            submitted = not (n == len(interview_done) - 1 and k == len(panel) - 1)
            for crit in entretien.criteria:
                scores.append(
                    Score(
                        candidate_id=cid,
                        epreuve_id="entretien",
                        criterion_id=crit.id,
                        member_id=mid,
                        value=vals[crit.id],
                        submitted=submitted,
                        at=at + dt.timedelta(minutes=k),
                    )
                )
            per_member.append(_weighted_mark(entretien, vals))
        marks[cid]["entretien"] = sum(per_member) / len(per_member)
    for n, cid in enumerate(with_interview[6:]):
        i = next(i for i, c in enumerate(candidates) if c.id == cid)
        hour, minute = slots[n]
        when = f"Second entretien en visioconférence le 15 avril 2026 à {hour} h {minute:02d}."
        notes = f"{candidates[i].notes} {when}".strip()
        candidates[i] = candidates[i].model_copy(update={"notes": notes})
        panels[cid]["entretien"] = ["prez-martin", "m-benali", "m-legall"]
    # each dossier is scored by the panel assigned to it, not by the whole jury
    for i, cand in enumerate(candidates):
        if panels.get(cand.id):
            candidates[i] = cand.model_copy(update={"panels": panels[cand.id]})
    i = next(i for i, c in enumerate(candidates) if c.id == divergent)
    candidates[i] = candidates[i].model_copy(
        update={
            "notes": candidates[i].notes
            + " Écart de notation important : à examiner en délibération."
        }
    )

    # -- results for the candidates whose tests are complete (deliberation of 10 April)
    for n, cid in enumerate(decided):
        m = marks[cid]
        weights = {"video": video.weight, "anglais": anglais.weight}
        total = sum(weights[k] * m[k] for k in m) / sum(weights[k] for k in m)
        ok = total >= 10
        decisions.append(
            Decision(
                candidate_id=cid,
                stage=DecisionStage.AFTER_TESTS,
                value=DecisionValue.ADMISSIBLE if ok else DecisionValue.NON_ADMISSIBLE,
                reason="" if ok else "Résultats insuffisants aux épreuves probatoires.",
                observations=(
                    "Admissible : admission prononcée à l'agrément de la fiche de projet d'emploi."
                    if ok
                    else ""
                ),
                decided_by=president,
                at=_at(dt.date(2026, 4, 10), 14, 5 + 3 * n),
            )
        )

    return Session(
        info=info,
        jury=jury,
        candidates=candidates,
        epreuves=list(eps.values()),
        conflicts=conflicts,
        decisions=decisions,
        scores=scores,
    )


# --------------------------------------------------------------------------- BAT 2A

_BAT_ROWS: tuple[tuple[str, str, str, int, bool, str, str, str], ...] = (
    ("Lambert", "Clémence", "Master 1 Génie civil – Université de Montpellier", 240, False,
     "pre-admissible", "Stage de M1 en bureau d'études structure (béton armé).", ""),
    ("Boukhris", "Walid", "Master Génie civil – Université de Sfax (Tunisie)", 300, True,
     "pre-admissible", "Master tunisien (5 ans après le baccalauréat) ; relevés traduits.",
     "Diplôme étranger jugé équivalent à un M2 du domaine du bâtiment (programme détaillé fourni)."),
    ("Martinez", "Julien", "M2 Génie civil et infrastructures – Université Grenoble Alpes", 300, False,
     "pre-admissible", "", ""),
    ("Rey", "Océane", "Diplôme d'État d'architecte (grade de master) – ENSA Montpellier", 300, False,
     "pre-admissible",
     "Épreuve orale optionnelle de mécanique des structures demandée par le jury (formation d'architecte).",
     ""),
    ("Vasseur", "Kévin", "Licence professionnelle Métiers du BTP : génie civil et construction", 180, False,
     "rejet", "", "180 crédits ECTS validés : M1 ou au moins 240 ECTS exigés en 2e année."),
    ("Nowak", "Agnieszka", "Master 1 Urbanisme et aménagement – Université Paul-Valéry Montpellier 3", 240,
     False, "rejet", "",
     "M1 validé mais domaine sans lien suffisant avec la spécialité Bâtiment (urbanisme)."),
)  # fmt: skip

_BAT_SCORERS = ("prez-leroy", "m-ferrand", "m-abdelli", "m-garnier")


def build_bat_2a() -> Session:
    """Admission in 2nd year, BAT, 1 place, 6 dossiers: tests done, in deliberation."""
    rng = random.Random("bat-2a-2026")
    eps = _epreuves(SessionKind.ADMISSION_2A)
    info = SessionInfo(
        id="bat-2a-2026",
        title="Jury de recrutement – Ingénieur Bâtiment (BAT) par apprentissage, 2e année – session 2026",
        kind=SessionKind.ADMISSION_2A,
        institution=INSTITUTION,
        place=PLACE,
        dates=[dt.date(2026, 4, 1), dt.date(2026, 4, 13), dt.date(2026, 4, 21)],
        appointing_act=ACT_ADMISSION,
        specialty="BAT",
        places=1,
        status=SessionStatus.DELIBERATION,
        observations=(
            "Une place ouverte en 2e année. Épreuves obligatoires : anglais (30 min) et entretien "
            "de motivation avec le jury (30 min) ; une épreuve orale optionnelle pour une candidate."
        ),
    )
    jury = [
        _member("prez-leroy", "Leroy", "Marc", Quality.ENSEIGNANT_CHERCHEUR, Sex.M, Role.PRESIDENT),
        _member("m-ferrand", "Ferrand", "Sandrine", Quality.INGENIEUR, Sex.F),
        _member("m-abdelli", "Abdelli", "Nora", Quality.ENSEIGNANT_CHERCHEUR, Sex.F),
        _member("m-garnier", "Garnier", "Thomas", Quality.DIRECTEUR_ETUDES, Sex.M),
        _member("sec-roux", "Roux", "Claire", Quality.ADMINISTRATIF, Sex.F, Role.SECRETAIRE),
    ]
    candidates: list[Candidate] = []
    decisions: list[Decision] = []
    scores: list[Score] = []
    for i, (last, first, diploma, ects, foreign, review, notes, text) in enumerate(
        _BAT_ROWS, start=1
    ):
        cid = f"BAT26-{i:03d}"
        scholarship = rng.random() < 0.25
        documents = {d: True for d in DOCS_2A}
        if scholarship:
            documents[DOC_BOURSE] = True
        planned = ["anglais", "entretien", "oral-option"] if last == "Rey" else []
        candidates.append(
            Candidate(
                id=cid,
                last_name=last,
                first_name=first,
                email=_email(first, last, rng.choice(_CANDIDATE_DOMAINS)),
                track=Track.A2,
                specialty="BAT",
                diploma=diploma,
                foreign_diploma=foreign,
                ects=ects,
                scholarship=scholarship,
                programmes=rng.choice((1, 1, 2)),
                documents=documents,
                planned_epreuves=planned,
                notes=notes,
            )
        )
        at = _at(dt.date(2026, 4, 1), 14, 10 * i)
        if review == "rejet":
            decisions.append(
                Decision(
                    candidate_id=cid,
                    stage=DecisionStage.DOSSIER_REVIEW,
                    value=DecisionValue.REJET,
                    reason=text,
                    decided_by="prez-leroy",
                    recorded_by="sec-roux",
                    at=at,
                )
            )
            continue
        decisions.append(
            Decision(
                candidate_id=cid,
                stage=DecisionStage.DOSSIER_REVIEW,
                value=DecisionValue.PRE_ADMISSIBLE,
                override_reason=text,
                decided_by="prez-leroy",
                recorded_by="sec-roux",
                at=at,
            )
        )
        # English from the platform, interview (and optional oral) with the whole jury
        english = round(min(19.0, max(6.0, rng.gauss(13.0, 2.5))) * 4) / 4
        scores.append(
            Score(
                candidate_id=cid,
                epreuve_id="anglais",
                criterion_id="niveau",
                source=PLATEFORME_ANGLAIS,
                value=english,
                comment="Test en ligne du 3 avril 2026",
                at=_at(dt.date(2026, 4, 4), 8, 20),
            )
        )
        slot = _at(dt.date(2026, 4, 13), 9, 45 * (i - 1) + 32)
        mu = rng.choice((11.0, 13.0, 15.0))
        for ep_id in ("entretien", "oral-option") if planned else ("entretien",):
            ep = eps[ep_id]
            if ep_id == "oral-option":
                slot = _at(dt.date(2026, 4, 13), 14, 30)
            for k, mid in enumerate(_BAT_SCORERS):
                offset = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
                for crit in ep.criteria:
                    v = _value_on(crit, (mu + offset + rng.choice((-1, -0.5, 0, 0.5, 1))) / 20)
                    scores.append(
                        Score(
                            candidate_id=cid,
                            epreuve_id=ep_id,
                            criterion_id=crit.id,
                            member_id=mid,
                            value=v,
                            at=slot + dt.timedelta(minutes=k),
                        )
                    )
    return Session(
        info=info,
        jury=jury,
        candidates=candidates,
        epreuves=list(eps.values()),
        decisions=decisions,
        scores=scores,
    )


# --------------------------------------------------------------------------- VAE

VAE_BLOCS: tuple[tuple[str, str], ...] = (
    (
        "B1",
        "Analyser, modéliser et résoudre un problème complexe d'ingénierie en mobilisant les "
        "sciences et technologies de l'informatique et des réseaux",
    ),
    (
        "B2",
        "Concevoir, piloter et conduire un projet d'ingénierie jusqu'à sa mise en œuvre et son "
        "exploitation",
    ),
    ("B3", "Manager une équipe, animer la coopération et conduire le changement"),
    (
        "B4",
        "Intégrer dans ses décisions les enjeux économiques, éthiques, sociaux et "
        "environnementaux de l'entreprise",
    ),
    ("B5", "Travailler en contexte international et multiculturel, notamment en anglais"),
    ("B6", "Innover, entreprendre et créer de la valeur"),
)


def build_vae_ingenieur() -> Session:
    """VAE validation jury for the engineering degree: 2 candidates, being prepared."""
    info = SessionInfo(
        id="vae-ingenieur-2026",
        title=(
            "Jury de validation des acquis de l'expérience – Ingénieur diplômé de l'École "
            "nationale supérieure des mines d'Alès, spécialité Informatique et réseaux – "
            "session 2026"
        ),
        kind=SessionKind.VAE_VALIDATION,
        institution=INSTITUTION,
        place=PLACE,
        dates=[dt.date(2026, 6, 18)],
        appointing_act=(
            "Décision n° 2026-052 du directeur d'IMT Mines Alès du 4 mai 2026 portant "
            "composition du jury de validation des acquis de l'expérience"
        ),
        specialty="INFRES",
        places=0,
        status=SessionStatus.PREPARATION,
        blocs=[Bloc(id=b, label=label) for b, label in VAE_BLOCS],
        observations=(
            "Soutenances le 18 juin 2026 : exposé oral ininterrompu de 45 minutes suivi d'au "
            "moins 1 h 30 de questions. Mme Haddou à 8 h 30, M. Boulanger à 13 h 30."
        ),
    )
    jury = [
        _member(
            "prez-delmas",
            "Delmas",
            "Anne-Sophie",
            Quality.ENSEIGNANT_CHERCHEUR,
            Sex.F,
            Role.PRESIDENT,
        ),
        _member("m-valette", "Valette", "Jérôme", Quality.ENSEIGNANT_CHERCHEUR, Sex.M),
        _member("m-benali", "Benali", "Nadia", Quality.ENSEIGNANT_CHERCHEUR, Sex.F),
        _member("m-chassagne", "Chassagne", "Olivier", Quality.INGENIEUR, Sex.M),
        _member("m-marty", "Marty", "Céline", Quality.INGENIEUR, Sex.F),
        _member("m-ouali", "Ouali", "Karim", Quality.INGENIEUR, Sex.M),
        _member("m-combes", "Combes", "Isabelle", Quality.DIRECTEUR_ETUDES, Sex.F),
        _member(
            "sec-soulier", "Soulier", "Mireille", Quality.ADMINISTRATIF, Sex.F, Role.SECRETAIRE
        ),
    ]
    docs = {
        "mémoire professionnel (recevabilité)": True,
        "dossier d'analyse de l'expérience": True,
        "justificatifs d'emploi (bulletins de paie, contrats)": True,
        "lettres de recommandation": True,
        "attestation TOEIC": True,
    }
    candidates = [
        Candidate(
            id="VAE26-001",
            last_name="Haddou",
            first_name="Samira",
            email=_email("Samira", "Haddou", "example.org"),
            track=Track.VAE,
            specialty="INFRES",
            diploma="Licence professionnelle Réseaux et télécommunications (2006)",
            toeic=880,
            international_experience=True,
            recevabilite_date=dt.date(2025, 1, 20),
            validation_filed_date=dt.date(2026, 4, 10),
            dossier_pages=86,
            documents=dict(docs),
            notes=(
                "Responsable d'exploitation réseaux chez un opérateur d'infrastructures, 19 ans "
                "d'expérience dont deux ans d'expatriation à Montréal ; pilote des projets avec "
                "des équipes en Inde et en Allemagne."
            ),
            extra={"accompagnement VAE": "oui (20 heures)"},
        ),
        Candidate(
            id="VAE26-002",
            last_name="Boulanger",
            first_name="Frédéric",
            email=_email("Frédéric", "Boulanger", "example.net"),
            track=Track.VAE,
            specialty="INFRES",
            diploma="DUT Génie électrique et informatique industrielle (1999)",
            toeic=835,
            international_experience=True,
            recevabilite_date=dt.date(2024, 10, 15),
            validation_filed_date=dt.date(2026, 3, 27),
            dossier_pages=94,
            documents=dict(docs),
            notes=(
                "Architecte réseaux et sécurité, 22 ans d'expérience dont quatre ans à Singapour ; "
                "encadre une équipe de neuf ingénieurs."
            ),
            extra={"accompagnement VAE": "non"},
        ),
    ]
    return Session(
        info=info,
        jury=jury,
        candidates=candidates,
        epreuves=default_epreuves(SessionKind.VAE_VALIDATION),
    )


# --------------------------------------------------------------------------- contrat pro

# last, first, department, option, company, company tutor, TOEIC, international stay
_CP_ROWS: tuple[tuple[str, str, str, str, str, str, int | None, bool], ...] = (
    ("Martin", "Léo", "2IA", "Ingénierie logicielle", "Société cévenole de logiciels", "M. Arnal", 845, True),
    ("Benhamed", "Sarah", "2IA", "Intelligence artificielle et science des données",
     "Occitanie Data Services", "Mme Roca", 905, True),
    ("Lopez", "Hugo", "GCBD", "Bâtiment et Énergie", "Gardon Construction", "M. Sabatier", 790, True),
    ("Vũ", "Thanh Tâm", "GCBD", "Infrastructures et Grands Ouvrages", "Rhône Ouvrages d'art",
     "Mme Delorme", 870, True),
    ("Durand", "Pauline", "PRISM", "Systèmes industriels et transition numérique",
     "Cévennes Industrie 4.0", "M. Chapon", 815, True),
    ("Ouédraogo", "Issa", "PRISM", "Ingénierie des systèmes mécatroniques", "Mécatronique du Gard",
     "M. Fabrègue", 860, True),
    ("Lebrun", "Mathilde", "2IA", "Ingénierie logicielle", "Garrigue Numérique", "Mme Vézian", None, True),
    ("Kaczmarek", "Paweł", "PRISM", "Systèmes industriels et transition numérique",
     "Alès Process Automation", "M. Reboul", 800, False),
)  # fmt: skip

_CP_TUTORS = {"2IA": "m-aubert", "GCBD": "m-haddadi", "PRISM": "m-teyssier"}
_CP_DEPARTMENTS = {
    "2IA": "2IA – Informatique et intelligence artificielle",
    "GCBD": "GCBD – Génie civil et bâtiment durable",
    "PRISM": "PRISM – Performance industrielle et systèmes mécatroniques",
}


def build_contrat_pro() -> Session:
    """Grading of the S9 company project of 8 students in professional contracts (closed)."""
    rng = random.Random("contrat-pro-s9-2026")
    eps = _epreuves(SessionKind.CONTRAT_PRO)
    demarche, rapport, tuteur = eps["demarche"], eps["rapport"], eps["tuteur"]
    info = SessionInfo(
        id="contrat-pro-s9-2026",
        title=(
            "Jury du projet d'entreprise (S9) – élèves ingénieurs en contrat de "
            "professionnalisation – année 2025-2026"
        ),
        kind=SessionKind.CONTRAT_PRO,
        institution=INSTITUTION,
        place="Alès – salle 212, site de Clavières",
        dates=[dt.date(2026, 1, 20)],
        appointing_act=(
            "Décision n° 2026-003 du directeur d'IMT Mines Alès du 8 janvier 2026 portant "
            "composition du jury des contrats de professionnalisation"
        ),
        status=SessionStatus.CLOSED,
        observations=(
            "Note du projet d'entreprise S9 (10 ECTS) = 0,2 × conduite de la démarche + 0,4 × "
            "bilan écrit (tuteur école) + 0,4 × note du tuteur entreprise."
        ),
    )
    jury = [
        _member(
            "prez-combes",
            "Combes",
            "Isabelle",
            Quality.DIRECTEUR_ETUDES,
            Sex.F,
            Role.PRESIDENT,
        ),
        _member("m-pages", "Pagès", "Laurence", Quality.AUTRE, Sex.F),
        _member("m-aubert", "Aubert", "Sophie", Quality.ENSEIGNANT_CHERCHEUR, Sex.F),
        _member("m-haddadi", "Haddadi", "Karim", Quality.ENSEIGNANT_CHERCHEUR, Sex.M),
        _member("m-teyssier", "Teyssier", "Vincent", Quality.ENSEIGNANT_CHERCHEUR, Sex.M),
        _member("sec-brunel", "Brunel", "Delphine", Quality.ADMINISTRATIF, Sex.F, Role.SECRETAIRE),
    ]
    tutor_names = {m.id: m.full_name for m in jury}
    candidates: list[Candidate] = []
    scores: list[Score] = []
    decisions: list[Decision] = []
    for i, (last, first, dept, option, company, ctutor, toeic, sio) in enumerate(_CP_ROWS, 1):
        cid = f"CP26-{i:03d}"
        weak = last == "Kaczmarek"
        notes = []
        if toeic is None:
            notes.append(
                "TOEIC non validé : contrat pro sous la seule responsabilité de l'élève, "
                "non diplômé sans TOEIC avant le PFE."
            )
        if not sio:
            notes.append("Séjour à l'international obligatoire non encore validé.")
        candidates.append(
            Candidate(
                id=cid,
                last_name=last,
                first_name=first,
                email=_email(first, last, "example.org"),
                track=Track.CONTRAT_PRO,
                specialty=f"{_CP_DEPARTMENTS[dept]}, option {option}",
                diploma="Élève ingénieur en 3e année (M2)",
                toeic=toeic,
                international_experience=sio,
                documents={
                    "fiche contact Contrat Pro": True,
                    "contrat de travail (CERFA 12434)": True,
                    "convention de formation signée": True,
                    "carnet de présences": not weak,
                },
                notes=" ".join(notes),
                extra={
                    "département": dept,
                    "entreprise": company,
                    "tuteur entreprise": ctutor,
                    "tuteur école": tutor_names[_CP_TUTORS[dept]],
                },
            )
        )
        # 1. the procedure, marked by the contrats-pro office
        steps: dict[str, float] = {}
        for crit in demarche.criteria:
            top = crit.levels[-1] if crit.levels else crit.max
            if weak:
                v = rng.choice(crit.levels or [0.0])
            else:
                v = top if rng.random() < 0.85 else crit.levels[-2]
            steps[crit.id] = float(v)
            scores.append(
                Score(
                    candidate_id=cid,
                    epreuve_id="demarche",
                    criterion_id=crit.id,
                    member_id="m-pages",
                    value=float(v),
                    at=_at(dt.date(2026, 1, 12), 10, 2 * i),
                )
            )
        # 2. the written report, marked by the school tutor
        mu = 8.0 if weak else rng.choice((12.0, 13.5, 15.0, 16.5))
        rvals = {}
        for crit in rapport.criteria:
            v = _value_on(crit, (mu + rng.choice((-1.5, -0.5, 0, 0.5, 1.5))) / 20)
            rvals[crit.id] = v
            scores.append(
                Score(
                    candidate_id=cid,
                    epreuve_id="rapport",
                    criterion_id=crit.id,
                    member_id=_CP_TUTORS[dept],
                    value=v,
                    at=_at(dt.date(2026, 1, 14), 16, 3 * i),
                )
            )
        # 3. the company tutor's mark (fiche « Avant PFE »)
        tval = 9.0 if weak else round(min(19.5, max(10.0, rng.gauss(15.0, 1.8))) * 4) / 4
        scores.append(
            Score(
                candidate_id=cid,
                epreuve_id="tuteur",
                criterion_id="note",
                source=TUTEUR_ENTREPRISE,
                value=tval,
                comment=f"Fiche « Avant PFE » de {ctutor} ({company}) reçue le 19 décembre 2025",
                at=_at(dt.date(2026, 1, 5), 9, i),
            )
        )
        total = (
            demarche.weight * _weighted_mark(demarche, steps)
            + rapport.weight * _weighted_mark(rapport, rvals)
            + tuteur.weight * tval
        ) / (demarche.weight + rapport.weight + tuteur.weight)
        ok = total >= 10
        decisions.append(
            Decision(
                candidate_id=cid,
                stage=DecisionStage.CONTRAT_PRO,
                value=DecisionValue.VALIDE if ok else DecisionValue.NON_VALIDE,
                observations=f"Note du projet d'entreprise S9 : {total:.2f}/20".replace(".", ","),
                reason=""
                if ok
                else "Démarche incomplète (carnet de présences non tenu) et bilan écrit insuffisant.",
                recommendations=""
                if ok
                else "Remettre un bilan écrit complété et le carnet de présences avant le départ en PFE.",
                decided_by="prez-combes",
                at=_at(dt.date(2026, 1, 20), 11, 4 * i),
            )
        )
    return Session(
        info=info,
        jury=jury,
        candidates=candidates,
        epreuves=list(eps.values()),
        decisions=decisions,
        scores=scores,
    )


# --------------------------------------------------------------------------- benchmarks

_FIRST_NAMES = (
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Théo", "Camille", "Enzo",
    "Zoé", "Louis", "Jade", "Mathis", "Maëlys", "Raphaël", "Anaïs", "Noé", "Éloïse", "Yanis",
    "Sarah", "Adam", "Océane", "Rayane", "Léna", "Gabriel", "Aïcha", "Bilal", "Clémence", "Kévin",
    "Łukasz", "Şükrü", "Thị Ánh", "Minh Quân", "Álvaro", "Inês", "Giulia", "Jonas", "Elif", "Lounès",
)  # fmt: skip
_LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Benali", "El Amrani", "Haddad", "Traoré", "Diallo", "Nguyễn", "Trần",
    "Wróbel", "Çelik", "Yılmaz", "Œuvrard", "Bénard", "Aït Ouarab", "Da Silva", "Le Goff",
)  # fmt: skip
_BENCH_DIPLOMAS = (
    "BUT Informatique",
    "BUT Réseaux et Télécommunications",
    "BUT GEII",
    "BUT MMI",
    "BTS SIO option SLAM",
    "BTS SIO option SISR",
    "BTS SN option IR",
    "Prépa ATS ingénierie industrielle",
)
_BENCH_QUALITIES = (Quality.ENSEIGNANT_CHERCHEUR, Quality.INGENIEUR, Quality.DIRECTEUR_ETUDES)


def generate_admission_session(
    n: int, *, members: int = 3, epreuves: int = 4, seed: int = 0
) -> Session:
    """A synthetic 1st-year admission session with ``n`` dossiers, for benchmarks.

    The jury has ``members`` members plus a president and a secretary.  The session has the
    first ``epreuves`` épreuves of a 1A session (video, interview, English), then copies of
    the interview rubric as extra optional orals (``oral-2``, ``oral-3``...).  Every dossier is
    classified *standard* with all those épreuves planned, and each of the ``members``
    members scores every criterion of every épreuve for every candidate, so the session holds
    ``n × members × (criteria of the épreuves)`` scores.
    """
    if n < 0 or members < 1 or epreuves < 1:
        raise ValueError("n >= 0, members >= 1 and epreuves >= 1 are required")
    rng = random.Random(seed)
    eps = default_epreuves(SessionKind.ADMISSION_1A)
    interview = next(e for e in eps if e.kind is EpreuveKind.MOTIVATION_INTERVIEW)
    k = 2
    while len(eps) < epreuves:
        data = interview.model_dump()
        data.update(
            id=f"oral-{k}",
            name=f"Épreuve orale complémentaire n° {k}",
            kind=EpreuveKind.OPTIONAL_ORAL,
            optional=True,
            weight=1.0,
        )
        eps.append(Epreuve.model_validate(data))
        k += 1
    eps = eps[:epreuves]
    planned = [e.id for e in eps]

    info = SessionInfo(
        id=f"bench-admission-{n}",
        title=f"Session de test – admission 1re année INFRES – {n} dossiers",
        kind=SessionKind.ADMISSION_1A,
        institution=INSTITUTION,
        place=PLACE,
        dates=[dt.date(2026, 4, 1), dt.date(2026, 4, 21)],
        appointing_act=ACT_ADMISSION,
        specialty="INFRES",
        places=40,
        status=SessionStatus.IN_PROGRESS,
    )
    jury = [
        _member(
            "prez-bench", "Martin", "Hélène", Quality.ENSEIGNANT_CHERCHEUR, Sex.F, Role.PRESIDENT
        )
    ]
    member_ids: list[str] = []
    for j in range(1, members + 1):
        mid = f"m-{j:02d}"
        member_ids.append(mid)
        jury.append(
            _member(
                mid,
                rng.choice(_LAST_NAMES),
                rng.choice(_FIRST_NAMES),
                _BENCH_QUALITIES[j % len(_BENCH_QUALITIES)],
                rng.choice((Sex.F, Sex.M)),
            )
        )
    jury.append(
        _member("sec-bench", "Roux", "Claire", Quality.ADMINISTRATIF, Sex.F, Role.SECRETAIRE)
    )

    candidates: list[Candidate] = []
    decisions: list[Decision] = []
    scores: list[Score] = []
    review_at = _at(dt.date(2026, 4, 1), 9)
    for i in range(1, n + 1):
        cid = f"C{i:05d}"
        last, first = rng.choice(_LAST_NAMES), rng.choice(_FIRST_NAMES)
        scholarship = rng.random() < 0.3
        candidates.append(
            Candidate(
                id=cid,
                last_name=last,
                first_name=first,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}.{i}@example.org",
                track=Track.A1,
                specialty="INFRES",
                diploma=rng.choice(_BENCH_DIPLOMAS),
                ects=120,
                scholarship=scholarship,
                programmes=rng.choice((1, 1, 2, 3)),
                documents={d: True for d in DOCS_1A},
                planned_epreuves=list(planned),
            )
        )
        decisions.append(
            Decision(
                candidate_id=cid,
                stage=DecisionStage.DOSSIER_REVIEW,
                value=DecisionValue.STANDARD,
                decided_by="prez-bench",
                at=review_at + dt.timedelta(seconds=i),
            )
        )
        level = rng.random()
        for e_idx, ep in enumerate(eps):
            for m_idx, mid in enumerate(member_ids):
                at = _at(dt.date(2026, 4, 6 + e_idx % 10), 8, (i * 7 + m_idx) % 600)
                for crit in ep.criteria:
                    scores.append(
                        Score(
                            candidate_id=cid,
                            epreuve_id=ep.id,
                            criterion_id=crit.id,
                            member_id=mid,
                            value=_value_on(crit, level + rng.uniform(-0.15, 0.15)),
                            at=at,
                        )
                    )
    return Session(
        info=info,
        jury=jury,
        candidates=candidates,
        epreuves=eps,
        decisions=decisions,
        scores=scores,
    )


# --------------------------------------------------------------------------- writing

#: The bundled samples, by session id, in the order they are written.
SAMPLES: dict[str, Callable[[], Session]] = {
    "infres-1a-2026": build_infres_1a,
    "bat-2a-2026": build_bat_2a,
    "vae-ingenieur-2026": build_vae_ingenieur,
    "contrat-pro-s9-2026": build_contrat_pro,
}


def build_samples() -> list[Session]:
    """The four sample sessions, freshly built."""
    return [build() for build in SAMPLES.values()]


def write_samples(outdir: Path) -> list[Path]:
    """Write every sample as ``outdir/<id>.jury`` (replacing that folder), return the paths.

    Only the ``<id>.jury`` folders of the samples are removed and rewritten; nothing else in
    ``outdir`` is touched.  The folders are written without their ``backups/``.
    """
    from .store.session_store import SessionStore

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for session in build_samples():
        path = outdir / f"{session.info.id}.jury"
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        SessionStore.create(path, session, actor="system")
        # opening a new session backs it up; a bundled sample needs no backup of itself
        shutil.rmtree(path / "backups", ignore_errors=True)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m juryapp.samples OUTDIR``: (re)write the sample sessions into OUTDIR."""
    parser = argparse.ArgumentParser(
        prog="python -m juryapp.samples",
        description="Écrit les sessions d'exemple (dossiers <id>.jury) dans OUTDIR, "
        "en remplaçant celles qui existent déjà.",
    )
    parser.add_argument("outdir", type=Path, help="dossier de destination")
    args = parser.parse_args(argv)
    for path in write_samples(args.outdir):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
