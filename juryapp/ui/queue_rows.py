"""The dossier queue's rows, title and counts, and the first screen the quick start keeps
(:mod:`juryapp.ui.quickstart`).  Without Textual: the queue's worker computes them, and so
does the quick start's read-ahead, in a process that imports the domain but not Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from juryapp.i18n import N_, _, ngettext
from juryapp.ui.table_rows import Column, Row, translated_columns

if TYPE_CHECKING:
    from juryapp.domain.models import JuryMember, Session
    from juryapp.domain.queue import QueueEntry
    from juryapp.settings import Settings
    from juryapp.ui.quickstart import FirstScreen


def who_is_at_the_keyboard(member: JuryMember | None) -> str:
    """« Nadia Benali (Membre du jury) », or ``""`` before anyone is logged in."""
    if member is None:
        return ""
    from juryapp.domain.kinds import role_label_of

    return f"{member.full_name} ({_(role_label_of(member))})"


#: symbol, word (a French msgid) and colour of each eligibility status (its value)
_ELIGIBILITY = {
    "eligible": ("✓", N_("recevable"), "green"),
    "jury-decides": ("?", N_("au jury"), "yellow"),
    "ineligible": ("✗", N_("non recevable"), "red"),
    "not-examined": ("✗", N_("incomplet"), "red"),
}

#: the labels are French msgids: :func:`columns_for` translates them
COLUMNS = (
    Column("name", N_("Nom")),
    Column("specialty", N_("Spéc."), width=6),
    Column("track", N_("Filière"), width=7),
    Column("eligibility", N_("Recevabilité"), width=16),
    Column("review", N_("Dossier"), width=14),
    Column("epreuves", N_("Épr. p/m/t"), width=10, align="center"),
    Column("total", N_("Total"), width=6, align="right"),
    Column("spread", N_("Écart"), width=7),
    Column("decision", N_("Décision"), width=14),
)


def columns_for(entries: list[QueueEntry]) -> tuple[Column, ...]:
    """The queue's columns, translated: the name as wide as the longest (capped); a column
    whose value is the same for every dossier (one specialty, one track) is left out — the
    title says it."""
    width = min(30, max((len(e.name) for e in entries), default=10) + 2)
    cols = [Column("name", _("Nom"), width=width), *translated_columns(COLUMNS[1:])]
    for key, attr in (("specialty", "specialty"), ("track", "track")):
        if len({getattr(e, attr) for e in entries}) <= 1:
            cols = [c for c in cols if c.key != key]
    return tuple(cols)


def to_row(e: QueueEntry, columns: tuple[Column, ...] = COLUMNS) -> Row:
    from juryapp.domain.deliberation import fmt_total

    if e.eligibility:
        symbol, word, colour = _ELIGIBILITY[e.eligibility.value]
        label = f"{symbol} {_(word)}"
    else:
        label, colour = "…", ""
    name: str | Text = e.name
    if e.conflict:
        name = Text(e.name)
        name.append(" ⊘", style="bold red")
    epreuves = "" if not e.planned else f"{e.planned}/{e.scored_by_me}/{e.scored_by_all}"
    if e.pending:
        epreuves = "…"
    if e.to_score_by_me and not e.conflict:
        epreuves = f"● {epreuves}"
    cells = {
        "name": name,
        # « 2IA – Informatique et intelligence artificielle, option … »: its code (the
        # dossier gives the whole name)
        "specialty": e.specialty.split(" – ")[0].split(" - ")[0],
        "track": e.track,
        "eligibility": Text(label, style=colour),
        "review": "…" if e.pending else e.review,
        "epreuves": epreuves,
        "total": "…" if e.pending else fmt_total(e.total),
        "spread": Text(_("⚠ écart"), style="bold yellow") if e.divergent else "",
        "decision": "…" if e.pending else e.decision,
    }
    # the filter still finds the dossier by its specialty's whole name (« informatique »)
    search = e.specialty if cells["specialty"] != e.specialty else ""
    return Row(e.candidate_id, tuple(cells[c.key] for c in columns), data=e, search=search)


def first_look(session: Session) -> tuple[list[QueueEntry], tuple[Column, ...], list[Row]]:
    """The rows of the first look at a large session (names, specialty, track; the rest
    follows): cheap, and the same for every member, so the loading worker computes them
    before the queue is even shown."""
    from juryapp.domain.queue import queue_entries

    quick = queue_entries(session, None, with_results=False)
    columns = columns_for(quick)
    return quick, columns, [to_row(e, columns) for e in quick]


def title_markup(session: Session) -> str:
    """The lines above the table: the session's title (in full: it wraps in a narrow
    terminal); its kind, state and places.  Who is at the keyboard is in the header."""
    from juryapp.domain.kinds import KIND_LABELS, STATUS_LABELS

    info = session.info
    places = ""
    if info.kind.is_admission:  # places are an admission's; a VAE jury has none
        places = " · " + ngettext("{n} place", "{n} places", info.places).format(n=info.places)
    return (
        f"[b]{info.title}[/b]\n{_(KIND_LABELS[info.kind])} · "
        f"{_(STATUS_LABELS[info.status])}{places}"
    )


def progress_text(entries: list[QueueEntry], member: JuryMember | None) -> str:
    """The line under the table: the member's scoring progress, the decisions recorded."""
    from juryapp.domain.models import Role
    from juryapp.domain.queue import progress

    done, assigned = progress(entries)
    decided = sum(1 for e in entries if e.decided)
    parts = []
    if member is not None and member.role in (Role.MEMBRE, Role.PRESIDENT) and assigned:
        parts.append(_("{done}/{total} notés par vous").format(done=done, total=assigned))
    # the PV's count: a classification that ends the procedure counts (excellence, rejet)
    parts.append(
        _("{done}/{total} avec une décision finale").format(done=decided, total=len(entries))
    )
    return " · ".join(parts)


#: the table's text when the filter leaves no dossier
NO_MATCH = N_("Aucun dossier ne correspond au filtre")


def first_screen_of(
    session: Session,
    member_id: str,
    settings: Settings,
    entries: list[QueueEntry],
    columns: tuple[Column, ...],
    rows: list[Row],
) -> FirstScreen | None:
    """What the quick start keeps of ``member_id``'s queue (``rows`` made from
    ``entries``); None when nothing may be kept: a member with a PIN (nothing of their queue
    shows before the PIN is given), a member not in the jury, or a settings file with a
    problem (its warning must show)."""
    from juryapp.ui import quickstart

    member = session.member(member_id)
    if settings.load_warning or member is None or member.pin_hash:
        return None
    return quickstart.FirstScreen(
        settings_language=settings.language,
        theme=settings.theme,
        keymap=dict(settings.keymap),
        sub_title=who_is_at_the_keyboard(member),
        title=title_markup(session),
        columns=[(c.key, c.label, c.width, c.align) for c in columns],
        rows=[(r.key, [quickstart.cell_to_json(c) for c in r.cells], r.search) for r in rows],
        progress=progress_text(entries, member),
    )
