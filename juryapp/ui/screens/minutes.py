"""The Minutes screen: what must be settled before the procès-verbal, its preview, and the
documents made, signed and verified from the app.

Documents go to ``minutes/`` in the session folder: ``pv-v<N>.pdf`` (the PV of version N,
signable) or ``pv-v<N>-projet.pdf`` (a « PROJET » made while the checklist has an error: no
signature field), ``emargement.pdf``, ``annexe-confidentielle.pdf`` and ``lettres/`` (a PDF
and an ``.eml`` draft per candidate).  The secretary makes them (the president when the
session has no secretary); every member may look, and signs with his or her own key
(PKCS#12, passphrase asked each time, never kept).  A document that already carries a
signature is never overwritten.

Everything that reads, writes, signs or verifies runs in a worker thread; reportlab and
pyHanko are imported there only, never when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    ProgressBar,
    RadioSet,
    Static,
)
from textual.worker import get_current_worker

from juryapp.domain.kinds import presence_label_of, role_label_of, the_secretary
from juryapp.domain.models import JuryMember, Role, SessionKind, SessionStatus
from juryapp.i18n import N_, _, format_date, format_datetime, ngettext
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter, JuryHeader
from juryapp.ui.widgets.choice import Choice

if TYPE_CHECKING:
    from juryapp.domain.findings import Finding
    from juryapp.domain.models import Session
    from juryapp.minutes.content import Minutes

#: the folder of the documents, in the session folder
FOLDER = "minutes"
ATTENDANCE_FILE = "emargement.pdf"
ANNEX_FILE = "annexe-confidentielle.pdf"
LETTERS_FOLDER = "lettres"
#: the key files a member may choose
KEY_SUFFIXES: tuple[str, ...] = (".p12", ".pfx")

Level = Literal["ok", "error", "warning", "todo"]

#: every state has a symbol and words: never colour alone
MARKS: dict[str, tuple[str, str]] = {
    "ok": ("✓", "green"),
    "error": ("✗", "bold red"),
    "warning": ("⚠", "yellow"),
    "todo": ("·", "dim"),
}

#: the checklist's codes that are not about the composition of the jury
_DECISION_CODES = frozenset({"missing-decisions"})
_INFO_CODES = frozenset({"no-appointing-act", "no-dates", "no-place"})
_STATUS_CODES = frozenset({"not-closed"})
_DEFENCE_CODES = frozenset({"no-defence-record"})


def documents_folder(session_path: Path) -> Path:
    """Where the screen writes the documents: ``minutes/`` in the session folder."""
    return Path(session_path) / FOLDER


def pv_path(session_path: Path, version: int, draft: bool) -> Path:
    name = f"pv-v{version}-projet.pdf" if draft else f"pv-v{version}.pdf"
    return documents_folder(session_path) / name


# --------------------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class Item:
    """One line of the checklist (or of the documents' list)."""

    level: Level
    text: str


def checklist_items(session: Session, findings: list[Finding]) -> list[Item]:
    """The checklist as the screen shows it: every rule with ✓ when it holds, or the
    findings (✗ blocks a signable PV, ⚠ is to be known) of :func:`juryapp.minutes.checklist.
    checklist`.  Pure: runs in the screen's worker."""
    from juryapp.domain.composition import check_composition

    composition_codes = {
        f.code for f in check_composition(session.info.kind, session.jury, session.conflicts)
    } | {"no-jury"}
    known = _DECISION_CODES | _INFO_CODES | _STATUS_CODES | _DEFENCE_CODES | composition_codes

    def of(codes: frozenset[str] | set[str]) -> list[Finding]:
        return [f for f in findings if f.code in codes]

    def found(label: str, f: Finding) -> Item:
        return Item(
            "error" if f.is_error else "warning",
            _("{what} : {message}").format(what=label, message=f.message),
        )

    items: list[Item] = []
    # decisions
    label = _("Décisions")
    if missing := of(_DECISION_CODES):
        items += [found(label, f) for f in missing]
    else:
        n = len(session.candidates)
        items.append(
            Item(
                "ok",
                ngettext(
                    "Décisions : toutes enregistrées ({n} candidat)",
                    "Décisions : toutes enregistrées ({n} candidats)",
                    n,
                ).format(n=n),
            )
        )
    # composition
    label = _("Composition du jury")
    if composition := of(composition_codes):
        items += [found(label, f) for f in composition]
    else:
        president = session.president
        items.append(
            Item(
                "ok",
                _("Composition du jury : conforme (présidence : {name})").format(
                    name=president.full_name if president else "?"
                ),
            )
        )
    # attendance: who is present signs
    if session.jury:
        present = [m for m in session.jury if m.is_present]
        # the PV is signed by the president and every member present (not the secretary)
        signers = [m for m in present if m.role is Role.MEMBRE]
        if session.president is not None:
            signers.append(session.president)
        text = ngettext(
            "Présences : {n} présent sur {total}",
            "Présences : {n} présents sur {total}",
            len(present),
        ).format(n=len(present), total=len(session.jury))
        for m in session.jury:
            if not m.is_present:
                text += " ; " + _("{name} : {presence}").format(
                    name=m.full_name, presence=_(presence_label_of(m)).lower()
                )
                if m.absence_reason:
                    text += _(" (motif : {reason})").format(reason=m.absence_reason)
        text += " ; " + ngettext(
            "{n} signature attendue au PV",
            "{n} signatures attendues au PV",
            len(signers),
        ).format(n=len(signers))
        items.append(Item("ok" if present else "error", text))
    # the session's particulars
    label = _("Acte de nomination, dates, lieu")
    if particulars := of(_INFO_CODES):
        items += [found(label, f) for f in particulars]
    else:
        items.append(Item("ok", _("Acte de nomination, dates et lieu : renseignés")))
    # status
    label = _("État de la session")
    if status := of(_STATUS_CODES):
        items += [found(label, f) for f in status]
    elif session.info.status is SessionStatus.SIGNED:
        items.append(Item("ok", _("État de la session : signée (verrouillée)")))
    else:
        items.append(Item("ok", _("État de la session : close")))
    # VAE: the defences' timings
    if session.info.kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        label = _("Chronométrage des soutenances")
        if untimed := of(_DEFENCE_CODES):
            items += [found(label, f) for f in untimed]
        else:
            items.append(Item("ok", _("Chronométrage des soutenances : enregistré")))
    # anything the checklist learns later
    items += [found(_("Autre"), f) for f in findings if f.code not in known]
    return items


def marked(title: str, items: list[Item], footer: Text | None = None) -> Group:
    """A title and one line per item: its mark (✓ ✗ ⚠ ·), then its words, wrapped under
    the words."""
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, width=2)
    grid.add_column(ratio=1)
    for item in items:
        mark, style = MARKS[item.level]
        grid.add_row(Text(mark + " ", style=style), Text(item.text))
    parts: list[Any] = [Text(title, style="bold underline"), grid]
    if footer is not None:
        parts += [Text(""), footer]
    return Group(*parts)


#: the preview shows at most this many lines (the first ones and the last ones): a Static
#: of thousands of lines takes the UI thread for a second at each layout
PREVIEW_HEAD = 500
PREVIEW_TAIL = 60


def preview_text(m: Minutes) -> Text:
    """The PV's content, as :meth:`Minutes.as_text` says it, with headings in bold; a long
    PV (a large admission session) is shown by its beginning and its end."""
    from juryapp.minutes.content import Bullets, Fields, Grid, Heading, Notice, Para, Signatures

    lines: list[Text] = []

    def line(text: str = "", style: str = "") -> None:
        lines.append(Text(text, style=style))

    if m.draft:
        line(" " + _("PROJET — non signable") + " ", "bold reverse")
        line()
    line(m.institution, "bold")
    line(m.title.upper(), "bold")
    line(m.subtitle)
    for b in m.blocks:
        if isinstance(b, Heading):
            line()
            line(b.text.upper() if b.level == 1 else b.text, "bold" if b.level == 1 else "italic")
        elif isinstance(b, Notice):
            line(b.text, "italic")
        elif isinstance(b, Para):
            line(b.text)
        elif isinstance(b, Bullets):
            for x in b.items:
                line(f"  • {x}")
        elif isinstance(b, Fields):
            for k, v in b.pairs:
                lines.append(Text.assemble((f"{k} : ", "bold"), v))
        elif isinstance(b, Grid):
            rules = dict(b.rules)
            line(" | ".join(c.title for c in b.columns), "bold underline")
            for i, row in enumerate(b.rows):
                if i in rules:
                    line(rules[i], "italic")
                line(" | ".join(row))
        elif isinstance(b, Signatures):
            for s in b.signatories:
                line(f"✍ {s.name}, {s.quality} ({s.role})")
        else:  # a block this preview does not know yet
            line(str(getattr(b, "text", b)))
    line()
    line(f"Session {m.session_id} · version {m.version}", "dim")
    line(f"Empreinte SHA-256 des décisions : {m.fingerprint}", "dim")
    if len(lines) > PREVIEW_HEAD + PREVIEW_TAIL:
        left_out = len(lines) - PREVIEW_HEAD - PREVIEW_TAIL
        note = Text(
            "[…] "
            + ngettext(
                "{n} ligne de plus, dans le PDF (l'aperçu montre le début et la fin)",
                "{n} lignes de plus, dans le PDF (l'aperçu montre le début et la fin)",
                left_out,
            ).format(n=left_out)
            + " […]",
            style="bold reverse",
        )
        lines = [*lines[:PREVIEW_HEAD], Text(""), note, Text(""), *lines[-PREVIEW_TAIL:]]
    return Text("\n").join(lines)


@dataclass(frozen=True)
class Document:
    """A document found in ``minutes/``."""

    key: str  # pv, draft, attendance, annex, letters
    path: Path
    #: signature fields: (member id, signed); None for a document without any
    fields: tuple[tuple[str, bool], ...] | None = None
    count: int = 0  # letters: how many PDF
    error: str = ""
    #: attendance sheet: (member id, meeting day, signed) of each day's field
    days: tuple[tuple[str, dt.date, bool], ...] = ()


def scan_documents(root: Path, version: int) -> dict[str, Document]:
    """What ``minutes/`` holds for the PV of ``version`` (reads the signature fields of
    the signable documents: imports pyHanko when there is one)."""
    folder = documents_folder(root)
    found: dict[str, Document] = {}
    if not folder.is_dir():
        return found
    for key, path in (
        ("pv", pv_path(root, version, False)),
        ("draft", pv_path(root, version, True)),
        ("attendance", folder / ATTENDANCE_FILE),
        ("annex", folder / ANNEX_FILE),
    ):
        if not path.is_file():
            continue
        if key in ("pv", "attendance"):
            try:
                infos = _fields_of(path.read_bytes())
            except Exception as exc:  # an unreadable file is said, not fatal
                found[key] = Document(key, path, (), error=str(exc))
                continue
            fields = tuple((f.member_id or f.name, f.signed) for f in infos)
            found[key] = Document(key, path, fields, days=_meeting_days(infos))
        else:
            found[key] = Document(key, path)
    letters = folder / LETTERS_FOLDER
    if letters.is_dir():
        found["letters"] = Document("letters", letters, count=len(list(letters.glob("*.pdf"))))
    return found


def signature_state(data: bytes) -> tuple[tuple[str, bool], ...]:
    """(member id, signed) of every juryapp signature field of a PDF."""
    return tuple((f.member_id or f.name, f.signed) for f in _fields_of(data))


def _fields_of(data: bytes) -> list[Any]:
    from juryapp.minutes.signing import open_pdf, signature_fields

    return signature_fields(open_pdf(data))


_DAY_FIELD = re.compile(r"^emargement-(\d{4}-\d{2}-\d{2})-")


def _meeting_days(fields: list[Any]) -> tuple[tuple[str, dt.date, bool], ...]:
    """(member id, day, signed) of the attendance fields named after a meeting day."""
    out = []
    for f in fields:
        m = _DAY_FIELD.match(f.name)
        if m and f.member_id:
            out.append((f.member_id, dt.date.fromisoformat(m.group(1)), f.signed))
    return tuple(out)


def _pages(data: bytes) -> int:
    from juryapp.minutes.commands import _pages as count

    return count(data)


class _Secret:
    """A passphrase handed to one worker, forgotten once read."""

    def __init__(self, value: str) -> None:
        self._value: str | None = value

    def take(self) -> str:
        value, self._value = self._value or "", None
        return value


# --------------------------------------------------------------------------- signing dialog


@dataclass(frozen=True)
class SignRequest:
    document: Path
    key: Path
    passphrase: _Secret
    #: the attendance sheet: the one meeting day to sign (None: every field not signed)
    day: dt.date | None = None


class SignDialog(ModalScreen[SignRequest | None]):
    """Which document, the key file and its passphrase (never stored)."""

    CSS_PATH = stylesheet("minutes")

    TITLE_FR = N_("Signer un document")
    HELP = N_(
        "Signez avec votre propre clé (fichier PKCS#12, .p12) : tapez son chemin ou "
        "choisissez-la (Ctrl+O), puis sa phrase de passe et Entrée. La phrase de passe n'est "
        "ni affichée ni conservée. Une clé se crée avec « juryapp keygen SESSION --member "
        "VOTRE_ID -o clé.p12 »."
    )
    BINDINGS = [
        Binding("escape", "cancel", N_("Annuler"), id="minutes.sign.cancel"),
        Binding("ctrl+o", "browse", N_("Choisir la clé"), id="minutes.sign.browse"),
    ]

    def __init__(
        self,
        member: JuryMember,
        choices: list[tuple[Path, str, dt.date | None]],
        key: Path | None = None,
    ) -> None:
        super().__init__()
        self.member = member
        self.choices = choices
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-box"):
            yield Static(
                Text(
                    _("Signer en tant que {name} ({role})").format(
                        name=self.member.full_name, role=_(role_label_of(self.member)).lower()
                    ),
                    style="bold",
                ),
                id="sign-title",
            )
            yield Label(_("Document"), classes="sign-label")
            with RadioSet(id="sign-doc", compact=True):
                for i, (path, label, _day) in enumerate(self.choices):
                    yield Choice(f"{label} ({path.name})", value=i == 0, compact=True)
            yield Label(_("Clé de signature (.p12)"), classes="sign-label")
            with Horizontal(id="sign-key-row"):
                yield Input(
                    str(self.key) if self.key else "",
                    placeholder=_("chemin du fichier de votre clé"),
                    id="sign-key",
                    compact=True,
                )
                yield Button(_("Choisir… (Ctrl+O)"), id="sign-browse", compact=True)
            yield Label(_("Phrase de passe"), classes="sign-label")
            yield Input(
                placeholder=_("masquée, jamais conservée"),
                password=True,
                id="sign-pass",
                compact=True,
            )
            yield Static("", id="sign-error")
            with Horizontal(id="sign-buttons"):
                yield Button(_("Signer"), variant="primary", id="sign-ok", compact=True)
                yield Button(_("Annuler"), id="sign-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#sign-pass" if self.key else "#sign-key", Input).focus()

    @on(Input.Submitted, "#sign-key")
    def _key_entered(self) -> None:
        self.query_one("#sign-pass", Input).focus()

    @on(Button.Pressed, "#sign-ok")
    @on(Input.Submitted, "#sign-pass")
    def _ok(self) -> None:
        key = self.query_one("#sign-key", Input).value.strip().strip('"').strip("'")
        passphrase = self.query_one("#sign-pass", Input)
        error = self.query_one("#sign-error", Static)
        if not key:
            error.update(Text("✗ " + _("indiquez le fichier de votre clé"), style="bold"))
            self.query_one("#sign-key", Input).focus()
            return
        if not passphrase.value:
            error.update(Text("✗ " + _("tapez la phrase de passe de la clé"), style="bold"))
            passphrase.focus()
            return
        index = self.query_one("#sign-doc", RadioSet).pressed_index
        document, _label, day = self.choices[max(index, 0)]
        secret = _Secret(passphrase.value)
        passphrase.value = ""
        self.dismiss(SignRequest(document, Path(key).expanduser(), secret, day))

    @on(Button.Pressed, "#sign-browse")
    def action_browse(self) -> None:
        from juryapp.ui.screens.file_picker import FilePickerScreen

        typed = self.query_one("#sign-key", Input).value.strip()
        start = Path(typed).expanduser().parent if typed else Path.home()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.query_one("#sign-key", Input).value = str(path)
                self.query_one("#sign-pass", Input).focus()

        self.app.push_screen(
            FilePickerScreen(
                start, title=_("Choisir votre clé de signature"), suffixes=KEY_SUFFIXES
            ),
            chosen,
        )

    @on(Button.Pressed, "#sign-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- the screen


class MinutesScreen(Screen[None]):
    """Checklist, preview, and the documents: made, signed, verified."""

    CSS_PATH = stylesheet("minutes")

    TITLE_FR = N_("Procès-verbal")
    HELP = N_(
        "Avant le procès-verbal, la liste de ce qui doit être réglé : ✓ réglé, ✗ bloquant "
        "(le PV ne peut être qu'un « PROJET », non signable), ⚠ à savoir. À côté, l'aperçu "
        "du PV tel qu'il sera imprimé (Tab pour y aller, puis les flèches).\n\n"
        "Le secrétaire produit les documents dans le dossier minutes/ de la session : g le "
        "procès-verbal (ou son projet tant qu'il reste un point bloquant), a la feuille "
        "d'émargement, x l'annexe confidentielle (toutes les notes), l les lettres de décision "
        "(PDF et brouillons de courriel .eml). Un document déjà signé n'est jamais remplacé.\n\n"
        "Chaque membre signe avec sa propre clé (k : le fichier .p12 et sa phrase de passe, "
        "jamais conservée) ; la signature du président verrouille la session. v vérifie les "
        "signatures : qui, quand, intégrité, et si le document correspond encore aux "
        "décisions. Une clé se crée avec « juryapp keygen »."
    )
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding(
            "g", "make('pv')", N_("PV"), id="minutes.pv", tooltip=N_("Produire le procès-verbal")
        ),
        Binding(
            "g",
            "make('draft')",
            N_("Projet de PV"),
            id="minutes.draft",
            tooltip=N_("Un point bloquant reste : le PV produit est un « PROJET », non signable"),
        ),
        Binding("k", "sign", N_("Signer"), id="minutes.sign"),
        Binding("v", "verify", N_("Vérifier"), id="minutes.verify"),
        Binding("a", "make('attendance')", N_("Émargement"), id="minutes.attendance"),
        Binding("x", "make('annex')", N_("Annexe"), id="minutes.annex"),
        Binding("l", "make('letters')", N_("Lettres"), id="minutes.letters"),
        Binding("escape", "back", N_("Retour"), id="minutes.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: the checklist's findings (None until the first look)
        self.findings: list[Finding] | None = None
        self.items: list[Item] = []
        self.version = 1
        self.documents: dict[str, Document] = {}
        #: what runs (a label), or None
        self.job: str | None = None
        #: the last result shown (plain text) and whether it went well
        self.result = ""
        self.result_ok = True
        self.jobs_done = 0
        #: the last key file used (its path only: the passphrase is never kept)
        self.key_path: Path | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        with Container(id="minutes-main"):
            with VerticalScroll(id="minutes-side"):
                yield Static("", id="minutes-who")
                yield Static(Text(_("Lecture de la session…")), id="minutes-checklist")
                yield Static("", id="minutes-documents")
                with Horizontal(id="minutes-busy"):
                    yield ProgressBar(
                        total=None, show_eta=False, show_percentage=False, id="minutes-progress"
                    )
                    yield Static("", id="minutes-busy-label")
                yield Static("", id="minutes-result")
            with VerticalScroll(id="minutes-preview-box"):
                yield Static("", id="minutes-preview")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-busy").display = False
        self.query_one("#minutes-result").display = False
        self.query_one("#minutes-preview-box").border_title = _("Aperçu du procès-verbal")
        self._show_who()
        self.watch(self.app, "session_version", self._refresh, init=True)

    @property
    def member(self) -> JuryMember | None:
        return self.app.member  # type: ignore[attr-defined,no-any-return]

    @property
    def root(self) -> Path:
        return Path(self.app.store_path)  # type: ignore[attr-defined]

    def may_make(self) -> bool:
        """The secretary makes the documents; the president when there is no secretary."""
        member = self.member
        session: Session | None = self.app.session  # type: ignore[attr-defined]
        if member is None or session is None:
            return False
        if member.role is Role.SECRETAIRE:
            return True
        return member.role is Role.PRESIDENT and session.secretary is None

    def _show_who(self) -> None:
        member = self.member
        session: Session | None = self.app.session  # type: ignore[attr-defined]
        if member is None:
            text = Text(_("Consultation : connectez-vous pour signer."), style="italic")
        elif self.may_make():
            text = Text(
                _(
                    "{name} : vous produisez les documents (g a x l) ; chaque membre signe "
                    "avec sa propre clé (k)."
                ).format(name=member.full_name),
                style="italic",
            )
        else:
            text = Text(
                _(
                    "{name} : consultation ; {secretary} produit les documents. Vous "
                    "signez avec votre clé (k), tout le monde peut vérifier (v)."
                ).format(
                    name=member.full_name,
                    secretary=the_secretary(session.secretary if session else None),
                ),
                style="italic",
            )
        self.query_one("#minutes-who", Static).update(text)

    # ------------------------------------------------------------------ checklist, preview

    def _refresh(self, _version: int = 0) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is None:
            return
        if not getattr(self.app, "session_complete", True):
            self.query_one("#minutes-checklist", Static).update(
                Text(_("Lecture des décisions en cours…"), style="italic")
            )
            return
        self._show_who()
        self._compute(session)

    @work(thread=True, exclusive=True, group="minutes-preview", exit_on_error=False)
    def _compute(self, session: Session) -> None:
        from juryapp.minutes.checklist import checklist
        from juryapp.minutes.content import build_minutes, pv_version
        from juryapp.ui.screens.dossier import journal_history

        worker = get_current_worker()
        try:
            version = pv_version(journal_history(self.root, "session"))
            findings = checklist(session)
            items = checklist_items(session, findings)
        except Exception as exc:  # the screen says it, and stays
            self._post(self._show_failure, _("Liste impossible : {error}").format(error=exc))
            return
        draft = any(f.is_error for f in findings)
        try:
            preview = preview_text(build_minutes(session, version=version, draft=draft))
        except Exception as exc:  # a preview must never take the screen down
            preview = Text(_("Aperçu impossible : {error}").format(error=exc), style="bold")
        if worker.is_cancelled:
            return
        self._post(self._show, findings, items, version.number, preview)
        self._scan_in_this_thread(version.number)

    def _show_failure(self, message: str) -> None:
        if not self.is_mounted:
            return
        self.query_one("#minutes-checklist", Static).update(Text("✗ " + message, style="bold"))

    def _show(
        self, findings: list[Finding], items: list[Item], version: int, preview: Text
    ) -> None:
        if not self.is_mounted:  # the screen was closed while the worker ran
            return
        self.findings = findings
        self.items = items
        self.version = version
        errors = [f for f in findings if f.is_error]
        verdict = Text()
        if errors:
            verdict.append("✗ ", style="bold red")
            verdict.append(
                ngettext(
                    "{n} point bloquant : g produit un « PROJET » de PV, non signable.",
                    "{n} points bloquants : g produit un « PROJET » de PV, non signable.",
                    len(errors),
                ).format(n=len(errors)),
                style="bold",
            )
        else:
            verdict.append("✓ ", style="bold green")
            verdict.append(_("Le procès-verbal peut être produit (g) et signé (k)."), style="bold")
        text = marked(_("Avant le procès-verbal"), items, verdict)
        self.query_one("#minutes-checklist", Static).update(text)
        box = self.query_one("#minutes-preview-box")
        box.border_title = (
            _("Aperçu du procès-verbal — PROJET (non signable)")
            if errors
            else _("Aperçu du procès-verbal, version n° {n}").format(n=version)
        )
        box.set_class(bool(errors), "-draft")
        self.query_one("#minutes-preview", Static).update(preview)
        self.refresh_bindings()

    # ------------------------------------------------------------------ documents in minutes/

    def _scan(self) -> None:
        self._scan_worker(self.version)

    @work(thread=True, exclusive=True, group="minutes-scan", exit_on_error=False)
    def _scan_worker(self, version: int) -> None:
        self._scan_in_this_thread(version)

    def _scan_in_this_thread(self, version: int) -> None:
        try:
            documents = scan_documents(self.root, version)
        except OSError as exc:
            documents = {}
            self._post(self.notify, str(exc), severity="warning")
        self._post(self._show_documents, documents)

    def _show_documents(self, documents: dict[str, Document]) -> None:
        if not self.is_mounted:
            return
        self.documents = documents
        session: Session | None = self.app.session  # type: ignore[attr-defined]
        text = marked(
            _("Documents (dossier {folder}/ de la session)").format(folder=FOLDER),
            self._document_items(documents, session),
        )
        self.query_one("#minutes-documents", Static).update(text)

    def _document_items(
        self, documents: dict[str, Document], session: Session | None
    ) -> list[Item]:
        def name_of(member_id: str) -> str:
            m = session.member(member_id) if session is not None else None
            return m.full_name if m is not None else member_id

        def signed(label: str, doc: Document) -> Item:
            if doc.error:
                return Item("error", f"{label} : {doc.path.name} — {doc.error}")
            fields = doc.fields or ()
            done = sum(1 for _m, s in fields if s)
            # a member's missing signatures once (the attendance sheet has one per day)
            counts: dict[str, int] = {}
            for m, s in fields:
                if not s:
                    counts[m] = counts.get(m, 0) + 1
            missing = [
                name_of(m)
                if n == 1
                else ngettext("{name} ({n} séance)", "{name} ({n} séances)", n).format(
                    name=name_of(m), n=n
                )
                for m, n in counts.items()
            ]
            text = _("{label} : {file} — signé par {done} sur {total}").format(
                label=label, file=doc.path.name, done=done, total=len(fields)
            )
            if missing:
                text += " " + _("(manque : {names})").format(names=", ".join(missing))
                return Item("todo", text)
            return Item("ok", text)

        v = self.version
        items: list[Item] = []
        pv_label = _("Procès-verbal v{n}").format(n=v)
        if "pv" in documents:
            items.append(signed(pv_label, documents["pv"]))
        elif "draft" in documents:
            items.append(
                Item(
                    "warning",
                    _("{label} : seulement un projet ({file}), non signable").format(
                        label=pv_label, file=documents["draft"].path.name
                    ),
                )
            )
        else:
            items.append(Item("todo", _("{label} : pas encore produit").format(label=pv_label)))
        label = _("Émargement")
        if "attendance" in documents:
            items.append(signed(label, documents["attendance"]))
        else:
            items.append(Item("todo", _("{label} : pas encore produit").format(label=label)))
        label = _("Annexe confidentielle")
        if "annex" in documents:
            items.append(
                Item(
                    "ok",
                    _("{label} : {file}").format(label=label, file=documents["annex"].path.name),
                )
            )
        else:
            items.append(Item("todo", _("{label} : pas encore produite").format(label=label)))
        if "letters" in documents:
            n = documents["letters"].count
            items.append(
                Item(
                    "ok",
                    ngettext(
                        "Lettres : {n} lettre dans {folder}/",
                        "Lettres : {n} lettres dans {folder}/",
                        n,
                    ).format(n=n, folder=LETTERS_FOLDER),
                )
            )
        else:
            items.append(Item("todo", _("Lettres : pas encore produites")))
        return items

    # ------------------------------------------------------------------ jobs

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "make" and not self.may_make():
            return False  # members see the keys they use: k and v
        if action == "make" and parameters and parameters[0] in ("pv", "draft"):
            if self.findings is None:  # not computed yet: the PV's key, greyed
                return None if parameters[0] == "pv" else False
            draft = any(f.is_error for f in self.findings)
            return (parameters[0] == "draft") == draft
        return True

    def unavailable_reason(self, action: str) -> str | None:
        """Why a greyed key does nothing (the app shows it when the key is pressed)."""
        if action == "make" and self.findings is None:
            return _("Le contrôle du procès-verbal est en cours : un instant.")
        return None

    def _post(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        """Run ``fn`` on the UI thread (from a worker); nothing if the app is gone."""
        try:
            self.app.call_from_thread(fn, *args, **kwargs)
        except RuntimeError:  # the app closed while the worker ran
            pass

    def _still_busy(self) -> bool:
        """True (and said) while a document is being made, signed or verified."""
        if self.job is None:
            return False
        self.notify(
            _("Une opération est en cours : {what}").format(what=self.job), severity="warning"
        )
        return True

    def _start(self, label: str) -> bool:
        if self._still_busy():
            return False
        self.job = label
        self.query_one("#minutes-busy-label", Static).update(Text(label + "…", style="italic"))
        self.query_one("#minutes-busy").display = True
        return True

    def _finish(self, ok: bool, lines: list[str], toast: str) -> None:
        self.job = None
        self.result = "\n".join(lines)
        self.result_ok = ok
        self.jobs_done += 1
        self.app.notify(
            toast,
            title=_("Procès-verbal"),
            severity="information" if ok else "error",
            timeout=6 if ok else 10,
        )
        if not self.is_mounted:
            return
        self.query_one("#minutes-busy").display = False
        shown = Text()
        for i, line in enumerate(lines):
            style = "bold" if i == 0 else ""
            if line.startswith("✗"):
                style = "bold red"
            shown.append(line + ("\n" if i < len(lines) - 1 else ""), style=style)
        result = self.query_one("#minutes-result", Static)
        result.update(shown)
        result.set_class(not ok, "-error")
        result.display = True
        side = self.query_one("#minutes-side", VerticalScroll)
        self.call_after_refresh(side.scroll_to_widget, result, animate=False, top=True)
        self._scan()

    _WHAT = {
        "pv": N_("Production du procès-verbal"),
        "draft": N_("Production du projet de procès-verbal"),
        "attendance": N_("Production de la feuille d'émargement"),
        "annex": N_("Production de l'annexe confidentielle"),
        "letters": N_("Production des lettres de décision"),
    }

    def action_make(self, what: str) -> None:
        if not self.may_make():
            self.notify(
                _("Seul le secrétaire du jury produit les documents ; vous pouvez les signer (k)."),
                severity="warning",
            )
            return
        if self._start(_(self._WHAT[what])):
            self._make(what)

    @work(thread=True, group="minutes-job", exit_on_error=False)
    def _make(self, what: str) -> None:
        try:
            ok, lines = self._make_in_this_thread(what)
        except Exception as exc:  # shown, never a crash: the session is left as it was
            ok, lines = False, ["✗ " + _("Échec : {error}").format(error=exc)]
        self._post(self._finish, ok, lines, lines[0])

    def _make_in_this_thread(self, what: str) -> tuple[bool, list[str]]:
        from juryapp.minutes import documents as docs
        from juryapp.minutes.checklist import checklist
        from juryapp.minutes.content import build_minutes, pv_version
        from juryapp.minutes.layout import write
        from juryapp.store.session_store import SessionStore

        root = self.root
        store = SessionStore.open(root, backup=False)
        session = store.load()  # afresh: the document says what is on disk now
        version = pv_version(store.journal.history("session"))
        folder = documents_folder(root)
        folder.mkdir(exist_ok=True)

        def refuse_if_signed(target: Path) -> str:
            if not target.is_file():
                return ""
            done = sum(1 for _m, s in signature_state(target.read_bytes()) if s)
            if not done:
                return ""
            return "✗ " + ngettext(
                "{file} porte déjà {n} signature : il n'est pas remplacé. Pour une nouvelle "
                "version, la session doit être rouverte (juryapp reopen).",
                "{file} porte déjà {n} signatures : il n'est pas remplacé. Pour une nouvelle "
                "version, la session doit être rouverte (juryapp reopen).",
                done,
            ).format(file=target.name, n=done)

        if what in ("pv", "draft"):
            errors = [f for f in checklist(session) if f.is_error]
            draft = what == "draft"
            if errors and not draft:
                return False, [
                    "✗ "
                    + ngettext(
                        "{n} point bloquant : le procès-verbal ne peut pas être produit.",
                        "{n} points bloquants : le procès-verbal ne peut pas être produit.",
                        len(errors),
                    ).format(n=len(errors)),
                    *(f"  ✗ {f.message}" for f in errors),
                ]
            m = build_minutes(session, version=version, draft=draft)
            target = pv_path(root, m.version, draft)
            if refusal := refuse_if_signed(target):
                return False, [refusal]
            data = docs.pv_pdf(session, minutes=m)
            write(target, data)
            head = "✓ " + (
                _("Projet de procès-verbal « PROJET » (non signable), version n° {n}")
                if draft
                else _("Procès-verbal, version n° {n}")
            ).format(n=m.version)
            lines = [head, str(target), self._pages_line(data)]
            if not draft:
                lines.append(
                    ngettext(
                        "{n} signature attendue",
                        "{n} signatures attendues",
                        len(m.signatories),
                    ).format(n=len(m.signatories))
                )
            lines.append(_("Empreinte des décisions : {fp}").format(fp=m.fingerprint))
            return True, lines
        if what == "attendance":
            target = folder / ATTENDANCE_FILE
            if refusal := refuse_if_signed(target):
                return False, [refusal]
            data = docs.attendance_pdf(session, version=version)
            write(target, data)
            present = sum(1 for m in session.jury if m.is_present)
            return True, [
                "✓ " + _("Feuille d'émargement"),
                str(target),
                self._pages_line(data),
                ngettext("{n} signature attendue", "{n} signatures attendues", present).format(
                    n=present
                ),
            ]
        if what == "annex":
            from juryapp.minutes.fingerprint import fingerprint

            target = folder / ANNEX_FILE
            data = docs.annex_pdf(session, version=version)
            write(target, data)
            return True, [
                "✓ " + _("Annexe confidentielle (toutes les notes : ne pas diffuser)"),
                str(target),
                self._pages_line(data),
                _("Empreinte des décisions : {fp}").format(fp=fingerprint(session)),
            ]
        target = folder / LETTERS_FOLDER
        written = docs.write_letters(session, target)
        n = sum(1 for p in written if p.suffix == ".pdf")
        lines = [
            "✓ "
            + ngettext(
                "{n} lettre de décision (PDF et brouillon de courriel .eml)",
                "{n} lettres de décision (PDF et brouillons de courriel .eml)",
                n,
            ).format(n=n),
            str(target),
        ]
        if without := len(session.candidates) - n:
            lines.append(
                ngettext(
                    "{n} candidat sans décision, sans lettre",
                    "{n} candidats sans décision, sans lettre",
                    without,
                ).format(n=without)
            )
        return True, lines

    @staticmethod
    def _pages_line(data: bytes) -> str:
        n = _pages(data)
        return ngettext("{n} page", "{n} pages", n).format(n=n)

    # ------------------------------------------------------------------ signing

    def action_sign(self) -> None:
        member = self.member
        if member is None:
            self.notify(_("Connectez-vous pour signer."), severity="warning")
            return
        if self._still_busy():
            return
        choices: list[tuple[Path, str, dt.date | None]] = []
        signed_already: list[str] = []
        labels = {
            "pv": _("Procès-verbal v{n}").format(n=self.version),
            "attendance": _("Émargement"),
        }
        for key in ("pv", "attendance"):
            doc = self.documents.get(key)
            if doc is None or not doc.fields:
                continue
            mine = [s for m, s in doc.fields if m == member.id]
            days = [(d, s) for m, d, s in doc.days if m == member.id]
            if key == "attendance" and len(days) > 1 and not all(s for _d, s in days):
                # one signs the attendance sheet at each meeting: one choice per day
                for day, done in sorted(days):
                    if not done:
                        label = _("Émargement, séance du {day}").format(day=format_date(day))
                        choices.append((doc.path, label, day))
            elif mine and not all(mine):
                choices.append((doc.path, labels[key], None))
            elif mine:
                signed_already.append(labels[key])
        if not choices:
            if signed_already:
                message = _("Vous avez déjà signé : {docs}.").format(docs=", ".join(signed_already))
            elif not self.may_make() and not any(k in self.documents for k in ("pv", "attendance")):
                # a member: the keys that make the documents are not theirs
                message = _(
                    "Rien à signer pour l'instant : le procès-verbal et la feuille d'émargement "
                    "ne sont pas encore produits par {secretary}."
                ).format(secretary=the_secretary(self.app.session.secretary))  # type: ignore[attr-defined]
            elif "draft" in self.documents and not any(
                k in self.documents for k in ("pv", "attendance")
            ):
                # a draft exists: saying « not produced yet » read as if (g) had failed
                message = _(
                    "Rien à signer : un projet de procès-verbal ne se signe pas (réglez ce qui "
                    "bloque, puis produisez le PV avec g) ; la feuille d'émargement (a) n'est "
                    "pas encore produite."
                )
            elif not any(k in self.documents for k in ("pv", "attendance")):
                message = _(
                    "Rien à signer : le procès-verbal (g) et la feuille d'émargement (a) ne sont "
                    "pas encore produits."
                )
            else:
                message = _("Aucun document ne prévoit votre signature.")
            self.notify(message, severity="warning")
            return

        def chosen(request: SignRequest | None) -> None:
            if request is None:
                return
            self.key_path = request.key
            if self._start(_("Signature de {file}").format(file=request.document.name)):
                self._sign(request, member.id)

        self.app.push_screen(SignDialog(member, choices, self.key_path), chosen)

    @work(thread=True, group="minutes-job", exit_on_error=False)
    def _sign(self, request: SignRequest, member_id: str) -> None:
        from juryapp.minutes.commands import sign_file

        passphrase = request.passphrase.take()
        try:
            try:
                p12 = request.key.read_bytes()
            except OSError as exc:
                raise ValueError(
                    _("clé illisible : {file} ({error})").format(
                        file=request.key, error=exc.strerror or exc
                    )
                ) from exc
            pdf = request.document
            messages = sign_file(
                pdf, pdf.read_bytes(), p12, passphrase, member_id, self.root, None, day=request.day
            )
        except Exception as exc:  # wrong passphrase, unreadable key, stale PV, tampered PDF...
            line = "✗ " + _("Signature impossible : {error}").format(error=exc)
            self._post(self._finish, False, [line], line)
            return
        lines = ["✓ " + messages[0][0], *(("⚠ " if warn else "") + t for t, warn in messages[1:])]
        self._post(self._finish, True, lines, lines[0])
        if any(not warn for _t, warn in messages[1:]):  # the president's signature locked
            self._post(self.app.action_reload)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ verifying

    def action_verify(self) -> None:
        if self._still_busy():
            return
        targets = [self.documents[k].path for k in ("pv", "attendance") if k in self.documents]
        if not targets:
            self.notify(
                _("Rien à vérifier : ni procès-verbal signable ni feuille d'émargement produits."),
                severity="warning",
            )
            return
        if self._start(_("Vérification des signatures")):
            self._verify(targets)

    @work(thread=True, group="minutes-job", exit_on_error=False)
    def _verify(self, targets: list[Path]) -> None:
        try:
            ok, lines = self._verify_in_this_thread(targets)
        except Exception as exc:  # an unreadable session or file: said, not fatal
            ok, lines = False, ["✗ " + _("Vérification impossible : {error}").format(error=exc)]
        self._post(self._finish, ok, lines, lines[0])

    def _verify_in_this_thread(self, targets: list[Path]) -> tuple[bool, list[str]]:
        from juryapp.minutes.content import pv_version
        from juryapp.minutes.signing import SigningError, verify_pdf
        from juryapp.store.session_store import SessionStore

        store = SessionStore.open(self.root, backup=False)
        session = store.load()
        version = pv_version(store.journal.history("session")).number
        body: list[str] = []
        all_ok = True
        for path in targets:
            body.append("— " + path.name)
            try:
                report = verify_pdf(path.read_bytes(), session=session, version=version)
            except (SigningError, OSError) as exc:
                all_ok = False
                body.append("  ✗ " + _("illisible ou altéré : {error}").format(error=exc))
                continue
            for s in report.signatures:
                when = format_datetime(s.time) if isinstance(s.time, dt.datetime) else "?"
                body.append("  " + s.line(when))
            body += ["  · " + line for line in report.unsigned_lines(session)]
            if report.ok:
                body.append("  ✓ " + _("intact, signé par tous les signataires attendus"))
            else:
                all_ok = False
                body += [f"  ✗ {p}" for p in report.problems]
        head = (
            "✓ " + _("Vérification réussie : documents intacts, toutes les signatures")
            if all_ok
            else "✗ " + _("Vérification en échec (le détail suit)")
        )
        return all_ok, [head, *body]

    def action_back(self) -> None:
        self.app.pop_screen()
