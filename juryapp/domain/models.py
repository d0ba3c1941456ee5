"""The jury's records as pydantic models.

Pure data and validation: no I/O, no Textual.  Validation messages are written for a
jury secretary (French terms where the jury uses them), because they reach the user
unchanged when a hand-edited session or an imported file is wrong; they are in the user's
language (:mod:`juryapp.i18n`, French msgids).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from juryapp.i18n import _, decimal_separator

#: Identifiers used in files and on the command line: letters, digits, - _ .
Ident = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.\-]+$"),
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """Base of every record: unknown fields refused, assignments validated."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        use_enum_values=False,
    )


# --------------------------------------------------------------------------- enums


class SessionKind(StrEnum):
    ADMISSION_1A = "admission-1a"
    ADMISSION_2A = "admission-2a"
    VAE_RECEVABILITE = "vae-recevabilite"
    VAE_VALIDATION = "vae-validation"
    CQPM = "cqpm"
    CONTRAT_PRO = "contrat-pro"

    @property
    def is_admission(self) -> bool:
        return self in (SessionKind.ADMISSION_1A, SessionKind.ADMISSION_2A)

    @property
    def is_vae(self) -> bool:
        return self in (SessionKind.VAE_RECEVABILITE, SessionKind.VAE_VALIDATION, SessionKind.CQPM)


class SessionStatus(StrEnum):
    PREPARATION = "preparation"
    IN_PROGRESS = "in-progress"
    DELIBERATION = "deliberation"
    CLOSED = "closed"
    SIGNED = "signed"


#: The order a session goes through; a status may only move forward (reopening is
#: a separate, journaled act).
STATUS_ORDER: tuple[SessionStatus, ...] = tuple(SessionStatus)


class Quality(StrEnum):
    ENSEIGNANT_CHERCHEUR = "enseignant-chercheur"
    INGENIEUR = "ingenieur"  # practising engineer
    DIRECTEUR_ETUDES = "directeur-etudes"
    PROFESSIONNEL = "professionnel"  # professional of the trade
    ADMINISTRATIF = "administratif"  # school staff (e.g. the secretary)
    AUTRE = "autre"  # external / other


class Role(StrEnum):
    PRESIDENT = "president"
    MEMBRE = "membre"
    SECRETAIRE = "secretaire"


class Sex(StrEnum):
    F = "F"
    M = "M"
    X = "X"  # not stated


class Presence(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excuse"


class Track(StrEnum):
    A1 = "1A"
    A2 = "2A"
    VAE = "VAE"
    CQPM = "CQPM"
    CONTRAT_PRO = "contrat-pro"


class EpreuveKind(StrEnum):
    DOSSIER_REVIEW = "dossier-review"
    MOTIVATION_VIDEO = "motivation-video"  # deferred video, answers within 5 minutes
    MOTIVATION_INTERVIEW = "motivation-interview"  # 30 minutes
    ENGLISH = "english"  # 30 minutes
    OPTIONAL_ORAL = "optional-oral"
    VAE_DEFENCE = "vae-defence"  # 45 min presentation + >= 90 min questions
    WORK_SITUATION = "work-situation"  # mise en situation professionnelle (CQPM)
    CONTRAT_PRO_STEPS = "contrat-pro-steps"
    WRITTEN_REPORT = "written-report"
    COMPANY_TUTOR = "company-tutor"


class ScoreStatus(StrEnum):
    SCORED = "scored"
    ABSTAINED = "abstained"
    RECUSED = "recused"


class ConflictType(StrEnum):
    RELATIONSHIP = "relationship"  # personal or professional relationship
    COACHED = "coached"  # coached / prepared the candidate
    COLLEAGUE = "colleague"
    OTHER = "other"


class DecisionStage(StrEnum):
    DOSSIER_REVIEW = "dossier-review"
    AFTER_TESTS = "after-tests"
    VAE = "vae"
    CONTRAT_PRO = "contrat-pro"


class DecisionValue(StrEnum):
    EXCELLENCE = "excellence"  # excellence académique: admissible directly
    STANDARD = "standard"  # pré-admissible (1A)
    PRE_ADMISSIBLE = "pre-admissible"  # 2A
    REJET = "rejet"
    ADMISSIBLE = "admissible"
    NON_ADMISSIBLE = "non-admissible"
    TOTALE = "totale"
    PARTIELLE = "partielle"
    REFUS = "refus"
    VALIDE = "valide"  # contrat-pro: S9 company project validated
    NON_VALIDE = "non-valide"


# --------------------------------------------------------------------------- people


class JuryMember(Model):
    id: Ident
    last_name: NonEmpty
    first_name: str = ""
    quality: Quality
    #: function or title as printed on the minutes, e.g. "Maître de conférences, département 2IA"
    title: str = ""
    role: Role = Role.MEMBRE
    sex: Sex = Sex.X
    email: str = ""
    presence: Presence = Presence.PRESENT
    absence_reason: str = ""
    pin_hash: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_present(self) -> bool:
        return self.presence is Presence.PRESENT

    @model_validator(mode="after")
    def _absence_needs_reason(self) -> Self:
        if self.presence is Presence.EXCUSED and not self.absence_reason:
            raise ValueError(_("un membre excusé doit avoir un motif d'absence (absence_reason)"))
        return self


class Candidate(Model):
    """A candidate's dossier."""

    id: Ident
    last_name: NonEmpty
    first_name: str = ""
    email: str = ""
    track: Track
    specialty: str = ""
    diploma: str = ""
    #: the diploma was awarded abroad: the jury rules on its equivalence
    foreign_diploma: bool = False
    ects: int | None = Field(default=None, ge=0, le=600)
    scholarship: bool = False
    programmes: int = Field(default=1, ge=1, le=20)
    #: required document -> provided?
    documents: dict[str, bool] = Field(default_factory=dict)
    # VAE
    toeic: int | None = Field(default=None, ge=0, le=990)
    english_equivalent: str = ""  # e.g. "IELTS 7.0", "Cambridge C1"
    international_experience: bool | None = None
    recevabilite_date: dt.date | None = None
    validation_filed_date: dt.date | None = None
    #: recevabilité sessions: when the memoir reached the school (the jury rules within a
    #: month of it)
    memoir_received_date: dt.date | None = None
    dossier_pages: int | None = Field(default=None, ge=0, le=2000)
    #: Épreuves planned for this candidate (ids); empty = the session's compulsory ones.
    planned_epreuves: list[Ident] = Field(default_factory=list)
    #: épreuve id -> the jury members assigned to score it (absent: every sitting member)
    panels: dict[Ident, list[Ident]] = Field(default_factory=dict)
    notes: str = ""
    #: Columns of an imported file that juryapp does not know, kept as they were.
    extra: dict[str, str] = Field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def missing_documents(self) -> list[str]:
        return [name for name, ok in self.documents.items() if not ok]


class Conflict(Model):
    """A conflict of interest between a jury member and a candidate."""

    member_id: Ident
    candidate_id: Ident
    type: ConflictType
    hard: bool = True
    note: str = ""


# --------------------------------------------------------------------------- épreuves


class Criterion(Model):
    id: Ident
    label: NonEmpty
    min: float = 0
    max: float = 20
    step: float | None = Field(default=0.5, gt=0)
    #: Discrete levels (e.g. 0/1/2); when set, a value must be one of them.
    levels: list[float] | None = None
    weight: float = Field(default=1.0, ge=0)
    #: value or level -> what it means, shown to the jury member while scoring.
    descriptors: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _scale_is_sound(self) -> Self:
        if self.levels is not None:
            if not self.levels:
                raise ValueError(_("critère {id}: la liste de niveaux est vide").format(id=self.id))
            if sorted(set(self.levels)) != list(self.levels):
                raise ValueError(
                    _("critère {id}: les niveaux doivent être croissants et distincts").format(
                        id=self.id
                    )
                )
            object.__setattr__(self, "min", self.levels[0])
            object.__setattr__(self, "max", self.levels[-1])
        if self.max <= self.min:
            raise ValueError(
                _("critère {id}: le maximum ({max}) doit dépasser le minimum ({min})").format(
                    id=self.id, max=self.max, min=self.min
                )
            )
        return self

    def check_value(self, value: float) -> str | None:
        """Why ``value`` is not acceptable on this scale, or None when it is: ``Oral : 21 hors
        barème (0 à 20)``, in the user's language (the problems are those of
        :func:`juryapp.domain.scoring.parse_entry`, which shows them without the label)."""
        if value != value:  # NaN
            problem = _("valeur invalide")
        elif self.levels is not None:
            if any(abs(value - lv) < 1e-9 for lv in self.levels):
                return None
            problem = _("{value} n'est pas un niveau permis ({levels})").format(
                value=_fmt(value), levels=", ".join(_fmt(lv) for lv in self.levels)
            )
        elif value < self.min - 1e-9 or value > self.max + 1e-9:
            problem = _("{value} hors barème ({min} à {max})").format(
                value=_fmt(value), min=_fmt(self.min), max=_fmt(self.max)
            )
        elif self.step and abs((q := (value - self.min) / self.step) - round(q)) > 1e-6:
            problem = _("{value} n'est pas un multiple du pas {step}").format(
                value=_fmt(value), step=_fmt(self.step)
            )
        else:
            return None
        return _("{label} : {problem}").format(label=self.label, problem=problem)


def _fmt(x: float) -> str:
    """A number in the user's language (decimal comma in French), no useless zeros."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return s.replace(".", decimal_separator())


class Phase(Model):
    """A phase of a timed épreuve (e.g. presentation, questions)."""

    id: Ident
    label: NonEmpty
    #: planned duration; for a count-down the end, for a count-up the minimum
    minutes: float = Field(gt=0)
    countdown: bool = True
    #: the phase may not be shorter than ``minutes`` without a reason
    minimum: bool = False
    #: pausing needs an incident reason
    uninterrupted: bool = False


class Epreuve(Model):
    """The definition of a test (épreuve) of the session."""

    id: Ident
    name: NonEmpty
    kind: EpreuveKind
    duration_minutes: float | None = Field(default=None, gt=0)
    optional: bool = False
    criteria: list[Criterion] = Field(min_length=1)
    pass_mark: float | None = None
    #: other members' scores stay hidden until one has submitted one's own
    hide_until_submitted: bool = True
    #: weight of this épreuve in the candidate's total
    weight: float = Field(default=1.0, ge=0)
    #: the marks come from outside the jury (e.g. "plateforme d'anglais"): members don't score it
    external_source: str = ""
    phases: list[Phase] = Field(default_factory=list)

    @field_validator("criteria")
    @classmethod
    def _unique_criteria(cls, v: list[Criterion]) -> list[Criterion]:
        ids = [c.id for c in v]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(
                _("critères en double : {criteria}").format(criteria=", ".join(sorted(dup)))
            )
        return v

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def scale_max(self) -> float:
        """The maximum weighted total of this épreuve (for a mark out of 20)."""
        total_w = sum(c.weight for c in self.criteria) or 1.0
        return sum(c.max * c.weight for c in self.criteria) / total_w


# --------------------------------------------------------------------------- scores


class Score(Model):
    """One value given by one jury member (or an external source) to one criterion."""

    candidate_id: Ident
    epreuve_id: Ident
    criterion_id: Ident
    #: the jury member; None when the value comes from an external source
    member_id: Ident | None = None
    #: for external values: e.g. "plateforme anglais"
    source: str = ""
    value: float | None = None
    status: ScoreStatus = ScoreStatus.SCORED
    #: the member's comment on this criterion
    comment: str = ""
    #: the member's overall comment (« appréciation générale ») on the épreuve for this
    #: candidate: one per sheet, carried by the score of the épreuve's first criterion
    overall_comment: str = ""
    #: abstention or recusal reason
    reason: str = ""
    submitted: bool = True
    at: dt.datetime

    @model_validator(mode="after")
    def _value_matches_status(self) -> Self:
        # a draft may have no value: the member cleared a field they had filled
        if self.status is ScoreStatus.SCORED and self.value is None and self.submitted:
            raise ValueError(_("une note doit avoir une valeur (ou être une abstention)"))
        if self.status is not ScoreStatus.SCORED and self.value is not None:
            raise ValueError(_("une abstention ou une récusation ne porte pas de valeur"))
        if self.member_id is None and not self.source:
            raise ValueError(_("une note sans membre du jury doit nommer sa source"))
        return self

    @property
    def who(self) -> str:
        return self.member_id or f"ext:{self.source}"

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.who, self.candidate_id, self.epreuve_id, self.criterion_id)


# --------------------------------------------------------------------------- decisions


class Decision(Model):
    candidate_id: Ident
    stage: DecisionStage
    value: DecisionValue
    #: VAE partial validation: the blocs de compétences granted
    blocs_granted: list[Ident] = Field(default_factory=list)
    observations: str = ""
    recommendations: str = ""
    reason: str = ""
    #: the president (or whoever decided)
    decided_by: Ident
    #: who typed it in, when not the decider (a secretary transcribing a paper deliberation)
    recorded_by: Ident | None = None
    at: dt.datetime
    #: jury override of an eligibility problem, with its reason
    override_reason: str = ""


class Bloc(Model):
    """A bloc de compétences of the certification (unit of partial validation)."""

    id: Ident
    label: NonEmpty


# --------------------------------------------------------------------------- defence


class DefenceEventKind(StrEnum):
    """What was pressed on the defence clock (see :mod:`juryapp.domain.defence`)."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT_PHASE = "next_phase"
    END = "end"
    #: the president starts the defence despite a blocking problem, with a reason
    OVERRIDE = "override"


class DefenceEvent(Model):
    """One press on the clock of a timed épreuve (a VAE defence, an interview...).

    The clock's state is computed from these events and the current time only, so a
    crash, a restart or a laptop put to sleep never loses time.  Events are kept in the
    order they were recorded (that order is the truth, not ``at``: see
    :mod:`juryapp.domain.defence` for a clock stepped back).
    """

    candidate_id: Ident
    epreuve_id: Ident
    kind: DefenceEventKind
    #: wall clock, timezone-aware
    at: dt.datetime
    #: incident (pause), early end or override reason
    reason: str = ""
    #: who pressed the key
    actor: Ident
    #: override only: the blocking problems the president passed over, as shown then
    overridden: list[str] = Field(default_factory=list)

    @field_validator("at")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        if v.tzinfo is None or v.utcoffset() is None:
            raise ValueError(
                _("l'heure d'un événement de soutenance doit indiquer son fuseau horaire")
            )
        return v

    @model_validator(mode="after")
    def _override_is_motivated(self) -> Self:
        if self.kind is DefenceEventKind.OVERRIDE and not self.reason:
            raise ValueError(_("une dérogation du président doit être motivée (reason)"))
        if self.overridden and self.kind is not DefenceEventKind.OVERRIDE:
            raise ValueError(_("seule une dérogation nomme les problèmes passés outre"))
        return self


class BlocLevel(StrEnum):
    ACQUIRED = "acquis"
    PARTLY = "partiellement"
    NOT_ACQUIRED = "non_acquis"


class BlocAssessment(Model):
    """A jury member's private view of one bloc de compétences for one candidate.

    Several may be recorded over the deliberation: the latest (by ``at``) counts.
    """

    candidate_id: Ident
    member_id: Ident
    bloc_id: Ident
    level: BlocLevel
    comment: str = ""
    at: dt.datetime


# --------------------------------------------------------------------------- session


class SessionInfo(Model):
    id: Ident
    title: NonEmpty
    kind: SessionKind
    institution: str = "IMT Mines Alès"
    place: str = ""
    dates: list[dt.date] = Field(default_factory=list)
    #: reference of the act appointing the jury (arrêté, décision du directeur...)
    appointing_act: str = ""
    specialty: str = ""
    places: int = Field(default=0, ge=0)
    status: SessionStatus = SessionStatus.PREPARATION
    blocs: list[Bloc] = Field(default_factory=list)
    #: spread (max - min) above which members' scores are flagged as divergent
    divergence_threshold: float = Field(default=4.0, ge=0)
    observations: str = ""
    #: the president's reason for sitting although the jury's composition breaks a rule
    #: (stated in the procès-verbal); empty: no override
    composition_override: str = ""


class Session(Model):
    """A whole session in memory: what the store loads and the rules read."""

    info: SessionInfo
    jury: list[JuryMember] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    epreuves: list[Epreuve] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)
    #: presses on the clocks of the timed épreuves, in the order they were recorded
    defence_events: list[DefenceEvent] = Field(default_factory=list)
    #: members' private bloc-by-bloc assessments (VAE), in the order they were recorded
    bloc_assessments: list[BlocAssessment] = Field(default_factory=list)

    # Lookup indexes, rebuilt when the list they index is replaced or changes length
    # (sessions of 5,000 dossiers and 180,000 scores are read candidate by candidate).
    # A loaded Session is a snapshot: change it by replacing a list, not an item in place.
    _index_cache: dict[str, tuple[int, int, dict]] = PrivateAttr(default_factory=dict)

    def _index(self, name: str, items: list, key) -> dict:  # type: ignore[no-untyped-def]
        stamp = (id(items), len(items))
        # the private dict directly: ``self._index_cache`` goes through pydantic's
        # __getattr__, which costs more than the lookup itself (called ~10^5 times per
        # queue of 5,000 dossiers)
        caches = self.__pydantic_private__["_index_cache"]  # type: ignore[index]
        cached = caches.get(name)
        if cached is not None and cached[0] == stamp[0] and cached[1] == stamp[1]:
            return cached[2]
        index: dict = {}
        for item in items:
            index.setdefault(key(item), []).append(item)
        caches[name] = (*stamp, index)
        return index

    def __eq__(self, other: object) -> bool:
        # Field by field: the lookup indexes are not part of a session's value.
        if not isinstance(other, Session):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]

    def member(self, member_id: str) -> JuryMember | None:
        found = self._index("jury", self.jury, lambda m: m.id).get(member_id)
        return found[0] if found else None

    def candidate(self, candidate_id: str) -> Candidate | None:
        found = self._index("candidates", self.candidates, lambda c: c.id).get(candidate_id)
        return found[0] if found else None

    def epreuve(self, epreuve_id: str) -> Epreuve | None:
        found = self._index("epreuves", self.epreuves, lambda e: e.id).get(epreuve_id)
        return found[0] if found else None

    @property
    def president(self) -> JuryMember | None:
        return next((m for m in self.jury if m.role is Role.PRESIDENT), None)

    @property
    def secretary(self) -> JuryMember | None:
        return next((m for m in self.jury if m.role is Role.SECRETAIRE), None)

    def decisions_for(self, candidate_id: str) -> list[Decision]:
        return list(
            self._index("decisions", self.decisions, lambda d: d.candidate_id).get(candidate_id, ())
        )

    def latest_decision(
        self, candidate_id: str, stage: DecisionStage | None = None
    ) -> Decision | None:
        ds = [d for d in self.decisions_for(candidate_id) if stage is None or d.stage is stage]
        return max(ds, key=lambda d: d.at) if ds else None

    def scores_for(self, candidate_id: str, epreuve_id: str | None = None) -> list[Score]:
        mine = self._index("scores", self.scores, lambda s: s.candidate_id).get(candidate_id, ())
        return [s for s in mine if epreuve_id is None or s.epreuve_id == epreuve_id]

    def planned_epreuves(self, candidate: Candidate) -> list[Epreuve]:
        if candidate.planned_epreuves:
            wanted = set(candidate.planned_epreuves)
            return [e for e in self.epreuves if e.id in wanted]
        return [e for e in self.epreuves if not e.optional]

    def conflicted_members(self, candidate_id: str) -> set[str]:
        """Ids of the members with a hard conflict of interest with the candidate."""
        of = self._index("conflicts-by-candidate", self.conflicts, lambda c: c.candidate_id)
        return {c.member_id for c in of.get(candidate_id, ()) if c.hard}

    def hard_conflict(self, member_id: str, candidate_id: str) -> Conflict | None:
        pairs = self._index("conflicts", self.conflicts, lambda c: (c.member_id, c.candidate_id))
        return next((c for c in pairs.get((member_id, candidate_id), ()) if c.hard), None)
