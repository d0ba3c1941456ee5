"""The secretary's « Session » screen: jury, épreuves, imports, rules report, state.

Four tabs (keys 1 to 4, or click):

1. **Jury**: the composition (presence, PIN), the composition findings of the domain,
   refreshed live, and the conflicts of interest;
2. **Épreuves**: the épreuves and their rubrics; « optionnelle » and « notes masquées
   avant sa propre saisie » can be switched;
3. **Import**: candidates, jury or scores from a CSV/XLSX file, with a preview (counts,
   encoding, separator, unknown columns, every error with its line) before anything is
   written;
4. **Contrôle**: the rules report (composition, eligibility, VAE prerequisites, missing
   scores), grouped, with counts.

Only the secretary edits (the store enforces it too); the president may move the
session's state forward; a signed session is read-only for everyone.  Every write goes
through ``app.write`` (a worker thread); the screen follows ``app.session_version``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table as RichTable
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from juryapp.domain.composition import check_composition
from juryapp.domain.deliberation import fmt_number
from juryapp.domain.findings import Finding
from juryapp.domain.kinds import (
    EPREUVE_KIND_LABELS,
    STATUS_LABELS,
    presence_label_of,
    role_label_of,
    the_secretary,
)
from juryapp.domain.models import (
    STATUS_ORDER,
    Candidate,
    Conflict,
    ConflictType,
    Epreuve,
    JuryMember,
    Presence,
    Quality,
    Role,
    Score,
    Session,
    SessionKind,
    SessionStatus,
    Sex,
    Track,
)
from juryapp.domain.pin import hash_pin
from juryapp.domain.text import fold
from juryapp.i18n import N_, _, format_date, ngettext, school_today
from juryapp.store.errors import StoreError
from juryapp.store.importers import ImportResult, parse_candidates, parse_jury, parse_scores
from juryapp.store.session_store import SessionStore
from juryapp.ui.screens.file_picker import FilePickerScreen
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import Column, FastTable, JuryFooter, JuryHeader, Row, translated_columns
from juryapp.ui.widgets.choice import Tick

# --------------------------------------------------------------------------- labels
# French msgids, translated where they are shown

_QUALITY_SHORT: dict[Quality, str] = {
    Quality.ENSEIGNANT_CHERCHEUR: N_("Ens.-chercheur"),
    Quality.INGENIEUR: N_("Ingénieur"),
    Quality.DIRECTEUR_ETUDES: N_("Dir. études"),
    Quality.PROFESSIONNEL: N_("Professionnel"),
    Quality.ADMINISTRATIF: N_("Administratif"),
    Quality.AUTRE: N_("Extérieur"),
}
_ROLE_SHORT: dict[Role, str] = {
    Role.PRESIDENT: N_("Président"),
    Role.MEMBRE: N_("Membre"),
    Role.SECRETAIRE: N_("Secrétaire"),
}
#: the same for a woman, where French says them in the feminine
_QUALITY_SHORT_FEMININE: dict[Quality, str] = {
    Quality.ENSEIGNANT_CHERCHEUR: N_("Ens.-chercheuse"),
    Quality.INGENIEUR: N_("Ingénieure"),
    Quality.PROFESSIONNEL: N_("Professionnelle"),
    Quality.ADMINISTRATIF: N_("Administrative"),
}
_ROLE_SHORT_FEMININE: dict[Role, str] = {Role.PRESIDENT: N_("Présidente")}
#: the presence's symbol and colour (its word: kinds.presence_label_of, in lower case)
_PRESENCE_CELL: dict[Presence, tuple[str, str]] = {
    Presence.PRESENT: ("✓", "green"),
    Presence.ABSENT: ("✗", "red"),
    Presence.EXCUSED: ("○", "yellow"),
}
# Translators: the one-letter abbreviations of the sex column: F (woman), M (man)
_SEX_SHORT: dict[Sex, str] = {Sex.F: N_("F"), Sex.M: N_("M"), Sex.X: "—"}
CONFLICT_LABELS: dict[ConflictType, str] = {
    ConflictType.RELATIONSHIP: N_("lien personnel ou professionnel"),
    ConflictType.COACHED: N_("a préparé le candidat"),
    ConflictType.COLLEAGUE: N_("collègue"),
    ConflictType.OTHER: N_("autre"),
}
#: the states this screen may move a session to (« signée » is set by the minutes)
_ADVANCE_TO: dict[SessionStatus, SessionStatus] = {
    SessionStatus.PREPARATION: SessionStatus.IN_PROGRESS,
    SessionStatus.IN_PROGRESS: SessionStatus.DELIBERATION,
    SessionStatus.DELIBERATION: SessionStatus.CLOSED,
}
_STATUS_SHORT: dict[SessionStatus, str] = {
    SessionStatus.PREPARATION: N_("préparation"),
    SessionStatus.IN_PROGRESS: N_("en cours"),
    SessionStatus.DELIBERATION: N_("délibération"),
    SessionStatus.CLOSED: N_("close"),
    SessionStatus.SIGNED: N_("signée"),
}

JURY_COLUMNS = (
    Column("name", N_("Nom")),
    Column("quality", N_("Qualité"), width=15),  # « Ens.-chercheuse »
    Column("role", N_("Rôle"), width=10),
    Column("sex", N_("Sexe"), width=4, align="center"),
    Column("pin", N_("PIN"), width=5),
    Column("presence", N_("Présence")),
)


def jury_columns(jury: list[JuryMember]) -> tuple[Column, ...]:
    """The jury table's columns, translated: the name as wide as the longest (capped)."""
    width = min(26, max((len(m.full_name) for m in jury), default=10))
    return (
        Column("name", _("Nom"), width=max(width, 5)),
        *translated_columns(JURY_COLUMNS[1:]),
    )


CONFLICT_COLUMNS = (
    Column("member", N_("Membre")),
    Column("candidate", N_("Dossier")),
    Column("type", N_("Type")),
    Column("hard", N_("Nature"), width=11),
    Column("note", N_("Note")),
)

#: the track of a candidate whose file leaves the « filière » column out
_SESSION_TRACK: dict[SessionKind, Track] = {
    SessionKind.ADMISSION_1A: Track.A1,
    SessionKind.ADMISSION_2A: Track.A2,
    SessionKind.VAE_RECEVABILITE: Track.VAE,
    SessionKind.VAE_VALIDATION: Track.VAE,
    SessionKind.CQPM: Track.CQPM,
    SessionKind.CONTRAT_PRO: Track.CONTRAT_PRO,
}

IMPORT_KINDS: dict[str, str] = {
    "candidates": N_("Candidats"),
    "jury": N_("Jury"),
    "scores": N_("Notes"),
}


def finding_text(f: Finding) -> Text:
    """A finding with a symbol and a word, not only a colour."""
    text = Text()
    if f.is_error:
        word, style = "✗ " + _("erreur"), "bold red"
    else:
        word, style = "⚠ " + _("attention"), "bold yellow"
    text.append(word.ljust(max(13, len(word) + 2)), style=style)
    text.append(f.message)
    return text


def _num(x: float | None) -> str:
    return fmt_number(x)


def _separator(delimiter: str | None) -> str:
    names = {
        ";": _("point-virgule"),
        ",": _("virgule"),
        "\t": _("tabulation"),
        "|": _("barre verticale"),
    }
    if delimiter is None:
        return "— " + _("(classeur Excel)")
    shown = "⇥" if delimiter == "\t" else delimiter
    name = names.get(delimiter)
    return f"« {shown} »" + (f" ({name})" if name else "")


# --------------------------------------------------------------------------- store writes
# Run by ``app.write`` in a worker thread: ``fn(store, *args, actor=...)``.  Each reads the
# record afresh from the store, so a change saved meanwhile by another terminal is kept.


def _fresh_member(store: SessionStore, member_id: str) -> JuryMember:
    member = next((m for m in store.load_jury() if m.id == member_id), None)
    if member is None:
        raise StoreError(
            _("« {id} » n'est pas membre du jury de cette session").format(id=member_id)
        )
    return member


def set_presence(
    store: SessionStore, member_id: str, presence: Presence, reason: str, *, actor: str
) -> tuple[int, int]:
    """Mark a member present, absent or excused (with the reason of the absence)."""
    member = _fresh_member(store, member_id)
    reason = "" if presence is Presence.PRESENT else reason.strip()
    updated = member.model_copy(update={"presence": presence, "absence_reason": reason})
    return store.upsert_members([updated], actor=actor)


def set_pin(store: SessionStore, member_id: str, pin: str | None, *, actor: str) -> tuple[int, int]:
    """Set (``pin``: 4 to 12 digits) or clear (None) a member's PIN; only its hash is kept."""
    member = _fresh_member(store, member_id)
    pin_hash = hash_pin(pin) if pin else None
    return store.upsert_members([member.model_copy(update={"pin_hash": pin_hash})], actor=actor)


def set_epreuve_flag(
    store: SessionStore, epreuve_id: str, name: str, value: bool, *, actor: str
) -> None:
    """Switch ``optional`` or ``hide_until_submitted`` of one épreuve."""
    if name not in ("optional", "hide_until_submitted"):
        raise ValueError(_("réglage inconnu : {name}").format(name=name))
    epreuves = store.load_epreuves()
    if not any(e.id == epreuve_id for e in epreuves):
        raise StoreError(_("épreuve inconnue : {id}").format(id=epreuve_id))
    store.set_epreuves(
        [e.model_copy(update={name: value}) if e.id == epreuve_id else e for e in epreuves],
        actor=actor,
    )


def import_members(
    store: SessionStore, members: list[JuryMember], *, actor: str
) -> tuple[int, int]:
    """Add or update jury members from a file; a PIN already set is kept (files have none)."""
    current = {m.id: m for m in store.load_jury()}
    kept = [
        m.model_copy(update={"pin_hash": current[m.id].pin_hash})
        if m.id in current and current[m.id].pin_hash and not m.pin_hash
        else m
        for m in members
    ]
    return store.upsert_members(kept, actor=actor)


def import_scores(store: SessionStore, scores: list[Score], *, actor: str) -> tuple[int, int, int]:
    """Save imported scores, one save per owner (the secretary on behalf of the members).

    Returns (added, changed, unchanged): a score is « changed » when its value, status or
    comment differ from the one already saved under the same key (a member's overall
    comment, which a file does not carry, is kept)."""
    from juryapp.store.importers import keep_overall_comments

    by_owner: dict[str | None, list[Score]] = {}
    for s in scores:
        by_owner.setdefault(s.member_id, []).append(s)
    added = changed = unchanged = 0
    for owner, batch in by_owner.items():
        saved = store.load_scores(owner)
        existing = {s.key: s for s in saved}
        batch = keep_overall_comments(batch, saved)
        for s in batch:
            old = existing.get(s.key)
            if old is None:
                added += 1
            elif (old.value, old.status, old.comment, old.reason) != (
                s.value,
                s.status,
                s.comment,
                s.reason,
            ):
                changed += 1
            else:
                unchanged += 1
        store.save_scores(batch, actor=actor, on_behalf=owner is not None and owner != actor)
    return added, changed, unchanged


# --------------------------------------------------------------------------- import preview


@dataclass
class ImportPreview:
    """What a file would bring in, before anything is written."""

    kind: str
    path: Path
    result: ImportResult[Any] | None = None
    #: the file could not be read as a table at all
    failure: str = ""
    done: bool = False
    messages: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[Any]:
        return self.result.records if self.result else []

    @property
    def errors(self) -> list[Any]:
        return self.result.errors if self.result else []


# --------------------------------------------------------------------------- confirmation


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no, Escape for no."""

    CSS_PATH = stylesheet("session_setup")

    TITLE_FR = N_("Confirmation")

    BINDINGS = [
        Binding("escape,n", "answer(False)", N_("Annuler"), id="confirm.no"),
        Binding("o,y", "answer(True)", N_("Confirmer"), id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = _("Confirmer") if yes is None else yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                # Translators: the key that confirms: o (oui) in French, y (yes) in English
                yes = _("{label} (o)").format(label=self.yes)
                yield Button(yes, id="confirm-yes", variant="warning")
                yield Button(_("Annuler (n)"), id="confirm-no")
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


# --------------------------------------------------------------------------- the screen


class SessionSetupScreen(Screen[None]):
    CSS_PATH = stylesheet("session_setup")

    TITLE_FR = N_("Session")
    HELP = N_(
        "La préparation de la session, par le secrétaire (les autres membres la voient en "
        "lecture seule ; une session dont le procès-verbal est signé ne se modifie plus). "
        "Onglets (touches 1 à 4 ou clic) : **Jury** — sélectionnez un membre dans le tableau "
        "puis p (présent), a (absent) ou e (excusé : le motif est obligatoire, tapez-le dans "
        "la case « Motif » avant) ; le code PIN (4 à 12 chiffres, seul son empreinte est "
        "conservée) ; les contrôles de composition (✗ erreur, ⚠ attention) ; les conflits "
        "d'intérêts (un conflit « bloquant » retire le membre pour ce candidat). **Épreuves** — "
        "barèmes et critères ; « optionnelle » et « notes masquées » se règlent ici. "
        "**Import** — candidats, jury ou notes depuis un CSV ou un XLSX : un aperçu donne le "
        "nombre de lignes, l'encodage, le séparateur et chaque erreur avec sa ligne ; rien "
        "n'est écrit tant qu'il reste des erreurs, sauf si vous cochez « ignorer les lignes en "
        "erreur ». **Contrôle** — le rapport des règles. t fait avancer l'état de la session "
        "(préparation → en cours → délibération → close ; la signature vient du procès-verbal)."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Retour"), id="setup.back"),
        Binding("1", "show_tab('tab-jury')", N_("Jury"), show=False, id="setup.tab_jury"),
        Binding(
            "2", "show_tab('tab-epreuves')", N_("Épreuves"), show=False, id="setup.tab_epreuves"
        ),
        Binding("3", "show_tab('tab-import')", N_("Import"), show=False, id="setup.tab_import"),
        Binding(
            "4", "show_tab('tab-controle')", N_("Contrôle"), show=False, id="setup.tab_controle"
        ),
        Binding("p", "presence('present')", N_("Présent"), show=False, id="setup.present"),
        Binding("a", "presence('absent')", N_("Absent"), show=False, id="setup.absent"),
        Binding("e", "presence('excuse')", N_("Excusé"), show=False, id="setup.excused"),
        Binding("t", "advance_status", N_("État suivant"), id="setup.status"),
        Binding(
            "delete",
            "remove_conflict",
            N_("Retirer le conflit"),
            show=False,
            id="setup.unconflict",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.editable = False
        self.can_change_status = False
        #: the member's role may move the state (secretary, president)
        self.status_role = False
        self.readonly_reason = ""
        self.preview: ImportPreview | None = None
        self.report: list[Finding] | None = None
        self.start_folder: Path = Path.cwd()
        self._epreuve_ids: list[str] = []
        self._member_options: list[tuple[str, str]] = []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        with Horizontal(id="setup-top"):
            yield Static("", id="setup-status")
            yield Button("", id="setup-advance", compact=True, variant="primary")
        yield Static("", id="setup-banner")
        with TabbedContent(id="setup-tabs", initial="tab-jury"):
            with TabPane("1 " + _("Jury"), id="tab-jury"):
                yield from self._compose_jury()
            with TabPane("2 " + _("Épreuves"), id="tab-epreuves"):
                yield VerticalScroll(id="epreuves-list")
            with TabPane("3 " + _("Import"), id="tab-import"):
                yield from self._compose_import()
            with TabPane("4 " + _("Contrôle"), id="tab-controle"):
                yield Static("", id="check-counts")
                with VerticalScroll(id="check-scroll"):
                    yield Static(_("Contrôle en cours…"), id="check-report")
        yield JuryFooter()

    def _compose_jury(self) -> ComposeResult:
        with VerticalScroll(id="jury-scroll"):
            yield FastTable(
                translated_columns(JURY_COLUMNS),
                id="jury-table",
                empty_text=_("Aucun membre du jury"),
            )
            with Horizontal(id="presence-bar", classes="setup-bar"):
                yield Static("", id="jury-selected")
                yield Button(
                    _("Présent") + " p", id="presence-present", classes="edit", compact=True
                )
                yield Button(_("Absent") + " a", id="presence-absent", classes="edit", compact=True)
                yield Button(_("Excusé") + " e", id="presence-excuse", classes="edit", compact=True)
            with Horizontal(id="reason-bar", classes="setup-bar"):
                yield Input(
                    placeholder=_("Motif de l'absence (obligatoire si excusé)"),
                    id="presence-reason",
                    classes="edit",
                    compact=True,
                )
            with Horizontal(id="pin-bar", classes="setup-bar"):
                yield Input(
                    placeholder=_("Nouveau PIN (4 à 12 chiffres)"),
                    password=True,
                    restrict=r"\d*",
                    max_length=12,
                    id="pin-input",
                    classes="edit",
                    compact=True,
                )
                yield Button(_("Définir le PIN"), id="pin-set", classes="edit", compact=True)
                yield Button(_("Retirer le PIN"), id="pin-clear", classes="edit", compact=True)
            yield Static(_("Composition du jury"), classes="setup-heading")
            yield Static("", id="composition")
            yield Static(_("Conflits d'intérêts"), classes="setup-heading")
            yield FastTable(
                translated_columns(CONFLICT_COLUMNS),
                id="conflicts-table",
                empty_text=_("Aucun conflit déclaré"),
            )
            # the highlighted conflict in full (the table cuts its cells in a narrow terminal)
            yield Static("", id="conflict-detail")
            with Horizontal(id="conflict-form", classes="setup-bar"):
                yield Select(
                    [], prompt=_("Membre"), id="conflict-member", classes="edit", compact=True
                )
                yield Input(
                    placeholder=_("Dossier (identifiant ou nom)"),
                    id="conflict-candidate",
                    classes="edit",
                    compact=True,
                )
                yield Select(
                    [(_(label), t) for t, label in CONFLICT_LABELS.items()],
                    allow_blank=False,
                    value=ConflictType.RELATIONSHIP,
                    id="conflict-type",
                    classes="edit",
                    compact=True,
                )
            with Horizontal(id="conflict-form-2", classes="setup-bar"):
                yield Tick(
                    _("bloquant (ne siège pas)"),
                    value=True,
                    id="conflict-hard",
                    classes="edit",
                    compact=True,
                )
                yield Input(
                    placeholder=_("Note (facultative)"),
                    id="conflict-note",
                    classes="edit",
                    compact=True,
                )
            with Horizontal(id="conflict-buttons", classes="setup-bar"):
                yield Button(
                    _("Déclarer le conflit"), id="conflict-add", classes="edit", compact=True
                )
                yield Button(
                    _("Retirer le conflit sélectionné (Suppr)"),
                    id="conflict-remove",
                    classes="edit",
                    compact=True,
                )

    def _compose_import(self) -> ComposeResult:
        with Vertical(id="import-pane"):
            with Horizontal(id="import-buttons", classes="setup-bar"):
                yield Static(_("Importer :"), id="import-label")
                for kind, label in IMPORT_KINDS.items():
                    yield Button(f"{_(label)}…", id=f"import-{kind}", classes="edit", compact=True)
            yield Static(
                _(
                    "Choisissez le type de fichier à importer (CSV ou XLSX). Un aperçu s'affiche "
                    "avant toute écriture."
                ),
                id="import-summary",
            )
            yield OptionList(id="import-errors")
            with Horizontal(id="import-actions", classes="setup-bar"):
                yield Tick(
                    _("ignorer les lignes en erreur"),
                    id="import-skip",
                    classes="edit",
                    compact=True,
                )
                yield Button(
                    _("Importer"), id="import-do", variant="primary", classes="edit", compact=True
                )
            yield Static("", id="import-result")

    def on_mount(self) -> None:
        self.query_one("#import-errors", OptionList).display = False
        self.query_one("#setup-status", Static).tooltip = _("État de la session")
        self.watch(self.app, "session_version", self._session_changed, init=True)
        self.query_one("#jury-table", FastTable).focus()

    # ------------------------------------------------------------------ refresh

    @property
    def session(self) -> Session | None:
        return self.app.session  # type: ignore[attr-defined,no-any-return]

    def _session_changed(self, _version: int = 0) -> None:
        session = self.session
        if session is None:
            return
        self._update_rights(session)
        self._show_status(session)
        self._show_jury(session)
        self._show_conflicts(session)
        self._show_epreuves(session)
        self._update_import_controls()
        self._compute_report(session)
        self.refresh_bindings()

    def _update_rights(self, session: Session) -> None:
        member: JuryMember | None = self.app.member  # type: ignore[attr-defined]
        status = session.info.status
        signed = status is SessionStatus.SIGNED
        role = member.role if member else None
        self.editable = role is Role.SECRETAIRE and not signed
        self.status_role = role in (Role.SECRETAIRE, Role.PRESIDENT)
        self.can_change_status = self.status_role and not signed and status in _ADVANCE_TO
        if signed:
            reason = _(
                "Lecture seule : le procès-verbal est signé, la session ne peut plus être "
                "modifiée (une réouverture motivée est nécessaire)."
            )
        elif role is Role.SECRETAIRE:
            reason = ""
        else:
            sec = session.secretary
            who = f" ({sec.full_name})" if sec else ""
            me = _(role_label_of(member)) if member else _("non connecté")
            # « c'est la secrétaire (Claire Roux) qui prépare la session »
            reason = _(
                "Lecture seule : c'est {secretary}{who} qui prépare la session ; vous êtes {me}."
            ).format(secretary=the_secretary(sec), who=who, me=me.lower())
            if role is Role.PRESIDENT:
                reason += " " + _("Vous pouvez faire avancer l'état de la session (t).")
        self.readonly_reason = reason
        banner = self.query_one("#setup-banner", Static)
        banner.update(Text(reason, style="bold"))
        banner.display = bool(reason)
        for widget in self.query(".edit"):
            widget.disabled = not self.editable

    def _show_status(self, session: Session) -> None:
        status = session.info.status
        text = Text()
        for i, step in enumerate(STATUS_ORDER):
            if i:
                text.append(" › ", style="dim")
            label = _(_STATUS_SHORT[step])
            if step is status:
                text.append(f"[{label}]", style="bold reverse")
            elif STATUS_ORDER.index(step) < STATUS_ORDER.index(status):
                text.append(label, style="dim")
            else:
                text.append(label)
        self.query_one("#setup-status", Static).update(text)
        button = self.query_one("#setup-advance", Button)
        nxt = _ADVANCE_TO.get(status)
        if nxt is None:
            button.label = _("Signature : par le PV") if status is SessionStatus.CLOSED else "—"
            button.disabled = True
        else:
            # the key only for who has it (the secretary, the president)
            button.label = f"→ {_(_STATUS_SHORT[nxt])}" + (" (t)" if self.status_role else "")
            button.disabled = not self.can_change_status

    # --- jury

    def _jury_rows(self, session: Session) -> list[Row]:
        rows = []
        for m in session.jury:
            symbol, colour = _PRESENCE_CELL[m.presence]
            woman = m.sex is Sex.F
            presence = Text(f"{symbol} {_(presence_label_of(m)).lower()}", style=colour)
            if m.absence_reason:
                presence.append(f" : {m.absence_reason}", style="default")
            cells = (
                m.full_name,
                _((woman and _QUALITY_SHORT_FEMININE.get(m.quality)) or _QUALITY_SHORT[m.quality]),
                _((woman and _ROLE_SHORT_FEMININE.get(m.role)) or _ROLE_SHORT[m.role]),
                _(_SEX_SHORT[m.sex]) if m.sex in (Sex.F, Sex.M) else _SEX_SHORT[m.sex],
                Text("✓ " + _("oui"), style="green")
                if m.pin_hash
                else Text("— " + _("non"), style="dim"),
                presence,
            )
            rows.append(Row(m.id, cells, data=m))
        return rows

    def _show_jury(self, session: Session) -> None:
        table = self.query_one("#jury-table", FastTable)
        columns = jury_columns(session.jury)
        if columns != table.columns:
            table.set_columns(columns)
        table.set_rows(self._jury_rows(session))
        table.styles.height = min(len(session.jury), 12) + 1
        self._show_selected()
        findings = check_composition(session.info.kind, session.jury, session.conflicts)
        text = Text()
        if not findings:
            text.append("✓ " + _("conforme") + "  ", style="bold green")
            text.append(_("rien à signaler sur la composition du jury"))
        for i, f in enumerate(findings):
            if i:
                text.append("\n")
            text.append_text(finding_text(f))
        self.query_one("#composition", Static).update(text)

        options = [(m.full_name, m.id) for m in session.jury if m.role is not Role.SECRETAIRE]
        if options != self._member_options:
            select = self.query_one("#conflict-member", Select)
            keep = select.value
            select.set_options(options)
            if keep in {v for _l, v in options}:
                select.value = keep
            self._member_options = options

    def _show_selected(self) -> None:
        member = self.selected_member()
        label = self.query_one("#jury-selected", Static)
        text = Text()
        if member is None:
            text.append(_("(aucun membre sélectionné)"), style="dim")
        else:
            text.append(member.full_name, style="bold")
            text.append(f" ({member.id})", style="dim")
        label.update(text)

    def selected_member(self) -> JuryMember | None:
        session = self.session
        key = self.query_one("#jury-table", FastTable).cursor_key
        if session is None or key is None:
            return None
        return session.member(key)

    @on(FastTable.RowHighlighted, "#jury-table")
    def _member_highlighted(self) -> None:
        self._show_selected()

    # --- conflicts

    @on(FastTable.RowHighlighted, "#conflicts-table")
    def _conflict_highlighted(self, event: FastTable.RowHighlighted) -> None:
        detail = self.query_one("#conflict-detail", Static)
        row = event.table.get_row(event.key) if event.key is not None else None
        if row is None:
            detail.update("")
            return
        member, candidate, kind, nature, note = (
            c.plain if isinstance(c, Text) else str(c) for c in row.cells
        )
        text = Text.assemble((member, "bold"), " — ", candidate, " · ", kind, " · ", nature)
        if note:
            text.append("\n" + note, style="italic")
        detail.update(text)

    def _show_conflicts(self, session: Session) -> None:
        rows = []
        for c in session.conflicts:
            member = session.member(c.member_id)
            cand = session.candidate(c.candidate_id)
            nature = (
                Text("⊘ " + _("bloquant"), style="red")
                if c.hard
                else Text("△ " + _("déclaré"), style="yellow")  # as on the dossier
            )
            rows.append(
                Row(
                    f"{c.member_id}\x1f{c.candidate_id}",
                    (
                        member.full_name if member else c.member_id,
                        f"{c.candidate_id} {cand.full_name}" if cand else c.candidate_id,
                        _(CONFLICT_LABELS[c.type]),
                        nature,
                        c.note,
                    ),
                    data=c,
                )
            )
        table = self.query_one("#conflicts-table", FastTable)
        table.set_rows(rows)
        table.styles.height = min(max(len(rows), 1), 8) + 1

    # --- épreuves

    def _show_epreuves(self, session: Session) -> None:
        ids = [e.id for e in session.epreuves]
        if ids != self._epreuve_ids:
            self._epreuve_ids = ids
            self.call_later(self._rebuild_epreuves, list(session.epreuves))
            return
        for i, e in enumerate(session.epreuves):
            self._fill_epreuve(i, e)

    async def _rebuild_epreuves(self, epreuves: list[Epreuve]) -> None:
        box_ = self.query_one("#epreuves-list", VerticalScroll)
        await box_.remove_children()
        cards: list[Widget] = [self._epreuve_card(i, e) for i, e in enumerate(epreuves)]
        if not cards:
            cards = [Static(_("Aucune épreuve définie pour cette session."))]
        await box_.mount_all(cards)

    def _epreuve_card(self, index: int, e: Epreuve) -> Vertical:
        card = Vertical(
            Static(self._epreuve_head(e), id=f"ep-head-{index}", classes="epreuve-head"),
            Horizontal(
                Tick(
                    _("optionnelle"),
                    e.optional,
                    id=f"ep-optional-{index}",
                    classes="edit epreuve-flag",
                    compact=True,
                    disabled=not self.editable,
                ),
                Tick(
                    _("notes des autres masquées avant sa propre saisie"),
                    e.hide_until_submitted,
                    id=f"ep-hide-{index}",
                    classes="edit epreuve-flag",
                    compact=True,
                    disabled=not self.editable,
                ),
                classes="epreuve-flags",
            ),
            Static(self._criteria_table(e), id=f"ep-criteria-{index}", classes="epreuve-criteria"),
            classes="epreuve-card",
        )
        card.border_title = e.name
        return card

    def _fill_epreuve(self, index: int, e: Epreuve) -> None:
        try:
            head = self.query_one(f"#ep-head-{index}", Static)
        except Exception:  # noqa: BLE001 - not mounted yet
            return
        head.parent.border_title = e.name  # type: ignore[union-attr]
        head.update(self._epreuve_head(e))
        for name, value in (("optional", e.optional), ("hide", e.hide_until_submitted)):
            box_ = self.query_one(f"#ep-{name}-{index}", Checkbox)
            if box_.value != value:
                with box_.prevent(Checkbox.Changed):
                    box_.value = value
        self.query_one(f"#ep-criteria-{index}", Static).update(self._criteria_table(e))

    @staticmethod
    def _epreuve_head(e: Epreuve) -> Text:
        text = Text()
        text.append(_(EPREUVE_KIND_LABELS[e.kind]), style="bold")
        if e.duration_minutes:
            text.append(f" · {_num(e.duration_minutes)} min")
        text.append(" · " + _("coef. {weight}").format(weight=_num(e.weight)))
        text.append(" · " + (_("optionnelle") if e.optional else _("obligatoire")), style="italic")
        if e.pass_mark is not None:
            text.append(" · " + _("seuil {mark}").format(mark=_num(e.pass_mark)))
        if e.hide_until_submitted:
            text.append(" · " + _("notes masquées avant saisie"))
        # the name is the card's title; the identifier is what files of scores give
        text.append(" · " + _("identifiant {id}").format(id=e.id), style="dim")
        if e.external_source:
            text.append("\n")
            text.append(_("⇲ source externe : "), style="bold")
            text.append(
                _("{source} (notes importées, pas saisies par le jury)").format(
                    source=e.external_source
                )
            )
        if e.phases:
            parts = []
            for p in e.phases:
                bound = "≥ " if p.minimum else ""
                said = "interromp" in p.label.casefold()
                extra = " " + _("sans interruption") if p.uninterrupted and not said else ""
                parts.append(f"{p.label} : {bound}{_num(p.minutes)} min{extra}")
            text.append("\n")
            text.append(_("Phases : "), style="bold")
            text.append(" · ".join(parts))
        return text

    @staticmethod
    def _criteria_table(e: Epreuve) -> RichTable:
        rows = []
        for c in e.criteria:
            if c.levels is not None:
                scale = "/".join(_num(x) for x in c.levels)
            else:
                step = " " + _("pas {step}").format(step=_num(c.step)) if c.step else ""
                scale = f"{_num(c.min)}–{_num(c.max)}{step}"
            descriptors = "\n".join(f"{k} · {v}" for k, v in c.descriptors.items())
            rows.append((c.label, scale, _num(c.weight), descriptors or "—"))
        scale_width = min(16, max([6, *(len(r[1]) for r in rows)]))
        table = RichTable(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
        table.add_column(_("Critère"), ratio=3)
        table.add_column(_("Barème"), width=scale_width)
        table.add_column(_("Coef."), justify="right", width=5)
        table.add_column(_("Descripteurs"), ratio=4)
        for row in rows:
            table.add_row(*row)
        return table

    @on(Checkbox.Changed, ".epreuve-flag")
    def _epreuve_flag_changed(self, event: Checkbox.Changed) -> None:
        session = self.session
        box_id = event.checkbox.id or ""
        try:
            _ep, name, index = box_id.split("-")
            epreuve = session.epreuves[int(index)] if session else None
        except (ValueError, IndexError):
            return
        if epreuve is None:
            return
        field_name = "optional" if name == "optional" else "hide_until_submitted"
        if getattr(epreuve, field_name) == event.value:
            return
        if not self._check_editable():
            with event.checkbox.prevent(Checkbox.Changed):
                event.checkbox.value = getattr(epreuve, field_name)
            return
        self.app.write(  # type: ignore[attr-defined]
            _("Épreuve « {name} » modifiée").format(name=epreuve.name),
            set_epreuve_flag,
            epreuve.id,
            field_name,
            event.value,
        )

    # ------------------------------------------------------------------ rights

    def _check_editable(self) -> bool:
        if self.editable:
            return True
        self.notify(
            self.readonly_reason or _("Lecture seule"), title=_("Refusé"), severity="warning"
        )
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("presence", "remove_conflict"):
            try:
                tab = self.query_one("#setup-tabs", TabbedContent).active
            except Exception:  # noqa: BLE001 - before compose
                return True
            # read-only: the action says why (a toast) rather than doing nothing
            return tab == "tab-jury"
        if action == "advance_status":
            if self.can_change_status:
                return True
            return None if self.status_role else False
        return True

    def unavailable_reason(self, action: str) -> str | None:
        """Why a greyed key does nothing (the app shows it when the key is pressed)."""
        if action == "advance_status" and self.session is not None:
            return self._why_the_status_stays(self.session)
        return None

    def _why_the_status_stays(self, session: Session) -> str:
        if session.info.status is SessionStatus.CLOSED:
            return _("la session est close : elle sera signée avec le procès-verbal")
        return self.readonly_reason or _("l'état de la session ne peut plus avancer ici")

    # ------------------------------------------------------------------ tabs

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one("#setup-tabs", TabbedContent)
        # the focus leaves the pane about to hide first, for the tab bar: Textual would
        # give it to the next widget of that pane, whose pane would then show again (« s »
        # then « 3 » at once showed the Import pane with « Jury… » focused, not
        # « Candidats… »)
        self.query_one("#setup-tabs ContentTabs").focus()
        tabs.active = tab
        # once the pane shows: before, its widgets cannot take the focus (the Contrôle tab
        # then needed a Tab before the arrows scrolled it)
        self.call_after_refresh(self._focus_tab, tab)

    def _focus_tab(self, tab: str, tries: int = 3) -> None:
        """Focus the pane's own widget: once it shows, which may take a refresh or two
        after the tab changed (before, it cannot take the focus)."""
        target = {
            "tab-jury": "#jury-table",
            "tab-epreuves": "#epreuves-list",
            "tab-import": "#import-candidates",
            "tab-controle": "#check-scroll",
        }.get(tab)
        if target:
            widget = self.query_one(target)
            if widget.focusable:
                widget.focus()
            elif tries > 0:
                self.call_after_refresh(self._focus_tab, tab, tries - 1)
            else:
                self.query_one("#setup-tabs ContentTabs").focus()

    @on(TabbedContent.TabActivated, "#setup-tabs")
    def _tab_activated(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------------ presence, PIN

    def action_presence(self, value: str) -> None:
        if not self._check_editable():
            return
        member = self.selected_member()
        if member is None:
            self.notify(_("Sélectionnez d'abord un membre dans le tableau"), severity="warning")
            return
        presence = Presence(value)
        reason_box = self.query_one("#presence-reason", Input)
        reason = reason_box.value.strip()
        if presence is Presence.EXCUSED and not reason:
            self.notify(
                _("Tapez le motif de l'absence (obligatoire pour un membre excusé), puis e"),
                title=_("Motif manquant"),
                severity="warning",
            )
            reason_box.focus()
            return
        if presence is Presence.PRESENT:
            reason = ""
        if member.presence is presence and member.absence_reason == reason:
            return
        self.app.write(  # type: ignore[attr-defined]
            _("Présence enregistrée : {name}, {presence}").format(
                name=member.full_name,
                presence=_(
                    presence_label_of(member.model_copy(update={"presence": presence}))
                ).lower(),
            ),
            set_presence,
            member.id,
            presence,
            reason,
            on_done=lambda _r: self._presence_saved(),
        )

    def _presence_saved(self) -> None:
        self.query_one("#presence-reason", Input).value = ""

    @on(Button.Pressed, "#presence-present,#presence-absent,#presence-excuse")
    def _presence_pressed(self, event: Button.Pressed) -> None:
        self.action_presence((event.button.id or "").removeprefix("presence-"))

    @on(Input.Submitted, "#presence-reason")
    def _reason_submitted(self) -> None:
        member = self.selected_member()
        if member is not None and member.presence is Presence.ABSENT:
            self.action_presence("absent")
        else:
            self.action_presence("excuse")

    @on(Button.Pressed, "#pin-set")
    @on(Input.Submitted, "#pin-input")
    def _set_pin(self) -> None:
        if not self._check_editable():
            return
        member = self.selected_member()
        if member is None:
            self.notify(_("Sélectionnez d'abord un membre dans le tableau"), severity="warning")
            return
        box_ = self.query_one("#pin-input", Input)
        pin = box_.value.strip()
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            self.notify(
                _("Le code PIN doit comporter de 4 à 12 chiffres"), title=_("PIN"), severity="error"
            )
            box_.focus()
            return
        box_.value = ""  # the PIN itself never stays on screen nor in memory longer than needed
        self.app.write(  # type: ignore[attr-defined]
            _("PIN défini pour {name}").format(name=member.full_name), set_pin, member.id, pin
        )

    @on(Button.Pressed, "#pin-clear")
    def _clear_pin(self) -> None:
        if not self._check_editable():
            return
        member = self.selected_member()
        if member is None or not member.pin_hash:
            self.notify(_("Ce membre n'a pas de code PIN"), severity="warning")
            return
        self.app.write(  # type: ignore[attr-defined]
            _("PIN retiré pour {name}").format(name=member.full_name), set_pin, member.id, None
        )

    # ------------------------------------------------------------------ conflicts

    def find_candidate(self, text: str) -> Candidate | None:
        """A candidate by id (case ignored) or by a name that designates only one."""
        session = self.session
        text = text.strip()
        if session is None or not text:
            return None
        found = session.candidate(text)
        if found is not None:
            return found
        folded = fold(text)
        by_id = [c for c in session.candidates if c.id.casefold() == text.casefold()]
        if by_id:
            return by_id[0]
        hits = [
            c
            for c in session.candidates
            if folded in fold(c.full_name) or folded in fold(f"{c.first_name} {c.last_name}")
        ]
        return hits[0] if len(hits) == 1 else None

    @on(Button.Pressed, "#conflict-add")
    @on(Input.Submitted, "#conflict-candidate,#conflict-note")
    def _add_conflict(self) -> None:
        if not self._check_editable():
            return
        member_id = self.query_one("#conflict-member", Select).value
        if member_id is Select.NULL:
            self.notify(_("Choisissez le membre du jury"), title=_("Conflit"), severity="warning")
            self.query_one("#conflict-member", Select).focus()
            return
        cand_box = self.query_one("#conflict-candidate", Input)
        cand = self.find_candidate(cand_box.value)
        if cand is None:
            self.notify(
                _("Dossier « {text} » introuvable (ou ambigu) : tapez son identifiant").format(
                    text=cand_box.value.strip()
                ),
                title=_("Conflit"),
                severity="warning",
            )
            cand_box.focus()
            return
        conflict = Conflict(
            member_id=str(member_id),
            candidate_id=cand.id,
            type=ConflictType(self.query_one("#conflict-type", Select).value),
            hard=self.query_one("#conflict-hard", Checkbox).value,
            note=self.query_one("#conflict-note", Input).value.strip(),
        )
        self.app.write(  # type: ignore[attr-defined]
            _("Conflit d'intérêts déclaré"),
            SessionStore.add_conflict,
            conflict,
            on_done=lambda _r: self._conflict_added(),
        )

    def _conflict_added(self) -> None:
        self.query_one("#conflict-candidate", Input).value = ""
        self.query_one("#conflict-note", Input).value = ""

    @on(Button.Pressed, "#conflict-remove")
    def action_remove_conflict(self) -> None:
        if not self._check_editable():
            return
        table = self.query_one("#conflicts-table", FastTable)
        row = table.get_row(table.cursor_key) if table.cursor_key else None
        if row is None:
            self.notify(_("Aucun conflit sélectionné"), severity="warning")
            return
        c: Conflict = row.data
        session = self.session
        member = session.member(c.member_id) if session else None
        name = member.full_name if member else c.member_id

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.app.write(  # type: ignore[attr-defined]
                    _("Conflit d'intérêts retiré"),
                    SessionStore.remove_conflict,
                    c.member_id,
                    c.candidate_id,
                )

        self.app.push_screen(
            ConfirmScreen(
                _("Retirer le conflit d'intérêts entre {name} et {candidate} ?").format(
                    name=name, candidate=c.candidate_id
                )
            ),
            confirmed,
        )

    # ------------------------------------------------------------------ status

    @on(Button.Pressed, "#setup-advance")
    def action_advance_status(self) -> None:
        session = self.session
        if session is None:
            return
        nxt = _ADVANCE_TO.get(session.info.status)
        if not self.can_change_status or nxt is None:
            self.notify(self._why_the_status_stays(session), title=_("État"), severity="warning")
            return
        current = _(STATUS_LABELS[session.info.status])
        target = _(STATUS_LABELS[nxt])
        question = (
            _("Faire passer la session de « {current} » à « {target} » ?").format(
                current=current, target=target
            )
            + "\n\n"
            + _(
                "L'état d'une session ne fait qu'avancer : ce changement ne pourra pas être annulé."
            )
        )

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.app.write(  # type: ignore[attr-defined]
                    _("Session : {status}").format(status=target.lower()),
                    SessionStore.set_status,
                    nxt,
                )

        self.app.push_screen(
            ConfirmScreen(question, yes=_("Passer à « {status} »").format(status=target)),
            confirmed,
        )

    # ------------------------------------------------------------------ import

    @on(Button.Pressed, "#import-candidates,#import-jury,#import-scores")
    def _import_pressed(self, event: Button.Pressed) -> None:
        self.pick_file((event.button.id or "").removeprefix("import-"))

    def pick_file(self, kind: str) -> None:
        """Open the file picker, then preview what the file brings in."""
        if not self._check_editable():
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.start_folder = path.parent
                self.preview_file(kind, path)

        title = _("Importer : {what}").format(what=_(IMPORT_KINDS[kind]).lower())
        self.app.push_screen(FilePickerScreen(self.start_folder, title=title), chosen)

    def preview_file(self, kind: str, path: Path) -> None:
        """Read ``path`` as a ``kind`` file (in a worker) and show what it would bring."""
        self.preview = ImportPreview(kind, Path(path))
        self.query_one("#import-skip", Checkbox).value = False
        self.query_one("#import-result", Static).update("")
        self.query_one("#import-summary", Static).update(
            _("Lecture de {file}…").format(file=Path(path).name)
        )
        self.query_one("#import-errors", OptionList).display = False
        self._update_import_controls()
        self._parse_file(kind, Path(path), self.session)

    @work(thread=True, exclusive=True, group="import-parse")
    def _parse_file(self, kind: str, path: Path, session: Session | None) -> None:
        preview = ImportPreview(kind, path)
        try:
            if kind == "candidates":
                track = _SESSION_TRACK.get(session.info.kind) if session else None
                preview.result = parse_candidates(path, default_track=track)
            elif kind == "jury":
                preview.result = parse_jury(path)
            else:
                if session is None:
                    raise ValueError(_("session non chargée"))
                preview.result = parse_scores(path, session)
        except (ValueError, OSError, StoreError) as exc:
            preview.failure = str(exc) or exc.__class__.__name__
        self.app.call_from_thread(self._show_preview, preview)

    def _show_preview(self, preview: ImportPreview) -> None:
        if self.preview is None or self.preview.path != preview.path:
            return  # another file was chosen meanwhile
        self.preview = preview
        summary = Text()
        summary.append(f"{_(IMPORT_KINDS[preview.kind])} — {preview.path.name}\n", style="bold")
        errors = self.query_one("#import-errors", OptionList)
        errors.clear_options()
        if preview.failure:
            summary.append(_("✗ fichier illisible : "), style="bold red")
            summary.append(preview.failure)
            errors.display = False
        else:
            result = preview.result
            assert result is not None
            n = len(result.records)
            valid = {
                "candidates": ngettext("{n} dossier valable", "{n} dossiers valables", n),
                "jury": ngettext("{n} membre valable", "{n} membres valables", n),
                "scores": ngettext("{n} note valable", "{n} notes valables", n),
            }[preview.kind]
            bad = len(result.rejected_lines)
            read = ngettext("{n} ligne lue", "{n} lignes lues", result.rows_read)
            summary.append(read.format(n=result.rows_read) + " · ")
            summary.append(valid.format(n=n), style="bold")
            if bad:
                summary.append(
                    " · "
                    + ngettext("{n} ligne en erreur", "{n} lignes en erreur", bad).format(n=bad),
                    style="bold red",
                )
            summary.append("\n")
            encoding = _("classeur Excel") if result.encoding == "xlsx" else result.encoding
            summary.append(
                _("Encodage : {encoding} · séparateur : {separator}").format(
                    encoding=encoding, separator=_separator(result.delimiter)
                )
            )
            if result.unknown_columns:
                cols = ", ".join(result.unknown_columns)
                summary.append("\n")
                if preview.kind == "candidates":
                    summary.append(
                        _("Colonnes inconnues, conservées en notes : {columns}").format(
                            columns=cols
                        )
                    )
                else:
                    summary.append(
                        _("Colonnes inconnues, ignorées : {columns}").format(columns=cols)
                    )
            if result.errors:
                summary.append("\n")
                n = len(result.errors)
                summary.append(
                    "✗ " + ngettext("{n} erreur", "{n} erreurs", n).format(n=n), style="bold red"
                )
                summary.append(
                    _(
                        " : rien ne sera importé tant que le fichier n'est pas corrigé, sauf si "
                        "vous cochez « ignorer les lignes en erreur » (seules les lignes "
                        "valables sont alors importées)."
                    )
                )
                errors.add_options(
                    [
                        Option(Text("✗ " + str(e)), id=f"err-{i}")
                        for i, e in enumerate(result.errors)
                    ]
                )
                errors.border_title = _("Erreurs ({n}) — fichier, ligne, champ").format(
                    n=len(result.errors)
                )
                errors.display = True
            else:
                summary.append("\n")
                summary.append("✓ " + _("aucune erreur"), style="bold green")
                errors.display = False
        self.query_one("#import-summary", Static).update(summary)
        self._update_import_controls()

    def can_import(self) -> bool:
        p = self.preview
        if not self.editable or p is None or p.done or p.result is None or not p.records:
            return False
        return not p.errors or self.query_one("#import-skip", Checkbox).value

    def _update_import_controls(self) -> None:
        p = self.preview
        has_errors = bool(p is not None and p.errors and not p.done)
        skip = self.query_one("#import-skip", Checkbox)
        skip.disabled = not (self.editable and has_errors)
        self.query_one("#import-do", Button).disabled = not self.can_import()

    @on(Checkbox.Changed, "#import-skip")
    def _skip_changed(self) -> None:
        self._update_import_controls()

    @on(Button.Pressed, "#import-do")
    def action_import(self) -> None:
        if not self._check_editable():
            return
        p = self.preview
        if p is None or p.result is None:
            self.notify(_("Choisissez d'abord un fichier"), severity="warning")
            return
        if not self.can_import():
            if p.errors:
                self.notify(
                    _(
                        "Le fichier contient des erreurs : corrigez-le, ou cochez « ignorer les "
                        "lignes en erreur »"
                    ),
                    title=_("Import"),
                    severity="warning",
                )
            return
        records = list(p.records)
        skipped = len(p.result.rejected_lines)
        name = p.path.name
        p.done = True
        self._update_import_controls()

        def done(result: Any) -> None:
            self._import_done(p, result, skipped)

        if p.kind == "candidates":
            self.app.write(  # type: ignore[attr-defined]
                _("Import des candidats ({file})").format(file=name),
                SessionStore.upsert_candidates,
                records,
                on_done=done,
            )
        elif p.kind == "jury":
            self.app.write(  # type: ignore[attr-defined]
                _("Import du jury ({file})").format(file=name),
                import_members,
                records,
                on_done=done,
            )
        else:
            self.app.write(  # type: ignore[attr-defined]
                _("Import des notes ({file})").format(file=name),
                import_scores,
                records,
                on_done=done,
            )
        self.set_timer(0.05, self._watch_import_failure)

    def _watch_import_failure(self) -> None:
        """If the write was refused (toast shown by the app), let the user try again."""
        if any(w.group == "write" and not w.is_finished for w in self.app.workers):
            self.set_timer(0.1, self._watch_import_failure)
            return
        p = self.preview
        if p is not None and p.done and not p.messages:
            p.done = False
            self._update_import_controls()

    def _import_done(self, preview: ImportPreview, result: Any, skipped: int) -> None:
        if preview.kind == "scores":
            added, changed, unchanged = result
            text = _(
                "{added} note(s) ajoutée(s), {changed} modifiée(s), {unchanged} inchangée(s)"
            ).format(added=added, changed=changed, unchanged=unchanged)
        else:
            added, updated = result
            if preview.kind == "candidates":
                text = ngettext(
                    "{added} dossier ajouté, {updated} mis à jour",
                    "{added} dossiers ajoutés, {updated} mis à jour",
                    added,
                )
            else:
                text = ngettext(
                    "{added} membre ajouté, {updated} mis à jour",
                    "{added} membres ajoutés, {updated} mis à jour",
                    added,
                )
            text = text.format(added=added, updated=updated)
        if skipped:
            text += ngettext(
                ", {n} ligne en erreur ignorée", ", {n} lignes en erreur ignorées", skipped
            ).format(n=skipped)
        preview.messages.append(text)
        out = Text()
        out.append(_("✓ Importé") + " ", style="bold green")
        out.append(f"({preview.path.name}) : {text}")
        self.query_one("#import-result", Static).update(out)
        self._update_import_controls()

    # ------------------------------------------------------------------ report

    @work(thread=True, exclusive=True, group="setup-report")
    def _compute_report(self, session: Session) -> None:
        findings = _check_session(session)
        composition = len(check_composition(session.info.kind, session.jury, session.conflicts))
        groups = group_report(session.info.kind, findings, composition)
        self.app.call_from_thread(self._show_report, findings, groups)

    def _show_report(self, findings: list[Finding], groups: dict[str, list[Finding]]) -> None:
        self.report = findings
        total = Counter(f.level for f in findings)
        counts = Text()
        if total["error"]:
            n = total["error"]
            counts.append(
                "✗ " + ngettext("{n} erreur", "{n} erreurs", n).format(n=n), style="bold red"
            )
        else:
            counts.append("✓ " + _("aucune erreur"), style="bold green")
        counts.append(" · ")
        if total["warning"]:
            counts.append(
                "⚠ "
                + ngettext(
                    "{n} point d'attention", "{n} points d'attention", total["warning"]
                ).format(n=total["warning"]),
                style="bold yellow",
            )
        else:
            counts.append(_("aucun point d'attention"))
        counts.append(
            " · " + _("au {date}").format(date=format_date(school_today(), "short")), style="dim"
        )
        self.query_one("#check-counts", Static).update(counts)

        report = Text()
        for title, items in groups.items():
            c = Counter(f.level for f in items)
            if report:
                report.append("\n\n")
            report.append(_(title), style="bold underline")
            report.append(
                "  — "
                + ngettext("{n} erreur", "{n} erreurs", c["error"]).format(n=c["error"])
                + ", "
                + ngettext("{n} point d'attention", "{n} points d'attention", c["warning"]).format(
                    n=c["warning"]
                )
                + "\n",
                style="dim",
            )
            if not items:
                report.append("✓ " + _("rien à signaler"), style="green")
                continue
            for i, f in enumerate(sorted(items, key=lambda f: 0 if f.is_error else 1)):
                if i:
                    report.append("\n")
                report.append_text(finding_text(f))
        self.query_one("#check-report", Static).update(report)


def group_report(
    kind: SessionKind, findings: list[Finding], composition: int
) -> dict[str, list[Finding]]:
    """The rules report by theme (the titles are French msgids: show them with ``_()``);
    ``composition``: how many findings come first from :func:`check_composition`
    (``check_session`` puts them first)."""
    groups: dict[str, list[Finding]] = {N_("Composition du jury"): list(findings[:composition])}
    if kind.is_admission:
        groups[N_("Recevabilité des dossiers")] = []
    if kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        groups[N_("Prérequis VAE (anglais, expérience internationale, délais)")] = []
    groups[N_("Notes manquantes")] = []
    for f in findings[composition:]:
        if f.code.startswith("eligibility-") and kind.is_admission:
            title = N_("Recevabilité des dossiers")
        elif f.code.startswith("missing-"):
            title = N_("Notes manquantes")
        elif kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
            title = N_("Prérequis VAE (anglais, expérience internationale, délais)")
        else:
            title = N_("Autres points")
        groups.setdefault(title, []).append(f)
    return groups


def _check_session(session: Session) -> list[Finding]:
    from juryapp.domain.summary import check_session

    return check_session(session, school_today())
