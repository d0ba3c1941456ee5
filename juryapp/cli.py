"""The command line: ``juryapp`` (opens the demo), ``juryapp open``, imports, exports, checks.

Every error is one line on stderr and a non-zero exit code; ``--debug`` shows the
traceback.  Heavy modules (the store, Textual, openpyxl) are imported inside the
commands so that ``juryapp --help`` stays instant.

Messages and help texts are in the user's language (:mod:`juryapp.i18n`).  The help texts
(``help=``) are ``N_`` msgids, translated when the help is shown (:class:`Command`,
:class:`Option`): the decorators run at import, before ``--lang`` is known, and the root
group reads ``--lang`` before anything else (:meth:`Group.parse_args`), so that
``juryapp --help --lang en`` is English too.  Click's own words (``Usage:``, ``Show this
message and exit.``, its usage errors) are click's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from juryapp.i18n import N_, _, decimal_separator, format_date, ngettext, school_today
from juryapp.launch import EXIT_ERROR, run_app

if TYPE_CHECKING:
    from juryapp.domain.models import Session
    from juryapp.store.session_store import SessionStore

DEMO_SESSION = "infres-1a-2026.jury"

#: exit codes
EXIT_OK = 0
EXIT_FINDINGS = 1

#: the values of ``--lang``
LANG_CHOICES = ("fr", "en")


# --------------------------------------------------------------------------- help in the user's language


class _TranslatedHelp:
    """``help`` is a French msgid (marked with ``N_``), translated each time it is read."""

    _help_msgid: str | None = None

    @property
    def help(self) -> str | None:
        return _(self._help_msgid) if self._help_msgid else self._help_msgid

    @help.setter
    def help(self, value: str | None) -> None:
        self._help_msgid = value


class Option(_TranslatedHelp, click.Option):
    """An option whose ``help=`` is translated when the help is shown."""


class Command(_TranslatedHelp, click.Command):
    """A command whose ``help=`` (and short help) is translated when the help is shown."""


class Group(_TranslatedHelp, click.Group):
    """The ``juryapp`` group: its commands are :class:`Command`; it reads ``--lang`` first."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            lang = _lang_in(args)
            if lang is not None:
                from juryapp.i18n import set_language

                set_language(lang)
        return super().parse_args(ctx, args)


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of the root's ``--lang`` in ``args`` (before the command's name), if valid:
    click processes ``--help`` (eager) before it."""
    found: str | None = None
    it = iter(args)
    for arg in it:
        if arg == "--":
            break
        if arg == "--lang":
            found = next(it, None)
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
        elif not arg.startswith("-"):
            break  # the command's name: its options are its own
    return found if found in LANG_CHOICES else None


def option(*param_decls: str, **attrs: Any) -> Callable[..., Any]:
    """``click.option`` whose ``help=`` (an ``N_`` msgid) is translated when shown."""
    return click.option(*param_decls, cls=Option, **attrs)


# --------------------------------------------------------------------------- errors


class CliError(click.ClickException):
    """An error for the user: printed as one line, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        from juryapp.launch import error_line

        click.echo(error_line(self.format_message()), err=True)


def _friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the known errors of the store and the domain into one-line messages."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            from juryapp.launch import error_message

            raise CliError(error_message(exc)) from exc

    return wrapper


def _open_store(path: Path) -> SessionStore:
    from juryapp.store.session_store import SessionStore

    return SessionStore.open(path)


def not_a_member(member_id: str, session: Session) -> str:
    """``« x » n'est pas membre du jury de cette session (membres : a, b)``."""
    known = ", ".join(m.id for m in session.jury) or _("aucun")
    return _("« {member} » n'est pas membre du jury de cette session (membres : {known})").format(
        member=member_id, known=known
    )


def _actor(session: Session, given: str | None) -> str:
    """Who does it: ``--as``, else the session's secretary."""
    if given:
        if session.member(given) is None:
            raise CliError(not_a_member(given, session))
        return given
    sec = session.secretary
    if sec is None:
        raise CliError(_("la session n'a pas de secrétaire : précisez qui agit avec --as MEMBRE"))
    return sec.id


def _as_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return option(
        "--as",
        "actor",
        metavar="MEMBER_ID",
        help=N_(
            "Qui agit (journal et contrôle des rôles) ; par défaut le secrétaire de la session."
        ),
    )(f)


def _session_arg(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument(
        "session_path",
        metavar="SESSION",
        type=click.Path(path_type=Path, file_okay=False),
    )(f)


# --------------------------------------------------------------------------- root


@click.group(
    cls=Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "juryapp : les jurys d'admission et de VAE, dans le terminal.\n\n"
        "Sans commande, ouvre la session de démonstration (une copie dans votre dossier de "
        "données, l'exemple fourni reste intact)."
    ),
)
@option("--debug", is_flag=True, help=N_("Afficher la trace complète des erreurs."))
@option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    default=None,
    help=N_("Langue de l'interface (par défaut : réglage de l'utilisateur, sinon français)."),
)
@click.version_option(package_name="juryapp", message="juryapp %(version)s")
@click.pass_context
def cli(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """The root group (its help is the ``help=`` above, translated when shown)."""
    if lang is not None:
        from juryapp.i18n import set_language

        set_language(lang)
    if ctx.invoked_subcommand is None:
        ctx.invoke(demo)


def demo_copy_path() -> Path:
    """Where the user's copy of the demo session lives."""
    from platformdirs import user_data_path

    base = os.environ.get("JURYAPP_DATA_DIR")
    root = Path(base) if base else user_data_path("juryapp", appauthor=False)
    return root / "demo" / DEMO_SESSION


def bundled_sample(name: str) -> Path:
    """The path of a sample session shipped inside the package."""
    from importlib.resources import as_file, files

    res = files("juryapp.sample_sessions").joinpath(name)
    with as_file(res) as p:
        return Path(p)


def ensure_demo(reset: bool = False) -> Path:
    """Copy the bundled demo session to the user's data folder (once, or again on reset)."""
    dest = demo_copy_path()
    if reset and dest.exists():
        shutil.rmtree(dest)
    if not (dest / "session.json").exists():
        src = bundled_sample(DEMO_SESSION)
        if not (src / "session.json").exists():
            raise CliError(
                _("la session de démonstration est introuvable dans le paquet ({path})").format(
                    path=src
                )
            )
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("*.lock", ".*.lock"))
        os.replace(tmp, dest)
    return dest


@cli.command(help=N_("Ouvrir la session de démonstration (INFRES 1re année)."))
@option("--reset", is_flag=True, help=N_("Repartir d'une copie neuve de la démonstration."))
@option("--as", "actor", metavar="MEMBER_ID", help=N_("Ouvrir en tant que ce membre du jury."))
@option(
    "--path-only",
    is_flag=True,
    help=N_("Afficher le chemin de la copie sans ouvrir l'application."),
)
@_friendly
def demo(reset: bool = False, actor: str | None = None, path_only: bool = False) -> None:
    path = ensure_demo(reset)
    if path_only:
        click.echo(str(path))
        return
    run_app(path, actor)


@cli.command("open", help=N_("Ouvrir une session dans l'application plein écran."))
@_session_arg
@option("--as", "actor", metavar="MEMBER_ID", help=N_("Ouvrir en tant que ce membre du jury."))
@_friendly
def open_(session_path: Path, actor: str | None) -> None:
    run_app(session_path, actor)


# --------------------------------------------------------------------------- new


@cli.command(help=N_("Créer une session vide (épreuves par défaut du type choisi)."))
@_session_arg
@option(
    "--kind",
    required=True,
    type=click.Choice(
        [
            "admission-1a",
            "admission-2a",
            "vae-recevabilite",
            "vae-validation",
            "cqpm",
            "contrat-pro",
        ]
    ),
    help=N_("Type de session."),
)
@option("--specialty", default="", help=N_("Spécialité (BAT, INFRES, MKX...)."))
@option(
    "--places",
    type=click.IntRange(min=0),
    default=None,
    help=N_("Nombre de places (liste principale)."),
)
@option(
    "--date",
    "dates",
    multiple=True,
    help=N_("Date du jury (AAAA-MM-JJ ou JJ/MM/AAAA) ; répétable."),
)
@option("--title", default=None, help=N_("Intitulé de la session."))
@option(
    "--id",
    "session_id",
    default=None,
    help=N_("Identifiant de la session (par défaut : le nom du dossier)."),
)
@_friendly
def new(
    session_path: Path,
    kind: str,
    specialty: str,
    places: int | None,
    dates: tuple[str, ...],
    title: str | None,
    session_id: str | None,
) -> None:
    from juryapp.domain.kinds import KIND_LABELS, default_epreuves
    from juryapp.domain.models import Session, SessionInfo, SessionKind
    from juryapp.store.session_store import SessionStore

    k = SessionKind(kind)
    parsed = [_parse_date(d) for d in dates]
    sid = session_id or session_path.name.removesuffix(".jury")
    if places is None:
        places = _default_places(k, specialty)
    label = KIND_LABELS.get(k, kind)
    info = SessionInfo(
        id=_safe_id(sid),
        # the session's title is data (the documents print it): French, as the label is
        title=title or f"{label}{' – ' + specialty if specialty else ''}",
        kind=k,
        specialty=specialty,
        places=places,
        dates=parsed,
    )
    session = Session(info=info, epreuves=default_epreuves(k))
    SessionStore.create(session_path, session, actor="system")
    n = len(session.epreuves)
    click.echo(
        _("Session créée : {path} ({label}, {epreuves}, {places})").format(
            path=session_path,
            label=_(label),
            # Translators: French keeps the plural for 0 and 1 here (byte-identical output)
            epreuves=ngettext("{n} épreuves", "{n} épreuves", n).format(n=n),
            places=ngettext("{n} places", "{n} places", places).format(n=places),
        )
    )


def _default_places(kind: Any, specialty: str) -> int:
    """Places from the admission notice (seed 001): 40 per specialty in 1A; 2A: 1 in BAT."""
    from juryapp.domain.models import SessionKind

    if kind is SessionKind.ADMISSION_1A:
        return 40
    if kind is SessionKind.ADMISSION_2A:
        return 1 if specialty.upper() == "BAT" else 0
    return 0


def _safe_id(text: str) -> str:
    import re
    import unicodedata

    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^\w.\-]+", "-", s).strip("-")
    if not s:
        raise CliError(
            _("impossible de tirer un identifiant de « {text} » : utilisez --id").format(text=text)
        )
    return s[:64]


def _parse_date(text: str, option: str = "--date") -> dt.date:
    from juryapp.store.tabular import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(_("{option} : {error}").format(option=option, error=exc)) from exc


# --------------------------------------------------------------------------- imports


def _report_import(result: Any, file: Path, skip_bad: bool) -> None:
    for err in result.errors:
        click.echo(str(err), err=True)
    if result.errors and not skip_bad:
        n = len(result.errors)
        raise CliError(
            ngettext(
                "{n} erreur dans {file} : rien n'a été importé (corrigez le fichier, ou "
                "relancez avec --skip-bad pour importer les lignes valides)",
                "{n} erreurs dans {file} : rien n'a été importé (corrigez le fichier, ou "
                "relancez avec --skip-bad pour importer les lignes valides)",
                n,
            ).format(n=n, file=file.name)
        )


def _with_skipped(message: str, result: Any) -> str:
    """``message, N ligne(s) ignorée(s)`` when --skip-bad left rows out, else ``message``."""
    n = len({e.line for e in result.errors})
    if not n:
        return message
    return ngettext("{message}, {n} ligne ignorée", "{message}, {n} lignes ignorées", n).format(
        message=message, n=n
    )


def _added_updated(file: Path, added: str, updated: int) -> str:
    return _("{file} : {added}, {updated}").format(
        file=file.name, added=added, updated=_("{n} mis à jour").format(n=updated)
    )


@cli.command(
    "import-candidates", help=N_("Importer les dossiers des candidats (CSV ou XLSX ; clé : id).")
)
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@option("--skip-bad", is_flag=True, help=N_("Importer les lignes valides et ignorer les autres."))
@_as_option
@_friendly
def import_candidates(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    from juryapp.store.importers import parse_candidates

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    result = parse_candidates(file)
    _report_import(result, file, skip_bad)
    added, updated = store.upsert_candidates(result.records, actor=who)
    what = ngettext("{n} dossier ajouté", "{n} dossiers ajoutés", added).format(n=added)
    msg = _with_skipped(_added_updated(file, what, updated), result)
    if result.unknown_columns:
        msg = _("{message} ; colonnes conservées en notes : {columns}").format(
            message=msg, columns=", ".join(result.unknown_columns)
        )
    click.echo(msg)


@cli.command("import-jury", help=N_("Importer la composition du jury (CSV ou XLSX ; clé : id)."))
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@option("--skip-bad", is_flag=True, help=N_("Importer les lignes valides et ignorer les autres."))
@_as_option
@_friendly
def import_jury(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    from juryapp.store.importers import parse_jury

    store = _open_store(session_path)
    session = store.load()
    # Before a secretary exists the set-up is open; afterwards the secretary does it.
    if actor or session.secretary:
        who = _actor(session, actor)
    else:
        who = "system"
    result = parse_jury(file)
    _report_import(result, file, skip_bad)
    added, updated = store.upsert_members(result.records, actor=who)
    what = ngettext("{n} membre ajouté", "{n} membres ajoutés", added).format(n=added)
    click.echo(_with_skipped(_added_updated(file, what, updated), result))


@cli.command(
    "import-scores",
    help=N_("Importer des notes (CSV : candidate_id, epreuve, member, criterion, score, comment)."),
)
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@option("--skip-bad", is_flag=True, help=N_("Importer les lignes valides et ignorer les autres."))
@_as_option
@_friendly
def import_scores(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    from juryapp.store.importers import keep_overall_comments, parse_scores

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    result = parse_scores(file, session)
    _report_import(result, file, skip_bad)
    by_owner: dict[str | None, list[Any]] = {}
    for s in result.records:
        by_owner.setdefault(s.member_id, []).append(s)
    for owner, scores in by_owner.items():
        scores = keep_overall_comments(scores, store.load_scores(owner))
        store.save_scores(scores, actor=who, on_behalf=owner is not None and owner != who)
    n = len(result.records)
    msg = ngettext("{file} : {n} note importée", "{file} : {n} notes importées", n).format(
        file=file.name, n=n
    )
    click.echo(_with_skipped(msg, result))


# --------------------------------------------------------------------------- info, export


@cli.command(
    help=N_("La session en un coup d'œil : type, dates, places, jury, épreuves et critères.")
)
@_session_arg
@option("--json", "as_json", is_flag=True, help=N_("Sortie JSON (pour les scripts)."))
@_friendly
def info(session_path: Path, as_json: bool) -> None:
    from juryapp.domain.summary import session_summary

    summary = session_summary(_open_store(session_path).load())
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"{summary['title']}  [{summary['id']}]")
    click.echo(
        "  "
        + _("Type : {label} ({kind})   État : {status}").format(
            label=summary["kind_label"], kind=summary["kind"], status=summary["status_label"]
        )
    )
    if summary["specialty"]:
        click.echo("  " + _("Spécialité : {specialty}").format(specialty=summary["specialty"]))
    click.echo(
        "  "
        + _("Dates : {dates}   Lieu : {place}").format(
            dates=", ".join(_long_date(d) for d in summary["dates"]) or "—",
            place=summary["place"] or "—",
        )
    )
    if summary["appointing_act"]:
        click.echo("  " + _("Acte de nomination : {act}").format(act=summary["appointing_act"]))
    click.echo(
        "  "
        + _("Places : {places}   Dossiers : {candidates}   Notes : {scores}").format(
            places=summary["places"], candidates=summary["candidates"], scores=summary["scores"]
        )
    )
    click.echo("  " + _("Jury :"))
    for m in summary["jury"]:
        click.echo(
            f"    {m['id']:<16} {m['name']:<28} {m['role_label']:<12} {m['quality_label']} ({m['presence']})"
        )
    click.echo("  " + _("Épreuves (identifiants utilisés par les fichiers de notes) :"))
    for e in summary["epreuves"]:
        optional = e["optional"] and "optionnel" not in e["name"].casefold()  # not said twice
        name = _("{name} (optionnelle)").format(name=e["name"]) if optional else e["name"]
        click.echo(f"    {e['id']:<16} {name}")
        for c in e["criteria"]:
            scale = (
                "/".join(_num(x) for x in c["levels"])
                if c["levels"]
                else f"{_num(c['min'])}–{_num(c['max'])}"
            )
            rule = _("[{scale}, coef. {weight}]").format(scale=scale, weight=_num(c["weight"]))
            click.echo(f"      {c['id']:<22} {c['label']} {rule}")
    if summary["blocs"]:
        click.echo("  " + _("Blocs de compétences :"))
        for b in summary["blocs"]:
            click.echo(f"    {b['id']:<8} {b['label']}")
    click.echo(
        "  "
        + _("Décisions : {decisions}").format(
            decisions=", ".join(f"{k} {v}" for k, v in summary["decisions"].items()) or "—"
        )
    )
    click.echo(
        "  "
        + _("Recevabilité : {eligibility}").format(
            eligibility=", ".join(f"{k} {v}" for k, v in summary["eligibility"].items()) or "—"
        )
    )


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}".replace(".", decimal_separator())


def _long_date(iso: str) -> str:
    """``14 avril 2026`` (``14 April 2026`` in English)."""
    return format_date(dt.date.fromisoformat(iso), format="long")


@cli.command(
    help=N_("Exporter les décisions (par défaut sans les notes, qui sont confidentielles).")
)
@_session_arg
@option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True)
@option("--detailed", is_flag=True, help=N_("Ajouter les notes (confidentielles)."))
@option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@_friendly
def export(session_path: Path, fmt: str, detailed: bool, output: Path) -> None:
    from juryapp.domain.summary import decision_rows
    from juryapp.store.exporters import write_table

    columns, rows = decision_rows(_open_store(session_path).load(), detailed=detailed)
    write_table(output, fmt, columns, rows)  # type: ignore[arg-type]
    n = len(rows)
    if detailed:
        msg = ngettext(
            "{n} ligne écrite dans {path} (détail des notes : confidentiel)",
            "{n} lignes écrites dans {path} (détail des notes : confidentiel)",
            n,
        )
    else:
        msg = ngettext("{n} ligne écrite dans {path}", "{n} lignes écrites dans {path}", n)
    click.echo(msg.format(n=n, path=output))


# --------------------------------------------------------------------------- decide


@cli.command(
    help=N_(
        "Enregistrer une décision du jury pour un candidat.\n\n"
        "DECISION : excellence, standard, rejet, pre-admissible, admissible, non-admissible, "
        "totale, partielle, refus (selon le type de session et l'étape)."
    )
)
@_session_arg
@click.argument("candidate_id")
@click.argument("decision")
@option(
    "--blocs",
    default="",
    help=N_("Blocs de compétences accordés (validation partielle), ex. B1,B2."),
)
@option("--reason", default="", help=N_("Motif de la décision."))
@option(
    "--override",
    "override_reason",
    default="",
    help=N_("Motif pour classer un dossier non recevable."),
)
@option("--observations", default="", help=N_("Observations du jury (VAE)."))
@option(
    "--recommendations",
    default="",
    help=N_("Préconisations du jury pour ce qui reste à acquérir (validation partielle)."),
)
@_as_option
@_friendly
def decide(
    session_path: Path,
    candidate_id: str,
    decision: str,
    blocs: str,
    reason: str,
    override_reason: str,
    observations: str,
    recommendations: str,
    actor: str | None,
) -> None:
    from juryapp.domain.decisions import NEEDS_REASON, validate_decision
    from juryapp.domain.kinds import decision_label, parse_decision
    from juryapp.domain.models import Decision, Role

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    stage, value = parse_decision(session.info.kind, decision)
    if value in NEEDS_REASON and not reason.strip():
        raise CliError(
            _('une décision « {decision} » doit être motivée : ajoutez --reason "…"').format(
                decision=decision_label(session.info.kind, value)
            )
        )
    member = session.member(who)
    president = session.president
    if member is not None and member.role is Role.PRESIDENT:
        decided_by, recorded_by = who, None
    else:
        if president is None:
            raise CliError(
                _("la session n'a pas de président : la décision ne peut être enregistrée")
            )
        decided_by, recorded_by = president.id, who
    d = Decision(
        candidate_id=candidate_id,
        stage=stage,
        value=value,
        blocs_granted=[b.strip() for b in blocs.split(",") if b.strip()],
        reason=reason,
        decided_by=decided_by,
        recorded_by=recorded_by,
        at=dt.datetime.now(dt.UTC),
        override_reason=override_reason,
        observations=observations,
        recommendations=recommendations,
    )
    validate_decision(session, d)
    store.record_decision(d, actor=who)
    cand = session.candidate(candidate_id)
    name = cand.full_name if cand else candidate_id
    label = decision_label(session.info.kind, value)
    if recorded_by:
        msg = _("{name} : {decision} (saisie par {who} pour le président)")
    else:
        msg = _("{name} : {decision}")
    click.echo(msg.format(name=name, decision=label, who=who))


# --------------------------------------------------------------------------- check, merge


@cli.command(
    help=N_(
        "Rapport des règles : recevabilité, composition, notes manquantes, intégrité du "
        "journal.\n\n"
        "Code de sortie 0 si tout est en ordre, 1 s'il y a des constats."
    )
)
@_session_arg
@_friendly
def check(session_path: Path) -> None:
    from juryapp.domain.summary import check_session

    store = _open_store(session_path)
    session = store.load()
    findings = check_session(session, school_today())
    journal_problems = store.journal.verify()
    n = 0
    for f in findings:
        if f.level == "error":
            line = _("ERREUR   {message}")
        else:
            line = _("ATTENTION  {message}")
        click.echo(line.format(message=f.message))
        n += 1
    for p in journal_problems:
        click.echo(_("JOURNAL  {problem}").format(problem=p))
        n += 1
    if n:
        click.echo(ngettext("{n} constat.", "{n} constats.", n).format(n=n))
        sys.exit(EXIT_FINDINGS)
    click.echo(_("Aucun constat : la session est en ordre."))


@cli.command(
    help=N_(
        "Intégrer des feuilles de notes remplies sur une autre machine (la plus récente l'emporte)."
    )
)
@_session_arg
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@_as_option
@_friendly
def merge(session_path: Path, sheets: tuple[Path, ...], actor: str | None) -> None:
    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    report = store.merge_sheets(list(sheets), actor=who)
    click.echo(str(report))


@cli.command(
    "export-sheet",
    help=N_("Exporter la feuille de notes d'un membre (pour la fusionner ailleurs avec merge)."),
)
@_session_arg
@option("--member", "member_id", required=True, metavar="MEMBER_ID", help=N_("Le membre du jury."))
@option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@_friendly
def export_sheet(session_path: Path, member_id: str, output: Path) -> None:
    store = _open_store(session_path)
    if store.load().member(member_id) is None:
        raise CliError(
            _("« {member} » n'est pas membre du jury de cette session").format(member=member_id)
        )
    store.export_sheet(member_id, output)
    click.echo(_("Feuille de {member} écrite dans {path}").format(member=member_id, path=output))


# --------------------------------------------------------------------------- documents, signatures

from juryapp.minutes.commands import register as _register_minutes  # noqa: E402

_register_minutes(cli)  # minutes, attendance, annex, letters, keygen, sign, verify, reopen


def main() -> None:
    """Entry point of the ``juryapp`` console script."""
    cli(prog_name="juryapp")
