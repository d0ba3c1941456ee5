"""`JuryHeader`: the header of every screen of juryapp.

Textual's :class:`~textual.widgets.Header` shows « title — sub-title », the app's unless the
screen sets its own.  juryapp's header says where the user is and who is at the keyboard:
« juryapp · Dossiers — Nadia Benali (Membre du jury) ».  The screen's name is its
``TITLE_FR`` (a French msgid, translated when shown); the app's sub-title is who is at the
keyboard (:func:`~juryapp.ui.queue_rows.who_is_at_the_keyboard`).  The session's title,
long (« Jury de recrutement – Ingénieur INFRES (Informatique et réseaux) par apprentissage,
1re année – session 2026 »), is not repeated there: it was cut at 80 and even at 120 columns; the queue shows it in full,
under the header.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from juryapp.ui.queue_rows import who_is_at_the_keyboard

__all__ = ["JuryHeader", "who_is_at_the_keyboard"]

APP_NAME = "juryapp"


#: the columns of the header that are not its title: the icon (8) and the clock's space (10)
_BESIDE_THE_TITLE = 18


class JuryHeader(Header):
    """« juryapp · <the screen's name> — <who is at the keyboard> », shortened to fit: the
    role goes first (« (Présidente du jury) »), then the app's name."""

    def format_title(self) -> Content:
        sub_title = self.screen_sub_title
        title = self.screen.title
        if title is not None:  # the screen sets its own
            return self.app.format_title(title, sub_title)
        from juryapp.ui.widgets.footer import translated

        name = translated(getattr(self.screen, "TITLE_FR", "") or "")
        room = (self.size.width or self.app.size.width) - _BESIDE_THE_TITLE
        who = sub_title.rsplit(" (", 1)[0] if sub_title.endswith(")") else sub_title
        for title, sub in (
            (f"{APP_NAME} · {name}" if name else APP_NAME, sub_title),
            (f"{APP_NAME} · {name}" if name else APP_NAME, who),
            (name or APP_NAME, who),
        ):
            content = self.app.format_title(title, sub)
            if content.cell_length <= room:
                break
        return content

    def _on_mount(self, event: Mount) -> None:
        """Textual's (it is not run: ``prevent_default``), with the title left alone once
        the header's children are gone.  A screen replaced as the app's sub-title changes
        (the session unreadable at once, under an empty queue) crashed the app with
        NoMatches: Textual's only passes over NoScreen.  ``prevent_default`` also skips
        ``Widget._on_mount``, which only shows scroll bars (a header has none).  A copy of
        Textual's (pinned): compare it when Textual is upgraded."""
        event.prevent_default()

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)

    def on_resize(self) -> None:
        try:
            self.query_one(HeaderTitle).update(self.format_title())
        except NoMatches:  # not composed yet
            pass
