"""What the procès-verbal says, as plain data: :func:`build_minutes` -> :class:`Minutes`.

Pure (no reportlab, no I/O): the PDF maker (:mod:`.documents`) lays these blocks out, the
Minutes screen can show :meth:`Minutes.as_text` as a preview, and the tests read both.

The PV states, in this order: the session (institution, title, kind, specialty, dates,
place, appointing act, places, version), the jury (name, quality, role, presence; the
president; the composition rules and their findings; an override and its reason), the
conflicts of interest, the decisions (per kind, see below), the observations, « Fait à …,
le … » and a signature box for the president and every member present.

* admission: classification after the dossier review (and any eligibility override with
  its reason), decisions after the tests, the ranked list of the admissibles with the number
  of places, the main and complementary lists — never a mark;
* VAE validation and CQPM: per candidate, the defence's actual timings (from the clock's
  record, :func:`defence_of`), the decision (totale / partielle with the blocs granted and
  those remaining, recommendations / refus with its reason) and the notification deadline;
* VAE recevabilité: recevable / non recevable with the reason;
* contrat-pro: the procedure, report and company-tutor marks, the S9 mark and the decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from juryapp.domain.composition import check_composition, is_jury_member, sitting_members
from juryapp.domain.decisions import needs_post_jury_interview, notification_deadline
from juryapp.domain.kinds import DECISION_LABELS, KIND_LABELS, decision_values
from juryapp.domain.models import (
    Candidate,
    Decision,
    DecisionStage,
    DecisionValue,
    Quality,
    Role,
    Session,
    SessionKind,
)
from juryapp.domain.ranking import TIE_BREAK_LABELS, RankedEntry
from juryapp.domain.text import name_key
from juryapp.i18n import school_tz

from .checklist import composition_override
from .fingerprint import contrat_pro_marks, fingerprint, ranked_lists
from .text import (
    city,
    fr_date,
    fr_dates,
    fr_duration,
    fr_minutes,
    fr_time,
    in_french,
    join_fr,
    local,
    mark,
    nfc,
    person,
    plural,
    presence_label,
    quality_label,
    role_label,
)

PV_TITLE = "Procès-verbal de délibération du jury"

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Col:
    title: str
    weight: float = 1.0
    align: str = "left"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    #: body, small, note, strong
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: str = "body"


@dataclass(frozen=True)
class Fields:
    """Label / value lines."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Grid:
    """A table; ``rules``: (row index, label) lines drawn before that row; ``styles``:
    (row index, "bold" / "muted" / "alert")."""

    columns: tuple[Col, ...]
    rows: tuple[tuple[str, ...], ...]
    rules: tuple[tuple[int, str], ...] = ()
    styles: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Notice:
    """A shaded box: ``info`` or ``alert``."""

    text: str
    tone: str = "info"


@dataclass(frozen=True)
class Signatory:
    member_id: str
    name: str  # « Mme Anne-Sophie Delmas »
    quality: str
    role: str
    president: bool = False


@dataclass(frozen=True)
class Signatures:
    signatories: tuple[Signatory, ...]


Block = Heading | Para | Bullets | Fields | Grid | Notice | Signatures


@dataclass(frozen=True)
class Reopening:
    """A signed session reopened (from the journal)."""

    at: dt.datetime
    actor: str
    reason: str


@dataclass(frozen=True)
class PvVersion:
    """The PV's version: 1, plus one per reopening of the signed session."""

    number: int = 1
    reopenings: tuple[Reopening, ...] = ()


def pv_version(journal_entries: Iterable[Any]) -> PvVersion:
    """The version of the PV from the session's journal entries (``action == "reopen"``)."""
    reopenings = []
    for e in journal_entries:
        if getattr(e, "action", "") != "reopen" or getattr(e, "target", "") != "session":
            continue
        new = e.new if isinstance(e.new, dict) else {}
        at = dt.datetime.fromisoformat(e.at)
        reopenings.append(Reopening(at, e.actor, str(new.get("reason", ""))))
    return PvVersion(1 + len(reopenings), tuple(reopenings))


@dataclass(frozen=True)
class Minutes:
    """The content of a procès-verbal."""

    session_id: str
    kind: SessionKind
    institution: str
    title: str
    subtitle: str
    version: int
    fingerprint: str
    draft: bool
    #: the PDF's creation date, from the session's data (same data, same file)
    created: dt.datetime
    #: « Fait à Alès, le 21 avril 2026 »
    done_at: str
    blocks: tuple[Block, ...]
    signatories: tuple[Signatory, ...] = field(default=())

    def as_text(self) -> str:
        """The PV as plain text (a preview; the tests read it)."""
        out = [self.institution, self.title.upper(), self.subtitle, ""]
        for b in self.blocks:
            if isinstance(b, Heading):
                out += ["", b.text.upper() if b.level == 1 else b.text]
            elif isinstance(b, Para | Notice):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out += [f"  • {x}" for x in b.items]
            elif isinstance(b, Fields):
                out += [f"{k} : {v}" for k, v in b.pairs]
            elif isinstance(b, Grid):
                rules = dict(b.rules)
                out.append(" | ".join(c.title for c in b.columns))
                for i, row in enumerate(b.rows):
                    if i in rules:
                        out.append(rules[i])
                    out.append(" | ".join(row))
            elif isinstance(b, Signatures):
                out += [f"[signature] {s.name}, {s.quality} ({s.role})" for s in b.signatories]
        out += ["", f"Session {self.session_id} · version {self.version}"]
        out.append(f"Empreinte SHA-256 des décisions : {self.fingerprint}")
        return "\n".join(out)


# --------------------------------------------------------------------------- helpers


def decision_text(kind: SessionKind, value: DecisionValue) -> str:
    """The French label of a decision (always French, whatever the screens' language)."""
    if kind is SessionKind.VAE_RECEVABILITE:
        if value is DecisionValue.ADMISSIBLE:
            return "Recevable"
        if value is DecisionValue.NON_ADMISSIBLE:
            return "Non recevable"
    return DECISION_LABELS[value]


def defence_of(session: Session, candidate_id: str) -> Any | None:
    """The clock's record of the candidate's defence (the first timed épreuve with events,
    :func:`juryapp.domain.defence.defence_record`), or None when nothing was recorded."""
    from juryapp.domain.defence import defence_record

    return defence_record(session, candidate_id)


def defences_of(session: Session, candidate_id: str) -> list[Any]:
    """The clock's records of every timed épreuve of the candidate (a CQPM may have an
    interview and a work-situation test)."""
    from juryapp.domain.defence import defence_records

    return list(defence_records(session, candidate_id))


def _sorted_candidates(session: Session) -> list[Candidate]:
    return sorted(session.candidates, key=lambda c: name_key(c.last_name, c.first_name, c.id))


def cand_name(c: Candidate) -> str:
    return nfc(c.full_name)


def document_date(session: Session) -> dt.date:
    """The date the PV is made (« Fait le … »): the session's last date, or the day of its
    latest decision when that is later; today only when the session has neither."""
    days = list(session.info.dates)
    days += [local(d.at).date() for d in session.decisions]
    return max(days) if days else dt.date.today()


def created_at(session: Session) -> dt.datetime:
    """The PDF's creation date: noon (school time) of :func:`document_date`."""
    d = document_date(session)
    return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=school_tz())


def signatories(session: Session) -> list[Signatory]:
    """Who signs the PV: the president, then every jury member present (jury order)."""
    out: list[Signatory] = []
    pres = session.president
    if pres is not None:
        out.append(Signatory(pres.id, person(pres), quality_label(pres), role_label(pres), True))
    for m in session.jury:
        if m.role is Role.MEMBRE and m.is_present:
            out.append(Signatory(m.id, person(m), quality_label(m), role_label(m), False))
    return out


def _jury_order(session: Session) -> list[Any]:
    rank = {Role.PRESIDENT: 0, Role.MEMBRE: 1, Role.SECRETAIRE: 2}
    return sorted(session.jury, key=lambda m: rank[m.role])


# --------------------------------------------------------------------------- sections


def _session_block(session: Session, version: PvVersion) -> list[Block]:
    info = session.info
    pairs: list[tuple[str, str]] = [
        ("Établissement", info.institution),
        ("Session", info.title),
        ("Nature du jury", KIND_LABELS.get(info.kind, info.kind.value)),
    ]
    if info.specialty:
        pairs.append(("Spécialité", info.specialty))
    pairs.append(("Date(s)", fr_dates(info.dates) or "non renseignées"))
    pairs.append(("Lieu", info.place or "non renseigné"))
    pairs.append(("Acte de nomination du jury", info.appointing_act or "non renseigné"))
    if info.kind.is_admission:
        pairs.append(("Places ouvertes", str(info.places)))
    pairs.append(("Identifiant de la session", info.id))
    v = f"n° {version.number}"
    if version.number > 1:
        v += f" — annule et remplace la version n° {version.number - 1}"
    pairs.append(("Version du procès-verbal", v))
    blocks: list[Block] = [Heading("1. La session"), Fields(tuple(pairs))]
    for r in version.reopenings:
        blocks.append(
            Notice(
                f"Session rouverte le {fr_date(r.at)} à {fr_time(r.at)} par {_name_of(session, r.actor)}"
                f" — motif : {r.reason or 'non précisé'}.",
                "alert",
            )
        )
    return blocks


def _name_of(session: Session, member_id: str) -> str:
    m = session.member(member_id)
    return person(m) if m else member_id


def _jury_blocks(session: Session) -> list[Block]:
    info = session.info
    rows = []
    styles = []
    for i, m in enumerate(_jury_order(session)):
        presence = presence_label(m)
        if not m.is_present and m.absence_reason:
            presence += f" — {m.absence_reason}"
        rows.append((person(m), quality_label(m), role_label(m), presence))
        if not m.is_present:
            styles.append((i, "muted"))
        elif m.role is Role.PRESIDENT:
            styles.append((i, "bold"))
    blocks: list[Block] = [Heading("2. Composition du jury")]
    if not rows:
        blocks.append(Para("Aucun membre du jury n'est enregistré.", "strong"))
        return blocks
    blocks.append(
        Grid(
            (
                Col("Nom", 2.6),
                Col("Qualité", 3.2),
                Col("Rôle", 1.7),
                Col("Présence", 1.6),
            ),
            tuple(rows),
            styles=tuple(styles),
        )
    )
    pres = session.president
    if pres is not None:
        blocks.append(
            Para(f"Le jury est présidé par {person(pres)}, {quality_label(pres).lower()}.")
        )
    appointed = [m for m in session.jury if is_jury_member(m)]
    sitting = sitting_members(session.jury)
    blocks.append(
        Para(
            f"Membres du jury nommés : {len(appointed)} ; présents : {len(sitting)} "
            "(président compris ; le secrétaire de séance ne prend pas part aux votes)."
        )
    )
    if info.kind is SessionKind.VAE_VALIDATION:

        def count(ms: Sequence[Any], q: Quality) -> int:
            return sum(1 for m in ms if m.quality is q)

        qs = (
            (Quality.ENSEIGNANT_CHERCHEUR, "enseignant-chercheur", "enseignants-chercheurs"),
            (Quality.INGENIEUR, "ingénieur en exercice", "ingénieurs en exercice"),
            (Quality.DIRECTEUR_ETUDES, "directeur des études", "directeurs des études"),
        )

        def counts(ms: Sequence[Any]) -> str:
            return ", ".join(plural(count(ms, q), one, many) for q, one, many in qs)

        blocks.append(
            Para(
                "Règle de composition du jury de validation (VAE, « 3 + 3 + 1 ») : trois "
                "enseignants-chercheurs, trois ingénieurs en exercice et le directeur des "
                f"études. Membres nommés : {counts(appointed)} ; membres siégeant : "
                f"{counts(sitting)}."
            )
        )
    findings = [
        f
        for f in check_composition(info.kind, session.jury, session.conflicts)
        if f.code not in ("member-absent", "conflicts")
    ]
    errors = [f for f in findings if f.level == "error"]
    if not findings:
        blocks.append(Para("La composition du jury est conforme aux règles applicables.", "strong"))
    else:
        if not errors:
            blocks.append(Para("La composition du jury est conforme ; observations :"))
        else:
            blocks.append(Para("Écarts aux règles de composition constatés :", "strong"))
        blocks.append(
            Bullets(
                tuple(
                    ("Écart : " if f.level == "error" else "Observation : ") + f.message
                    for f in findings
                )
            )
        )
    override = composition_override(session)
    if override and errors:
        blocks.append(
            Notice(f"Le jury a siégé par dérogation aux règles de composition. Motif : {override}")
        )
    elif override:
        # recorded while the composition broke a rule (e.g. before a member's presence was
        # set); as it stands the composition is conforming: said so, not « par dérogation »
        blocks.append(
            Notice(
                "Une dérogation aux règles de composition a été motivée par le président "
                f"(motif : {override}) ; la composition constatée ci-dessus étant conforme, "
                "il n'en a pas été fait usage."
            )
        )
    elif errors:
        blocks.append(
            Notice(
                "Aucune dérogation motivée n'est enregistrée pour ces écarts.",
                "alert",
            )
        )
    return blocks


_CONFLICT_NATURE = {
    "relationship": "Lien personnel ou professionnel",
    "coached": "A accompagné ou préparé le candidat",
    "colleague": "Collègue",
    "other": "Autre lien",
}


def _conflict_blocks(session: Session) -> list[Block]:
    blocks: list[Block] = [Heading("3. Conflits d'intérêts")]
    rows = []
    for c in sorted(session.conflicts, key=lambda c: (not c.hard, c.member_id, c.candidate_id)):
        m = session.member(c.member_id)
        cand = session.candidate(c.candidate_id)
        if m is None:
            continue
        nature = _CONFLICT_NATURE.get(c.type.value, c.type.value)
        if c.note:
            nature += f" — {c.note}"
        effect = (
            "N'a pris part ni à l'évaluation ni à la délibération concernant ce candidat."
            if c.hard
            else "Lien déclaré, sans incidence : a pris part à la délibération."
        )
        rows.append(
            (
                person(m),
                f"{cand_name(cand)} ({c.candidate_id})" if cand else c.candidate_id,
                nature,
                effect,
            )
        )
    if not rows:
        blocks.append(Para("Aucun conflit d'intérêts n'a été déclaré."))
        return blocks
    blocks.append(
        Grid(
            (
                Col("Membre du jury", 2),
                Col("Candidat", 2.2),
                Col("Nature du lien", 3.2),
                Col("Conséquence", 2.6),
            ),
            tuple(rows),
        )
    )
    return blocks


def _admission_blocks(session: Session, ranked: list[RankedEntry]) -> list[Block]:
    kind = session.info.kind
    cands = _sorted_candidates(session)
    blocks: list[Block] = [Heading("4. Examen des dossiers (jury de recrutement)")]
    rows = []
    counts: dict[DecisionValue | None, int] = {}
    for c in cands:
        d = session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW)
        label = decision_text(kind, d.value) if d else "Sans décision"
        counts[d.value if d else None] = counts.get(d.value if d else None, 0) + 1
        notes = []
        if d is not None and d.override_reason:
            notes.append(f"Recevabilité accordée par le jury : {d.override_reason}")
        if d is not None and d.reason:
            notes.append(d.reason)
        rows.append((cand_name(c), c.id, label, " ; ".join(notes)))
    order = [*decision_values(kind, DecisionStage.DOSSIER_REVIEW), None]
    summary = join_fr(
        f"{decision_text(kind, v) if v else 'sans décision'} : {counts[v]}"
        for v in order
        if counts.get(v)
    )
    blocks.append(
        Para(f"{plural(len(cands), 'dossier examiné', 'dossiers examinés')} — {summary}.")
    )
    if rows:
        blocks.append(
            Grid(
                (
                    Col("Candidat", 3),
                    Col("Dossier", 1.2),
                    Col("Classement", 3.3),
                    Col("Observations", 3.2),
                ),
                tuple(rows),
            )
        )
    tested = [
        c
        for c in cands
        if (r := session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW)) is not None
        and r.value in (DecisionValue.STANDARD, DecisionValue.PRE_ADMISSIBLE)
    ]
    blocks.append(Heading("5. Décisions à l'issue des épreuves probatoires"))
    if not tested:
        blocks.append(Para("Aucun candidat n'a été déclaré pré-admissible."))
    else:
        rows = []
        styles = []
        for i, c in enumerate(tested):
            d = session.latest_decision(c.id, DecisionStage.AFTER_TESTS)
            rows.append(
                (
                    cand_name(c),
                    c.id,
                    decision_text(kind, d.value) if d else "En attente de décision",
                    d.reason if d else "",
                )
            )
            if d is None:
                styles.append((i, "alert"))
        blocks.append(
            Grid(
                (Col("Candidat", 3), Col("Dossier", 1.4), Col("Décision", 2.2), Col("Motif", 3.6)),
                tuple(rows),
                styles=tuple(styles),
            )
        )
    places = session.info.places
    blocks.append(
        Heading("6. Classement des candidats admissibles, liste principale et liste complémentaire")
    )
    blocks.append(
        Para(
            f"Nombre de places ouvertes : {places}. {plural(len(ranked), 'candidat admissible', 'candidats admissibles')}."
        )
    )
    if ranked:
        rows = []
        rules: list[tuple[int, str]] = []
        any_tie = False
        any_excellence = False
        for i, e in enumerate(ranked):
            c = session.candidate(e.candidate_id)
            review = session.latest_decision(e.candidate_id, DecisionStage.DOSSIER_REVIEW)
            excellence = review is not None and review.value is DecisionValue.EXCELLENCE
            any_excellence = any_excellence or excellence
            route = "Excellence académique" if excellence else "Épreuves probatoires"
            rank = str(e.rank)
            if e.tied:
                rank += " *"
                any_tie = True
            rows.append(
                (
                    rank,
                    cand_name(c) if c else e.candidate_id,
                    e.candidate_id,
                    route,
                    "Principale" if e.list_name == "principale" else "Complémentaire",
                )
            )
            if i == places and places > 0:
                rules.append(
                    (i, "limite d'une place" if places == 1 else f"limite des {places} places")
                )
        if places == 0:
            rules.append((0, "aucune place ouverte"))
        blocks.append(
            Grid(
                (
                    Col("Rang", 0.8, "right"),
                    Col("Candidat", 3.2),
                    Col("Dossier", 1.4),
                    Col("Voie", 2.2),
                    Col("Liste", 1.6),
                ),
                tuple(rows),
                rules=tuple(rules),
            )
        )
        order = (
            "Les candidats admis au titre de l'excellence académique figurent en tête, par "
            "ordre alphabétique ; les autres admissibles suivent dans l'ordre du classement "
            "arrêté par le jury."
            if any_excellence
            else "Les admissibles figurent dans l'ordre du classement arrêté par le jury."
        )
        if any_tie:
            order += (
                " * Ex æquo, départagés dans l'ordre par : "
                + " ; ".join(TIE_BREAK_LABELS[1:])
                + "."
            )
        blocks.append(Para(order, "small"))
        main = [e for e in ranked if e.list_name == "principale"]
        comp = [e for e in ranked if e.list_name == "complementaire"]
        blocks.append(
            Para(
                f"Liste principale : {plural(len(main), 'candidat')}"
                + (f" (rangs 1 à {main[-1].rank})" if len(main) > 1 else "")
                + f". Liste complémentaire : {plural(len(comp), 'candidat')}"
                + (f" (rangs {comp[0].rank} à {comp[-1].rank})" if len(comp) > 1 else "")
                + "."
            )
        )
    blocks.append(
        Para(
            "L'admission est prononcée dans la limite des places, dans l'ordre du classement, "
            "lorsque la fiche descriptive du projet d'emploi de l'entreprise d'accueil est "
            "approuvée par l'école ; aucune admission n'est prononcée sans entreprise d'accueil. "
            "Si des places restent vacantes sept jours avant la rentrée, les candidats de la "
            "liste complémentaire sont appelés dans l'ordre du classement ; ils disposent de "
            "trois mois après la rentrée pour signer un contrat.",
            "small",
        )
    )
    blocks.append(
        Para(
            "Les décisions du jury sont souveraines. Les résultats détaillés ne sont pas "
            "communiqués aux candidats : les notes ne figurent pas au présent procès-verbal ; "
            "elles sont consignées dans l'annexe confidentielle.",
            "small",
        )
    )
    return blocks


def jury_date(session: Session, d: Decision) -> dt.date:
    """The day the jury met to take decision ``d``: the last of the session's days on or
    before the day it was recorded (a decision typed in the next days, or from the command
    line, was still taken at the meeting), else the day it was recorded."""
    from juryapp.domain.decisions import jury_day

    return jury_day(session.info.dates, local(d.at).date())


def vae_jury_date(session: Session, d: Decision, record: Any | None) -> dt.date:
    """The day of a VAE jury: the day its defence started, else :func:`jury_date`."""
    if record is not None and getattr(record, "started_at", None) is not None:
        return local(record.started_at).date()
    return jury_date(session, d)


def _timing_blocks(session: Session, record: Any | None) -> list[Block]:
    """The actual timings of a defence, from the clock's record
    (:class:`juryapp.domain.defence.DefenceRecord`)."""
    if record is None:
        return [
            Para(
                "Déroulement de la soutenance : aucun enregistrement du chronométrage n'est "
                "disponible pour ce candidat.",
                "note",
            )
        ]
    ep = session.epreuve(record.epreuve_id)
    specs = {p.id: p for p in ep.phases} if ep is not None else {}
    rows = []
    styles = []
    for i, p in enumerate(record.phases):
        notes = []
        spec = specs.get(p.phase_id)
        minimum = getattr(p, "minimum", spec.minimum if spec is not None else False)
        held = p.started_at is not None
        if not held:
            notes.append("phase non tenue")
        if p.paused and p.paused.total_seconds() > 0:
            notes.append(f"interruptions : {fr_duration(p.paused)}")
        overrun = getattr(p, "overrun", None)
        if overrun is not None and overrun.total_seconds() >= 1:
            notes.append(f"dépassement : {fr_duration(overrun)}")
        if held and minimum and p.duration.total_seconds() < p.planned_minutes * 60 - 0.5:
            notes.append(f"en deçà du minimum de {fr_minutes(p.planned_minutes)}")
            styles.append((i, "alert"))
        if p.ended_early_reason:
            notes.append(f"fin anticipée : {p.ended_early_reason}")
        planned = fr_minutes(p.planned_minutes)
        if minimum:
            planned = f"≥ {planned}"
        rows.append(
            (
                p.label,
                fr_time(p.started_at) if p.started_at else "—",
                fr_time(p.ended_at) if p.ended_at else "—",
                fr_duration(p.duration) if held else "—",
                planned,
                " ; ".join(notes),
            )
        )
    blocks: list[Block] = []
    when = ""
    if record.started_at is not None:
        when = f" le {fr_date(record.started_at)}, de {fr_time(record.started_at)}"
        if record.ended_at is not None:
            when += f" à {fr_time(record.ended_at)}"
    name = f" — {ep.name}" if ep is not None else ""
    blocks.append(Para(f"Déroulement de l'épreuve{name}{when} (relevé du chronomètre) :"))
    blocks.append(
        Grid(
            (
                Col("Phase", 2.4),
                Col("Début", 0.8),
                Col("Fin", 0.8),
                Col("Durée effective", 1.6),
                Col("Prévu", 1.0),
                Col("Observations", 3.0),
            ),
            tuple(rows),
            styles=tuple(styles),
        )
    )
    labels = {p.phase_id: p.label for p in record.phases}
    items = []
    for inc in record.incidents:
        span = f"de {fr_time(inc.paused_at)}"
        if inc.resumed_at is not None:
            span += f" à {fr_time(inc.resumed_at)}"
        else:
            span += ", sans reprise"
        length = getattr(inc, "duration", None)
        if length is None and inc.resumed_at is not None:
            length = inc.resumed_at - inc.paused_at
        if length is not None:
            span += f" ({fr_duration(length)})"
        items.append(
            f"Interruption pendant « {labels.get(inc.phase_id, inc.phase_id)} » {span} — "
            f"motif : {inc.reason or 'non précisé'}"
        )
    details = getattr(record, "override_details", ())
    if details:
        for o in details:
            what = f" ({'; '.join(o.overridden)})" if o.overridden else ""
            items.append(
                f"Épreuve commencée par dérogation du président le {fr_date(o.at)} à "
                f"{fr_time(o.at)}{what} — motif : {o.reason}"
            )
    else:
        items += [f"Dérogation du président : {o}" for o in record.overrides]
    end_reason = getattr(record, "end_reason", "")
    if end_reason:
        items.append(f"Motif de fin d'épreuve : {end_reason}")
    if not record.finished:
        items.append("L'épreuve n'a pas été menée à son terme (chronomètre non arrêté).")
    items += [
        f"Anomalie d'enregistrement (non prise en compte) : {a}"
        for a in getattr(record, "anomalies", ())
    ]
    if items:
        blocks.append(Bullets(tuple(items), "small"))
    return blocks


def _vae_blocks(session: Session) -> list[Block]:
    kind = session.info.kind
    blocs = {b.id: b.label for b in session.info.blocs}
    blocks: list[Block] = [Heading("4. Soutenances et décisions du jury")]
    if not session.candidates:
        blocks.append(Para("Aucun candidat."))
    for n, c in enumerate(_sorted_candidates(session), 1):
        blocks.append(Heading(f"4.{n} {cand_name(c)} — dossier {c.id}", 2))
        records = defences_of(session, c.id)
        record = records[0] if records else None
        for r in records or [None]:
            blocks += _timing_blocks(session, r)
        d = session.latest_decision(c.id, DecisionStage.VAE)
        if d is None:
            blocks.append(Notice("Aucune décision n'est enregistrée pour ce candidat.", "alert"))
            continue
        pairs: list[tuple[str, str]] = [("Décision du jury", decision_text(kind, d.value))]
        if d.value is DecisionValue.PARTIELLE:
            granted = [b for b in blocs if b in d.blocs_granted]
            remaining = [b for b in blocs if b not in d.blocs_granted]
            pairs.append(
                ("Blocs de compétences validés", "\n".join(f"{b} — {blocs[b]}" for b in granted))
            )
            pairs.append(
                (
                    "Blocs restant à valider",
                    "\n".join(f"{b} — {blocs[b]}" for b in remaining) or "—",
                )
            )
        elif d.value is DecisionValue.TOTALE and blocs:
            pairs.append(
                ("Blocs de compétences validés", "Tous les blocs (" + ", ".join(blocs) + ")")
            )
        if d.recommendations:
            pairs.append(("Préconisations du jury", d.recommendations))
        if d.reason:
            pairs.append(("Motif", d.reason))
        if d.observations:
            pairs.append(("Observations", d.observations))
        deadline = notification_deadline(vae_jury_date(session, d, record))
        pairs.append(("Notification au candidat", f"au plus tard le {fr_date(deadline)}"))
        if needs_post_jury_interview(d):
            pairs.append(
                (
                    "Suite",
                    "Un entretien post-jury est proposé au candidat pour définir ce qui reste à "
                    "accomplir.",
                )
            )
        blocks.append(Fields(tuple(pairs)))
    return blocks


def _recevabilite_blocks(session: Session) -> list[Block]:
    kind = session.info.kind
    stage = DecisionStage.DOSSIER_REVIEW
    rows = []
    styles = []
    for i, c in enumerate(_sorted_candidates(session)):
        d = session.latest_decision(c.id, stage)
        rows.append(
            (
                cand_name(c),
                c.id,
                decision_text(kind, d.value) if d else "En attente de décision",
                " ; ".join(x for x in ((d.reason, d.observations) if d else ()) if x),
            )
        )
        if d is None:
            styles.append((i, "alert"))
    blocks: list[Block] = [Heading("4. Recevabilité des demandes de VAE")]
    if not rows:
        return blocks + [Para("Aucun candidat.")]
    blocks.append(
        Grid(
            (
                Col("Candidat", 3),
                Col("Dossier", 1.4),
                Col("Décision", 1.8),
                Col("Motif, observations", 4),
            ),
            tuple(rows),
            styles=tuple(styles),
        )
    )
    return blocks


def _contrat_pro_blocks(session: Session, marks: dict[str, dict[str, str | None]]) -> list[Block]:
    kind = session.info.kind
    rows = []
    styles = []

    def m(x: str | None) -> str:
        return mark(float(x)) if x is not None else "—"

    for i, c in enumerate(_sorted_candidates(session)):
        parts = marks.get(c.id, {})
        d = session.latest_decision(c.id, DecisionStage.CONTRAT_PRO)
        rows.append(
            (
                cand_name(c),
                m(parts.get("demarche")),
                m(parts.get("rapport")),
                m(parts.get("tuteur")),
                m(parts.get("s9")),
                decision_text(kind, d.value) if d else "En attente",
            )
        )
        if d is None:
            styles.append((i, "alert"))
    blocks: list[Block] = [Heading("4. Projet d'entreprise (S9) — notes et décisions")]
    blocks.append(
        Para(
            "Note du projet d'entreprise S9 (10 ECTS) = 0,2 × note de conduite de la démarche "
            "+ 0,4 × note du bilan écrit (tuteur école) + 0,4 × note du tuteur entreprise ; "
            "toutes les notes sont sur 20."
        )
    )
    if rows:
        blocks.append(
            Grid(
                (
                    Col("Élève ingénieur", 3),
                    Col("Démarche (×\u00a00,2)", 1.3, "right"),
                    Col("Bilan écrit (×\u00a00,4)", 1.3, "right"),
                    Col("Tuteur entreprise (×\u00a00,4)", 1.5, "right"),
                    Col("Note S9 /20", 1.2, "right"),
                    Col("Décision", 1.3),
                ),
                tuple(rows),
                styles=tuple(styles),
            )
        )
    notes = []
    for c in _sorted_candidates(session):
        d = session.latest_decision(c.id, DecisionStage.CONTRAT_PRO)
        if d is not None and (d.reason or d.observations):
            notes.append(
                f"{cand_name(c)} : " + " ; ".join(x for x in (d.reason, d.observations) if x)
            )
    if notes:
        blocks.append(Bullets(tuple(notes), "small"))
    blocks.append(
        Para(
            "Rappel : le diplôme n'est délivré qu'aux élèves justifiant du niveau d'anglais "
            "requis (TOEIC) et du séjour à l'étranger obligatoire.",
            "small",
        )
    )
    return blocks


# --------------------------------------------------------------------------- the whole


@in_french
def build_minutes(
    session: Session,
    *,
    version: PvVersion | None = None,
    draft: bool = False,
    ranked: list[RankedEntry] | None = None,
) -> Minutes:
    """The content of the procès-verbal of ``session``."""
    version = version or PvVersion()
    info = session.info
    kind = info.kind
    if ranked is None:
        ranked = ranked_lists(session)
    marks = contrat_pro_marks(session)
    blocks: list[Block] = []
    blocks += _session_block(session, version)
    blocks += _jury_blocks(session)
    blocks += _conflict_blocks(session)
    if kind.is_admission:
        blocks += _admission_blocks(session, ranked)
        next_no = 7
    elif kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        blocks += _vae_blocks(session)
        next_no = 5
    elif kind is SessionKind.VAE_RECEVABILITE:
        blocks += _recevabilite_blocks(session)
        next_no = 5
    else:
        blocks += _contrat_pro_blocks(session, marks)
        next_no = 5
    blocks.append(Heading(f"{next_no}. Observations du jury"))
    blocks.append(Para(info.observations or "Néant."))
    done = f"Fait à {city(info.place, info.institution)}, le {fr_date(document_date(session))}."
    blocks.append(Heading(f"{next_no + 1}. Signatures"))
    sigs = tuple(signatories(session))
    intro = (
        "Le présent procès-verbal est signé par le président du jury et par chacun des membres "
        "présents."
    )
    if not draft:
        intro += (
            " Les signatures électroniques (PAdES) portent sur l'intégralité du document ; "
            "toute modification ultérieure les invalide."
        )
    blocks.append(Para(intro, "small"))
    blocks.append(Para(done, "strong"))
    blocks.append(Signatures(sigs))
    return Minutes(
        session_id=info.id,
        kind=kind,
        institution=info.institution,
        title=PV_TITLE,
        subtitle=info.title,
        version=version.number,
        fingerprint=fingerprint(session, ranked, marks),
        draft=draft,
        created=created_at(session),
        done_at=done,
        blocks=tuple(blocks),
        signatories=sigs,
    )
