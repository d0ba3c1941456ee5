"""The Minutes screen: what must be settled before the procès-verbal, its preview, and the
documents made, signed and verified from the app.

Documents go to ``minutes/`` in the session folder: ``pv-v<N>.pdf`` (or
``pv-v<N>-projet.pdf`` while the checklist has errors: a « PROJET », not signable),
``emargement.pdf``, ``annexe-confidentielle.pdf`` and ``lettres/``.  Everything that reads,
writes, signs or verifies runs in a worker thread; reportlab and pyHanko are imported there
only (never when the app starts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, LoadingIndicator, Static

from juryapp.domain.models import Role
from juryapp.i18n import N_, _
from juryapp.ui.widgets import JuryFooter

#: the folder of the documents, in the session folder
FOLDER = "minutes"


def documents_folder(session_path: Path) -> Path:
    return Path(session_path) / FOLDER


def is_signed(path: Path) -> bool:
    """Whether the PDF at ``path`` already carries a signature (never overwrite one)."""
    try:
        return b"/ByteRange" in path.read_bytes()
    except OSError:
        return False


def pv_path(session_path: Path, version: int, draft: bool) -> Path:
    name = f"pv-v{version}-projet.pdf" if draft else f"pv-v{version}.pdf"
    return documents_folder(session_path) / name


class SignDialog(ModalScreen[tuple[str, str] | None]):
    """The key file and its passphrase (never stored)."""

    BINDINGS = [Binding("escape", "cancel", N_("Annuler"), id="minutes.sign.cancel")]

    def __init__(self, member_name: str) -> None:
        super().__init__()
        self.member_name = member_name

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-box"):
            yield Static(
                _("Signer le procès-verbal : {name}").format(name=self.member_name),
                id="sign-title",
            )
            yield Input(placeholder=_("Fichier de la clé (.p12)"), id="sign-key")
            yield Input(placeholder=_("Phrase de passe"), password=True, id="sign-pass")
            with Horizontal(id="sign-buttons"):
                yield Button(_("Signer"), variant="primary", id="sign-ok")
                yield Button(_("Annuler"), id="sign-cancel")

    @on(Button.Pressed, "#sign-ok")
    @on(Input.Submitted, "#sign-pass")
    def _ok(self) -> None:
        key = self.query_one("#sign-key", Input).value.strip()
        passphrase = self.query_one("#sign-pass", Input).value
        if key and passphrase:
            self.dismiss((key, passphrase))

    @on(Button.Pressed, "#sign-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MinutesScreen(Screen[None]):
    TITLE_FR = N_("Procès-verbal")
    HELP = N_(
        "Avant le procès-verbal : la liste de ce qui doit être réglé (décisions, composition, "
        "présences). g produit le PV (un « PROJET » non signable tant qu'il reste une erreur), "
        "a la feuille d'émargement, x l'annexe confidentielle (toutes les notes), l les "
        "lettres de décision ; k signe le PV avec votre clé (.p12), v vérifie ses signatures. "
        "Les documents sont écrits dans le dossier minutes/ de la session."
    )
    BINDINGS = [
        Binding("g", "make('pv')", N_("Procès-verbal"), id="minutes.pv"),
        Binding("a", "make('attendance')", N_("Émargement"), id="minutes.attendance"),
        Binding("x", "make('annex')", N_("Annexe"), id="minutes.annex"),
        Binding("l", "make('letters')", N_("Lettres"), id="minutes.letters"),
        Binding("k", "sign", N_("Signer"), id="minutes.sign"),
        Binding("v", "verify", N_("Vérifier"), id="minutes.verify"),
        Binding("escape", "back", N_("Retour"), id="minutes.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: the last PV made or found (signed in place, then verified)
        self.pv_file: Path | None = None
        self.errors: list[str] = []
        self.result: str = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="minutes-body"):
            yield Static("", id="minutes-checklist")
            yield LoadingIndicator(id="minutes-busy")
            yield Static("", id="minutes-result")
            yield Static("", id="minutes-preview")
        yield JuryFooter()

    def on_mount(self) -> None:
        self.query_one("#minutes-busy").display = False
        self.query_one("#minutes-result").display = False
        self.watch(self.app, "session_version", self._refresh, init=True)

    # ------------------------------------------------------------------ checklist, preview

    def _refresh(self, _version: int = 0) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is not None:
            self._compute(session)

    @work(thread=True, exclusive=True, group="minutes-preview", description="PV preview")
    def _compute(self, session: Any) -> None:
        from juryapp.minutes.checklist import checklist
        from juryapp.minutes.content import build_minutes

        findings = checklist(session)
        try:
            preview = build_minutes(session, draft=any(f.is_error for f in findings)).as_text()
        except Exception as exc:  # a preview must never take the screen down
            preview = _("Aperçu impossible : {error}").format(error=exc)
        self.app.call_from_thread(self._show, findings, preview)

    def _show(self, findings: list[Any], preview: str) -> None:
        self.errors = [f.message for f in findings if f.is_error]
        text = Text()
        text.append(_("Avant le procès-verbal") + "\n", style="bold")
        if not findings:
            text.append("✓ " + _("tout est réglé : le procès-verbal peut être produit") + "\n")
        for f in findings:
            if f.is_error:
                text.append("✗ ", style="bold red")
            else:
                text.append("⚠ ", style="bold yellow")
            text.append(f.message + "\n")
        self.query_one("#minutes-checklist", Static).update(text)
        shown = Text()
        shown.append(_("Aperçu du procès-verbal") + "\n", style="bold")
        shown.append(preview)
        self.query_one("#minutes-preview", Static).update(shown)

    # ------------------------------------------------------------------ documents

    def _may_make(self) -> bool:
        member = self.app.member  # type: ignore[attr-defined]
        if member is None or member.role not in (Role.SECRETAIRE, Role.PRESIDENT):
            self.notify(
                _("Les documents sont produits par le secrétaire (ou le président)."),
                severity="warning",
            )
            return False
        return True

    def action_make(self, what: str) -> None:
        if self._may_make():
            self._busy(True)
            self._make(what)

    def _busy(self, on: bool) -> None:
        self.query_one("#minutes-busy").display = on

    @work(thread=True, exclusive=True, group="minutes-make", description="document")
    def _make(self, what: str) -> None:
        from juryapp.minutes import documents as docs
        from juryapp.minutes.content import build_minutes, pv_version
        from juryapp.minutes.layout import write
        from juryapp.store.session_store import SessionStore

        path = self.app.store_path  # type: ignore[attr-defined]
        try:
            store = SessionStore.open(path, backup=False)
            session = store.load()
            version = pv_version(store.journal.history("session"))
            folder = documents_folder(path)
            folder.mkdir(exist_ok=True)
            if what == "pv":
                from juryapp.minutes.checklist import checklist

                draft = any(f.is_error for f in checklist(session))
                m = build_minutes(session, version=version, draft=draft)
                target = pv_path(path, m.version, draft)
                if is_signed(target):
                    raise ValueError(
                        _(
                            "{path} porte déjà une signature : il n'est pas remplacé (une "
                            "nouvelle version du PV demande une réouverture motivée)"
                        ).format(path=target)
                    )
                write(target, docs.pv_pdf(session, minutes=m))
                self.pv_file = None if draft else target
                kind = _("Projet de procès-verbal (non signable)") if draft else _("Procès-verbal")
                message = _("{what}, version n° {n} : {path} · empreinte {fp}").format(
                    what=kind, n=m.version, path=target, fp=m.fingerprint[:16] + "…"
                )
            elif what == "attendance":
                target = folder / "emargement.pdf"
                if is_signed(target):
                    raise ValueError(
                        _("{path} porte déjà une signature : il n'est pas remplacé").format(
                            path=target
                        )
                    )
                write(target, docs.attendance_pdf(session, version=version))
                message = _("Feuille d'émargement : {path}").format(path=target)
            elif what == "annex":
                target = folder / "annexe-confidentielle.pdf"
                write(target, docs.annex_pdf(session, version=version))
                message = _("Annexe confidentielle : {path}").format(path=target)
            else:
                target = folder / "lettres"
                written = docs.write_letters(session, target)
                message = _("{n} fichiers (lettres PDF et courriels .eml) dans {path}").format(
                    n=len(written), path=target
                )
        except Exception as exc:  # shown, never a crash: the session is left as it was
            self.app.call_from_thread(self._done, "✗ " + str(exc), True)
            return
        self.app.call_from_thread(self._done, "✓ " + message, False)

    def _done(self, message: str, error: bool) -> None:
        self._busy(False)
        self.result = message
        result = self.query_one("#minutes-result", Static)
        result.update(Text(message, style="bold red" if error else "bold"))
        result.display = True
        self.notify(message, severity="error" if error else "information", timeout=6)

    # ------------------------------------------------------------------ signing

    def _current_pv(self) -> Path | None:
        if self.pv_file is not None and self.pv_file.exists():
            return self.pv_file
        folder = documents_folder(self.app.store_path)  # type: ignore[attr-defined]
        made = sorted(
            (p for p in folder.glob("pv-v*.pdf") if "projet" not in p.name),
            key=lambda p: p.stat().st_mtime,
        )
        return made[-1] if made else None

    def action_sign(self) -> None:
        member = self.app.member  # type: ignore[attr-defined]
        pv = self._current_pv()
        if member is None or pv is None:
            self.notify(_("Aucun procès-verbal définitif à signer : produisez-le (g)."))
            return

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._busy(True)
                self._sign(pv, Path(answer[0]).expanduser(), answer[1], member.id)

        self.app.push_screen(SignDialog(member.full_name), chosen)

    @work(thread=True, exclusive=True, group="minutes-make", description="signature")
    def _sign(self, pv: Path, key: Path, passphrase: str, member_id: str) -> None:
        from juryapp.minutes.commands import sign_file

        try:
            lines = sign_file(
                pv,
                pv.read_bytes(),
                key.read_bytes(),
                passphrase,
                member_id,
                self.app.store_path,  # type: ignore[attr-defined]
                None,
            )
        except Exception as exc:  # wrong passphrase, unreadable key, stale PV...
            self.app.call_from_thread(self._done, "✗ " + str(exc), True)
            return
        self.app.call_from_thread(self._done, "✓ " + " ".join(t for t, _w in lines), False)

    def action_verify(self) -> None:
        pv = self._current_pv()
        if pv is None:
            self.notify(_("Aucun procès-verbal définitif à vérifier : produisez-le (g)."))
            return
        self._busy(True)
        self._verify(pv)

    @work(thread=True, exclusive=True, group="minutes-make", description="verification")
    def _verify(self, pv: Path) -> None:
        from juryapp.minutes.content import pv_version
        from juryapp.minutes.signing import verify_pdf
        from juryapp.store.session_store import SessionStore

        try:
            store = SessionStore.open(self.app.store_path, backup=False)  # type: ignore[attr-defined]
            session = store.load()
            version = pv_version(store.journal.history("session")).number
            report = verify_pdf(pv.read_bytes(), session=session, version=version)
        except Exception as exc:
            self.app.call_from_thread(self._done, "✗ " + str(exc), True)
            return
        lines = [
            _("{who} — {when} — {status}").format(
                who=s.signer,
                when=s.time.strftime("%d/%m/%Y %H:%M") if s.time else "?",
                status=s.status,
            )
            for s in report.signatures
        ]
        verdict = (
            "✓ "
            + _("Procès-verbal intègre, signatures complètes ({n})").format(
                n=len(report.signatures)
            )
            if report.ok
            else "✗ "
            + _("Vérification en échec : {problems}").format(problems=" ; ".join(report.problems))
        )
        self.app.call_from_thread(self._done, "\n".join([verdict, *lines]), not report.ok)

    def action_back(self) -> None:
        self.app.pop_screen()
