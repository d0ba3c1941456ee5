"""Who is at the keyboard: a jury member, the president or the secretary (PIN if set)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from juryapp.domain.kinds import presence_label_of, quality_label_of, role_label_of
from juryapp.domain.models import Presence, Role
from juryapp.domain.pin import verify_pin
from juryapp.i18n import N_, _
from juryapp.ui.widgets import JuryFooter, JuryHeader


class LoginScreen(Screen[None]):
    TITLE_FR = N_("Connexion")
    HELP = N_(
        "Choisissez votre nom dans la liste (flèches puis Entrée, ou clic). Si le secrétaire a "
        "défini un code PIN pour vous, il est demandé. Pour ouvrir directement : "
        "juryapp open SESSION --as IDENTIFIANT."
    )
    BINDINGS = [Binding("escape", "back", N_("Retour"), id="login.back")]

    def __init__(self, member_id: str | None = None) -> None:
        """``member_id``: the member named on the command line (``--as``) who has a PIN:
        chosen already, the PIN is asked at once."""
        super().__init__()
        self._pending: str | None = None
        self._preselected = member_id

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        with Vertical(id="login-box"):
            yield Static("", id="login-session")  # which session one logs into
            yield Static(_("Qui êtes-vous ?"), id="login-title")
            yield OptionList(id="login-members")
            yield Label("", id="login-pin-label")
            yield Input(
                placeholder=_("Code PIN"),
                password=True,
                id="login-pin",
                restrict=r"\d*",
                max_length=12,
            )
            yield Static("", id="login-error")
        yield JuryFooter()

    def on_mount(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        from juryapp.domain.kinds import KIND_LABELS, STATUS_LABELS

        info = session.info
        self.query_one("#login-session", Static).update(
            Text.assemble(
                (info.title, "bold"),
                "\n",
                (f"{_(KIND_LABELS[info.kind])} · {_(STATUS_LABELS[info.status])}", "dim"),
            )
        )
        options = self.query_one("#login-members", OptionList)
        order = {Role.PRESIDENT: 0, Role.MEMBRE: 1, Role.SECRETAIRE: 2}
        for m in sorted(session.jury, key=lambda m: (order[m.role], m.last_name.casefold())):
            role = _(role_label_of(m))
            quality = _(quality_label_of(m))
            absent = (
                "" if m.presence is Presence.PRESENT else f" — {_(presence_label_of(m)).lower()}"
            )
            lock = " 🔒" if m.pin_hash else ""
            options.add_option(Option(f"{m.full_name} · {role} · {quality}{absent}{lock}", id=m.id))
        self.query_one("#login-pin").display = False
        if options.option_count:
            options.highlighted = 0
        options.focus()
        if self._preselected is not None and session.member(self._preselected) is not None:
            options.highlighted = options.get_option_index(self._preselected)
            self._ask_pin_or_log_in(self._preselected)

    @on(OptionList.OptionSelected, "#login-members")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._ask_pin_or_log_in(event.option.id)

    def _ask_pin_or_log_in(self, member_id: str) -> None:
        member = self.app.session.member(member_id)  # type: ignore[attr-defined]
        if member is None:
            return
        if member.pin_hash:
            self._pending = member.id
            self.refresh_bindings()
            self.query_one("#login-pin-label", Label).update(
                _("Code PIN de {name}").format(name=member.full_name)
            )
            pin = self.query_one("#login-pin", Input)
            pin.value = ""
            pin.display = True
            pin.focus()
            return
        self.app.log_in(member.id)  # type: ignore[attr-defined]

    @on(Input.Submitted, "#login-pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        member = self.app.session.member(self._pending or "")  # type: ignore[attr-defined]
        if member is None or not member.pin_hash:
            return
        if verify_pin(event.value, member.pin_hash):
            self.app.log_in(member.id)  # type: ignore[attr-defined]
            return
        event.input.value = ""
        self.query_one("#login-error", Static).update("✗ " + _("Code PIN incorrect"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self._pending is not None  # back from the PIN to the list; else no key
        return True

    def action_back(self) -> None:
        self._pending = None
        self.refresh_bindings()
        self.query_one("#login-pin").display = False
        self.query_one("#login-pin-label", Label).update("")
        self.query_one("#login-error", Static).update("")
        self.query_one("#login-members").focus()
