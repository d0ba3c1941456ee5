"""What each kind of session looks like: default épreuves, decision stages and values.

Pure data and functions, no I/O.  Every call of :func:`default_epreuves` builds fresh
objects, so a caller may edit them freely.

Decisions per kind (stage -> values):

* ``admission-1a``: ``dossier-review`` -> excellence / standard / rejet;
  ``after-tests`` -> admissible / non-admissible.  On the command line, ``pre-admissible``
  is accepted for a 1A session as a synonym of ``standard`` (the standard track *is*
  pré-admissibilité, seed 001 §5.1.2).
* ``admission-2a``: ``dossier-review`` -> pre-admissible / rejet;
  ``after-tests`` -> admissible / non-admissible.
* ``vae-recevabilite``: ``dossier-review`` -> admissible / non-admissible, **displayed as
  « Recevable » / « Non recevable »** (see :func:`decision_label`).  The model has no
  ``recevable`` value, so the existing ones are reused; the words ``recevable`` and
  ``non-recevable`` are accepted by :func:`parse_decision`.
* ``vae-validation`` and ``cqpm``: ``vae`` -> totale / partielle / refus.
* ``contrat-pro``: ``contrat-pro`` -> valide / non-valide.
"""

from __future__ import annotations

import re
import unicodedata

from juryapp.i18n import N_, _

from .models import (
    Criterion,
    DecisionStage,
    DecisionValue,
    Epreuve,
    EpreuveKind,
    JuryMember,
    Phase,
    Presence,
    Quality,
    Role,
    SessionKind,
    SessionStatus,
    Sex,
    Track,
)

# --------------------------------------------------------------------------- labels
# The labels are French msgids (marked with N_): show them with ``_(LABELS[x])``.

DECISION_LABELS: dict[DecisionValue, str] = {
    DecisionValue.EXCELLENCE: N_("Excellence académique (admissible)"),
    DecisionValue.STANDARD: N_("Voie standard (pré-admissible)"),
    DecisionValue.PRE_ADMISSIBLE: N_("Pré-admissible"),
    DecisionValue.REJET: N_("Rejet de la candidature"),
    DecisionValue.ADMISSIBLE: N_("Admissible"),
    DecisionValue.NON_ADMISSIBLE: N_("Non admissible"),
    DecisionValue.TOTALE: N_("Validation totale"),
    DecisionValue.PARTIELLE: N_("Validation partielle"),
    DecisionValue.REFUS: N_("Pas de validation"),
    DecisionValue.VALIDE: N_("Validé"),
    DecisionValue.NON_VALIDE: N_("Non validé"),
}

#: Labels that differ for one kind of session (recevabilité reuses admissible/non-admissible).
_KIND_DECISION_LABELS: dict[tuple[SessionKind, DecisionValue], str] = {
    (SessionKind.VAE_RECEVABILITE, DecisionValue.ADMISSIBLE): N_("Recevable"),
    (SessionKind.VAE_RECEVABILITE, DecisionValue.NON_ADMISSIBLE): N_("Non recevable"),
}

STAGE_LABELS: dict[DecisionStage, str] = {
    DecisionStage.DOSSIER_REVIEW: N_("Examen du dossier"),
    DecisionStage.AFTER_TESTS: N_("Après les épreuves probatoires"),
    DecisionStage.VAE: N_("Décision du jury de validation"),
    DecisionStage.CONTRAT_PRO: N_("Projet d'entreprise (S9)"),
}

KIND_LABELS: dict[SessionKind, str] = {
    SessionKind.ADMISSION_1A: N_("Admission en 1re année (apprentissage)"),
    SessionKind.ADMISSION_2A: N_("Admission en 2e année (apprentissage)"),
    SessionKind.VAE_RECEVABILITE: N_("VAE — jury de recevabilité"),
    SessionKind.VAE_VALIDATION: N_("VAE — jury de validation (diplôme d'ingénieur)"),
    SessionKind.CQPM: N_("VAE — CQPM (métallurgie)"),
    SessionKind.CONTRAT_PRO: N_("Contrat de professionnalisation — projet d'entreprise S9"),
}

QUALITY_LABELS: dict[Quality, str] = {
    Quality.ENSEIGNANT_CHERCHEUR: N_("Enseignant-chercheur"),
    Quality.INGENIEUR: N_("Ingénieur en exercice"),
    Quality.DIRECTEUR_ETUDES: N_("Directeur des études"),
    Quality.PROFESSIONNEL: N_("Professionnel du métier"),
    Quality.ADMINISTRATIF: N_("Personnel administratif"),
    Quality.AUTRE: N_("Personnalité extérieure"),
}

#: a candidate's track as the jury says it (French msgids; the codes 1A, 2A, VAE, CQPM are
#: said as they are)
TRACK_LABELS: dict[Track, str] = {
    Track.A1: "1A",
    Track.A2: "2A",
    Track.VAE: "VAE",
    Track.CQPM: "CQPM",
    Track.CONTRAT_PRO: N_("contrat de professionnalisation"),
}

ROLE_LABELS: dict[Role, str] = {
    Role.PRESIDENT: N_("Président du jury"),
    Role.MEMBRE: N_("Membre du jury"),
    Role.SECRETAIRE: N_("Secrétaire"),
}

#: the roles of a woman, where French says them in the feminine (French msgids)
FEMININE_ROLE_LABELS: dict[Role, str] = {Role.PRESIDENT: N_("Présidente du jury")}

#: the qualities of a woman, where French says them in the feminine (French msgids)
FEMININE_QUALITY_LABELS: dict[Quality, str] = {
    Quality.ENSEIGNANT_CHERCHEUR: N_("Enseignante-chercheuse"),
    Quality.INGENIEUR: N_("Ingénieure en exercice"),
    Quality.DIRECTEUR_ETUDES: N_("Directrice des études"),
    Quality.PROFESSIONNEL: N_("Professionnelle du métier"),
}


def only_the_president(president: JuryMember | None) -> str:
    """« seul le président du jury », « seule la présidente du jury »: who decides, as a
    message says it (translated)."""
    if president is not None and president.sex is Sex.F:
        return _("seule la présidente du jury")
    return _("seul le président du jury")


def the_secretary(secretary: JuryMember | None) -> str:
    """« le secrétaire », « la secrétaire » (translated)."""
    if secretary is not None and secretary.sex is Sex.F:
        return _("la secrétaire")
    return _("le secrétaire")


def role_label_of(member: JuryMember) -> str:
    """The French msgid of ``member``'s role, in the feminine for a woman."""
    if member.sex is Sex.F and member.role in FEMININE_ROLE_LABELS:
        return FEMININE_ROLE_LABELS[member.role]
    return ROLE_LABELS[member.role]


def quality_label_of(member: JuryMember) -> str:
    """The French msgid of ``member``'s quality, in the feminine for a woman."""
    if member.sex is Sex.F and member.quality in FEMININE_QUALITY_LABELS:
        return FEMININE_QUALITY_LABELS[member.quality]
    return QUALITY_LABELS[member.quality]


def presence_label_of(member: JuryMember) -> str:
    """The French msgid of ``member``'s presence, in the feminine for a woman."""
    if member.sex is Sex.F:
        return FEMININE_PRESENCE_LABELS[member.presence]
    return PRESENCE_LABELS[member.presence]


STATUS_LABELS: dict[SessionStatus, str] = {
    SessionStatus.PREPARATION: N_("En préparation"),
    SessionStatus.IN_PROGRESS: N_("En cours"),
    SessionStatus.DELIBERATION: N_("En délibération"),
    SessionStatus.CLOSED: N_("Close"),
    SessionStatus.SIGNED: N_("Procès-verbal signé"),
}

SEX_LABELS: dict[Sex, str] = {Sex.F: N_("Femme"), Sex.M: N_("Homme"), Sex.X: N_("Non renseigné")}

PRESENCE_LABELS: dict[Presence, str] = {
    Presence.PRESENT: N_("Présent"),
    Presence.ABSENT: N_("Absent"),
    Presence.EXCUSED: N_("Excusé"),
}
FEMININE_PRESENCE_LABELS: dict[Presence, str] = {
    Presence.PRESENT: N_("Présente"),
    Presence.ABSENT: N_("Absente"),
    Presence.EXCUSED: N_("Excusée"),
}

EPREUVE_KIND_LABELS: dict[EpreuveKind, str] = {
    EpreuveKind.DOSSIER_REVIEW: N_("Examen du dossier"),
    EpreuveKind.MOTIVATION_VIDEO: N_("Entretien de motivation vidéo différé"),
    EpreuveKind.MOTIVATION_INTERVIEW: N_("Entretien de motivation"),
    EpreuveKind.ENGLISH: N_("Évaluation du niveau d'anglais"),
    EpreuveKind.OPTIONAL_ORAL: N_("Épreuve orale optionnelle"),
    EpreuveKind.VAE_DEFENCE: N_("Soutenance / entretien avec le jury"),
    EpreuveKind.WORK_SITUATION: N_("Mise en situation professionnelle"),
    EpreuveKind.CONTRAT_PRO_STEPS: N_("Conduite de la démarche contrat pro"),
    EpreuveKind.WRITTEN_REPORT: N_("Bilan écrit (tuteur école)"),
    EpreuveKind.COMPANY_TUTOR: N_("Appréciation du tuteur entreprise"),
}


def decision_label(kind: SessionKind, value: DecisionValue) -> str:
    """The label of ``value`` as it reads for a session of ``kind``, in the current language.

    >>> decision_label(SessionKind.VAE_RECEVABILITE, DecisionValue.ADMISSIBLE)
    'Recevable'
    """
    return _(_KIND_DECISION_LABELS.get((kind, value), DECISION_LABELS[value]))


# --------------------------------------------------------------------------- rubrics

_LEVELS_0_4 = {
    "0": "Insuffisant : absent ou hors sujet",
    "1": "Fragile : éléments épars, peu convaincants",
    "2": "Satisfaisant : attendu atteint sans plus",
    "3": "Bon : clair, argumenté, personnel",
    "4": "Excellent : remarquable, au-delà des attendus",
}

_ANCHORS_20 = {
    "0": "Rien de recevable",
    "5": "Très insuffisant",
    "10": "Attendus tout juste atteints",
    "15": "Bon niveau, argumenté",
    "20": "Excellent, sans réserve",
}

_ACQUIS_0_3 = {
    "0": "Non acquis : aucune situation probante",
    "1": "Partiellement acquis : situations isolées ou de niveau technicien",
    "2": "Acquis : situations probantes de niveau ingénieur",
    "3": "Maîtrisé : niveau ingénieur confirmé, transférable",
}

_DONE_0_1 = {"0": "Non fait", "1": "Fait"}
_DONE_0_2 = {"0": "Non fait", "1": "Fait partiellement", "2": "Complet"}


def _c20(cid: str, label: str, weight: float = 1.0, step: float | None = 0.5) -> Criterion:
    return Criterion(
        id=cid,
        label=label,
        min=0,
        max=20,
        step=step,
        weight=weight,
        descriptors=dict(_ANCHORS_20),
    )


def _clevels(
    cid: str, label: str, levels: list[float], descriptors: dict[str, str], weight: float = 1.0
) -> Criterion:
    return Criterion(
        id=cid,
        label=label,
        levels=list(levels),
        weight=weight,
        descriptors=dict(descriptors),
    )


def _video() -> Epreuve:
    return Epreuve(
        id="video",
        name="Entretien de motivation vidéo différé",
        kind=EpreuveKind.MOTIVATION_VIDEO,
        duration_minutes=5,
        optional=False,
        weight=1.0,
        criteria=[
            _clevels(
                "parcours",
                "Présentation du parcours",
                [0, 1, 2, 3, 4],
                _LEVELS_0_4,
            ),
            _clevels(
                "apprentissage",
                "Raisons du choix de la formation par apprentissage",
                [0, 1, 2, 3, 4],
                _LEVELS_0_4,
            ),
            _clevels(
                "metier",
                "Motivation pour le métier d'ingénieur",
                [0, 1, 2, 3, 4],
                _LEVELS_0_4,
                weight=2.0,
            ),
            _clevels(
                "projet",
                "Projet professionnel en lien avec la spécialité",
                [0, 1, 2, 3, 4],
                _LEVELS_0_4,
                weight=2.0,
            ),
            _clevels(
                "expression",
                "Clarté et qualité de l'expression orale",
                [0, 1, 2, 3, 4],
                _LEVELS_0_4,
            ),
        ],
    )


def _entretien(optional: bool) -> Epreuve:
    return Epreuve(
        id="entretien",
        name="Entretien de motivation avec le jury",
        kind=EpreuveKind.MOTIVATION_INTERVIEW,
        duration_minutes=30,
        optional=optional,
        weight=2.0,
        criteria=[
            _c20("parcours", "Parcours et résultats depuis le baccalauréat"),
            _c20("apprentissage", "Motivation pour la formation par apprentissage", weight=1.5),
            _c20("metier", "Motivation pour le métier d'ingénieur", weight=1.5),
            _c20("projet", "Projet professionnel en lien avec la spécialité visée", weight=2.0),
            _c20("adequation", "Adéquation du profil aux exigences de la formation", weight=2.0),
            _c20("communication", "Communication, écoute et argumentation"),
        ],
    )


def _anglais(optional: bool) -> Epreuve:
    return Epreuve(
        id="anglais",
        name="Évaluation du niveau d'anglais",
        kind=EpreuveKind.ENGLISH,
        duration_minutes=30,
        optional=optional,
        external_source="plateforme d'anglais",
        weight=1.0,
        criteria=[
            # a single criterion on 0–20 without step, so that a mark coming from the
            # online test platform (e.g. 13,75) can be imported as it is
            Criterion(
                id="niveau",
                label="Niveau d'anglais (compréhension, expression orale et écrite)",
                min=0,
                max=20,
                step=None,
                descriptors={
                    "0": "Pas de compréhension utile",
                    "5": "A2 : échanges simples",
                    "10": "B1 : se débrouille en situation courante",
                    "15": "B2 : autonome, expression fluide",
                    "20": "C1 et au-delà",
                },
            )
        ],
    )


def _oral_option() -> Epreuve:
    return Epreuve(
        id="oral-option",
        name="Épreuve orale optionnelle (au choix du jury)",
        kind=EpreuveKind.OPTIONAL_ORAL,
        duration_minutes=30,
        optional=True,
        weight=1.0,
        criteria=[
            _c20(
                "connaissances", "Connaissances scientifiques et techniques de la spécialité", 2.0
            ),
            _c20("raisonnement", "Raisonnement et résolution de problème", 2.0),
            _c20("communication", "Clarté de l'exposé et des réponses"),
        ],
    )


def _soutenance_vae() -> Epreuve:
    return Epreuve(
        id="soutenance",
        name="Soutenance devant le jury de validation",
        kind=EpreuveKind.VAE_DEFENCE,
        duration_minutes=135,  # 45 min d'exposé + au moins 90 min de questions
        optional=False,
        weight=1.0,
        phases=[
            Phase(
                id="presentation",
                label="Exposé oral ininterrompu",
                minutes=45,
                countdown=True,
                uninterrupted=True,
            ),
            Phase(
                id="questions",
                label="Questions-réponses",
                minutes=90,
                countdown=False,
                minimum=True,
            ),
            Phase(
                id="deliberation",
                label="Délibération du jury",
                minutes=30,
                countdown=False,
            ),
        ],
        criteria=[
            _clevels(
                "activites-industrielles",
                "Référentiel d'activités industrielles",
                [0, 1, 2, 3],
                _ACQUIS_0_3,
                weight=2.0,
            ),
            _clevels(
                "competences-transverses",
                "Référentiel des compétences transverses et transférables",
                [0, 1, 2, 3],
                _ACQUIS_0_3,
                weight=2.0,
            ),
            _clevels(
                "scientifique-technologique",
                "Référentiel scientifique et technologique du diplôme",
                [0, 1, 2, 3],
                _ACQUIS_0_3,
                weight=2.0,
            ),
            _clevels(
                "international",
                "Anglais et expérience internationale significative",
                [0, 1, 2, 3],
                _ACQUIS_0_3,
            ),
            _c20("expose", "Qualité de l'exposé et des réponses aux questions"),
        ],
    )


def _memoire() -> Epreuve:
    return Epreuve(
        id="memoire",
        name="Examen du mémoire professionnel (recevabilité)",
        kind=EpreuveKind.DOSSIER_REVIEW,
        optional=False,
        weight=1.0,
        criteria=[
            _clevels(
                "experience",
                "Expérience professionnelle d'au moins un an en rapport avec le diplôme",
                [0, 1, 2],
                {"0": "Insuffisante", "1": "Limite", "2": "Suffisante"},
                weight=2.0,
            ),
            _clevels(
                "niveau",
                "Niveau des responsabilités exercées (niveau ingénieur)",
                [0, 1, 2],
                {"0": "Technicien", "1": "Ponctuellement ingénieur", "2": "Ingénieur"},
                weight=2.0,
            ),
            _clevels(
                "domaines",
                "Adéquation avec les domaines scientifiques de l'école",
                [0, 1, 2],
                {"0": "Hors domaine", "1": "Partielle", "2": "Bonne"},
                weight=2.0,
            ),
            _clevels(
                "memoire",
                "Qualité du mémoire (30 à 40 pages utiles, parcours très détaillé)",
                [0, 1, 2],
                {"0": "Insuffisante", "1": "Correcte", "2": "Bonne"},
            ),
            _clevels(
                "annexes",
                "Justificatifs (feuilles de paye, contrats, recommandations d'un ingénieur)",
                [0, 1, 2],
                {"0": "Absents", "1": "Incomplets", "2": "Complets"},
            ),
        ],
    )


_CQPM_ACQUIS = {
    "0": "Non acquis",
    "1": "Partiellement acquis",
    "2": "Acquis",
}


def _cqpm_entretien() -> Epreuve:
    return Epreuve(
        id="entretien-jury",
        name="Entretien avec le jury de professionnels",
        kind=EpreuveKind.VAE_DEFENCE,
        duration_minutes=60,
        optional=False,
        weight=1.0,
        criteria=[
            _clevels(
                "activites",
                "Activités du référentiel du CQPM réellement exercées",
                [0, 1, 2],
                _CQPM_ACQUIS,
                weight=2.0,
            ),
            _clevels(
                "competences",
                "Compétences requises par le référentiel démontrées",
                [0, 1, 2],
                _CQPM_ACQUIS,
                weight=2.0,
            ),
            _clevels(
                "explicitation",
                "Explicitation de l'expérience et des choix techniques",
                [0, 1, 2],
                _CQPM_ACQUIS,
            ),
        ],
    )


def _cqpm_mise_en_situation() -> Epreuve:
    return Epreuve(
        id="mise-en-situation",
        name="Mise en situation professionnelle",
        kind=EpreuveKind.WORK_SITUATION,
        duration_minutes=120,
        optional=True,
        weight=1.0,
        criteria=[
            _clevels(
                "gestes",
                "Gestes techniques maîtrisés",
                [0, 1, 2],
                _CQPM_ACQUIS,
                weight=2.0,
            ),
            _clevels(
                "methode",
                "Méthode, organisation du poste et respect des procédures",
                [0, 1, 2],
                _CQPM_ACQUIS,
            ),
            _clevels(
                "securite",
                "Sécurité, qualité et environnement",
                [0, 1, 2],
                _CQPM_ACQUIS,
                weight=2.0,
            ),
            _clevels(
                "resultat",
                "Conformité du résultat obtenu",
                [0, 1, 2],
                _CQPM_ACQUIS,
            ),
        ],
    )


#: The steps of the contrat-pro procedure (seed 004 §5.3): id, label, levels.
#: Primed sub-steps (3', 4', 5', 6') are folded into their step: a step with two
#: actions is marked 0 / 1 / 2 (non fait / fait partiellement / complet).
CONTRAT_PRO_STEPS: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    (
        "etape-1",
        "1 — Informer le service contrats pro et le responsable de département",
        (0, 1, 2),
    ),
    ("etape-2", "2 — Établir la fiche contact Contrat Pro (dactylographiée)", (0, 1, 2)),
    (
        "etape-3",
        "3 — Faire valider activités et projets par le responsable de département "
        "(3' : accord de l'établissement d'origine en double diplôme)",
        (0, 1),
    ),
    ("etape-4", "4 — Établir le contrat de travail (CERFA 12434) et 4' le transmettre", (0, 1, 2)),
    (
        "etape-5",
        "5 — Signer et faire signer la convention de formation, 5' la transmettre "
        "(au plus tard deux semaines avant la rentrée)",
        (0, 1, 2),
    ),
    (
        "etape-6",
        "6 — Convention signée par la direction et 6' copie transmise à l'entreprise",
        (0, 1),
    ),
    ("etape-7", "7 — Copie du contrat et de la convention au service social", (0, 1)),
    ("etape-a", "A — Rapport de projet d'entreprise au tuteur école avant Noël", (0, 1)),
    ("etape-b", "B — Note du tuteur entreprise transmise au tuteur école avant Noël", (0, 1)),
    ("etape-c", "C — Carnet de présences individuel renseigné et signé à chaque cours", (0, 1, 2)),
    ("etape-d", "D — Projet d'emploi mis à jour sur la fiche contact en fin de S9", (0, 1)),
)


def _demarche() -> Epreuve:
    # weight = maximum of the step: the weighted mean of the steps normalised to /20 is
    # then exactly "sum of the points scaled to /20" (seed 004).
    return Epreuve(
        id="demarche",
        name="Conduite de la mise en œuvre du contrat pro",
        kind=EpreuveKind.CONTRAT_PRO_STEPS,
        optional=False,
        weight=0.2,
        criteria=[
            _clevels(
                sid,
                label,
                list(levels),
                _DONE_0_1 if len(levels) == 2 else _DONE_0_2,
                weight=float(levels[-1]),
            )
            for sid, label, levels in CONTRAT_PRO_STEPS
        ],
    )


def _rapport() -> Epreuve:
    return Epreuve(
        id="rapport",
        name="Bilan écrit du projet d'entreprise (tuteur école)",
        kind=EpreuveKind.WRITTEN_REPORT,
        optional=False,
        weight=0.4,
        criteria=[
            _c20(
                "contexte", "Présentation du projet dans son contexte (entreprise, environnement)"
            ),
            _c20("bilan", "Bilan des premiers travaux effectués", weight=2.0),
            _c20("perspectives", "Perspectives : sujet du PFE défini précisément", weight=2.0),
            _c20("apports", "Ce que la première phase a apporté"),
        ],
    )


def _tuteur() -> Epreuve:
    return Epreuve(
        id="tuteur",
        name="Appréciation du tuteur entreprise (fiche « Avant PFE »)",
        kind=EpreuveKind.COMPANY_TUTOR,
        optional=False,
        weight=0.4,
        criteria=[_c20("note", "Note du tuteur entreprise", step=0.25)],
    )


def default_epreuves(kind: SessionKind) -> list[Epreuve]:
    """The épreuves a new session of ``kind`` starts with (fresh objects each call).

    * admission-1a: ``video`` (compulsory), ``entretien`` and ``anglais`` (optional: the
      jury sets them per candidate when announcing pré-admissibility);
    * admission-2a: ``anglais`` and ``entretien`` (compulsory), ``oral-option`` (optional);
    * vae-validation: ``soutenance`` (45 min exposé, ≥ 90 min questions, délibération);
    * vae-recevabilite: ``memoire``;
    * cqpm: ``entretien-jury`` (compulsory), ``mise-en-situation`` (optional);
    * contrat-pro: ``demarche`` (0,2), ``rapport`` (0,4), ``tuteur`` (0,4).
    """
    kind = SessionKind(kind)
    if kind is SessionKind.ADMISSION_1A:
        return [_video(), _entretien(optional=True), _anglais(optional=True)]
    if kind is SessionKind.ADMISSION_2A:
        return [_anglais(optional=False), _entretien(optional=False), _oral_option()]
    if kind is SessionKind.VAE_VALIDATION:
        return [_soutenance_vae()]
    if kind is SessionKind.VAE_RECEVABILITE:
        return [_memoire()]
    if kind is SessionKind.CQPM:
        return [_cqpm_entretien(), _cqpm_mise_en_situation()]
    if kind is SessionKind.CONTRAT_PRO:
        return [_demarche(), _rapport(), _tuteur()]
    raise ValueError(_("type de session inconnu : {kind}").format(kind=kind))  # pragma: no cover


# --------------------------------------------------------------------------- decisions

_DECISIONS: dict[SessionKind, dict[DecisionStage, tuple[DecisionValue, ...]]] = {
    SessionKind.ADMISSION_1A: {
        DecisionStage.DOSSIER_REVIEW: (
            DecisionValue.EXCELLENCE,
            DecisionValue.STANDARD,
            DecisionValue.REJET,
        ),
        DecisionStage.AFTER_TESTS: (DecisionValue.ADMISSIBLE, DecisionValue.NON_ADMISSIBLE),
    },
    SessionKind.ADMISSION_2A: {
        DecisionStage.DOSSIER_REVIEW: (DecisionValue.PRE_ADMISSIBLE, DecisionValue.REJET),
        DecisionStage.AFTER_TESTS: (DecisionValue.ADMISSIBLE, DecisionValue.NON_ADMISSIBLE),
    },
    SessionKind.VAE_RECEVABILITE: {
        DecisionStage.DOSSIER_REVIEW: (DecisionValue.ADMISSIBLE, DecisionValue.NON_ADMISSIBLE),
    },
    SessionKind.VAE_VALIDATION: {
        DecisionStage.VAE: (DecisionValue.TOTALE, DecisionValue.PARTIELLE, DecisionValue.REFUS),
    },
    SessionKind.CQPM: {
        DecisionStage.VAE: (DecisionValue.TOTALE, DecisionValue.PARTIELLE, DecisionValue.REFUS),
    },
    SessionKind.CONTRAT_PRO: {
        DecisionStage.CONTRAT_PRO: (DecisionValue.VALIDE, DecisionValue.NON_VALIDE),
    },
}


def stages(kind: SessionKind) -> list[DecisionStage]:
    """The decision stages of a session of ``kind``, in the order they happen."""
    return list(_DECISIONS[SessionKind(kind)])


def decision_values(kind: SessionKind, stage: DecisionStage) -> list[DecisionValue]:
    """The values a decision may take at ``stage``; empty when the kind has no such stage."""
    return list(_DECISIONS[SessionKind(kind)].get(DecisionStage(stage), ()))


def _norm(text: str) -> str:
    """Casefold, drop accents and every non-alphanumeric character."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


#: Extra words accepted per kind (normalised word -> value), besides the value names.
_ALIASES: dict[SessionKind, dict[str, DecisionValue]] = {
    SessionKind.ADMISSION_1A: {
        "preadmissible": DecisionValue.STANDARD,
        "excellenceacademique": DecisionValue.EXCELLENCE,
        "rejete": DecisionValue.REJET,
    },
    SessionKind.ADMISSION_2A: {"rejete": DecisionValue.REJET},
    SessionKind.VAE_RECEVABILITE: {
        "recevable": DecisionValue.ADMISSIBLE,
        "nonrecevable": DecisionValue.NON_ADMISSIBLE,
        "irrecevable": DecisionValue.NON_ADMISSIBLE,
    },
    SessionKind.VAE_VALIDATION: {
        "total": DecisionValue.TOTALE,
        "validationtotale": DecisionValue.TOTALE,
        "partiel": DecisionValue.PARTIELLE,
        "validationpartielle": DecisionValue.PARTIELLE,
        "aucune": DecisionValue.REFUS,
        "pasdevalidation": DecisionValue.REFUS,
    },
    SessionKind.CONTRAT_PRO: {
        "validee": DecisionValue.VALIDE,
        "nonvalidee": DecisionValue.NON_VALIDE,
    },
}
_ALIASES[SessionKind.CQPM] = dict(_ALIASES[SessionKind.VAE_VALIDATION])


def accepted_words(kind: SessionKind) -> list[str]:
    """The decision words a user may type for a session of ``kind`` (main words first)."""
    kind = SessionKind(kind)
    words: list[str] = []
    for values in _DECISIONS[kind].values():
        words.extend(v.value for v in values)
    if kind is SessionKind.ADMISSION_1A:
        words.append("pre-admissible")
    if kind is SessionKind.VAE_RECEVABILITE:
        words = ["recevable", "non-recevable", *words]
    return words


def parse_decision(kind: SessionKind, text: str) -> tuple[DecisionStage, DecisionValue]:
    """The stage and value a user means by ``text`` in a session of ``kind``.

    Case, accents, spaces and hyphens are ignored (« Pré-admissible », « non admissible »).
    Raises :class:`juryapp.domain.decisions.DecisionError` with the valid words otherwise.
    """
    from .decisions import DecisionError  # decisions imports this module

    kind = SessionKind(kind)
    key = _norm(text)
    found: DecisionValue | None = None
    if key:
        for values in _DECISIONS[kind].values():
            for v in values:
                if _norm(v.value) == key:
                    found = v
        if found is None:
            found = _ALIASES.get(kind, {}).get(key)
    if found is not None:
        for stage, values in _DECISIONS[kind].items():
            if found in values:
                return stage, found
    valid = ", ".join(accepted_words(kind))
    raise DecisionError(
        _(
            "décision « {text} » inconnue pour une session {kind} : valeurs possibles : {valid}"
        ).format(text=text.strip(), kind=_(KIND_LABELS[kind]), valid=valid)
    )
