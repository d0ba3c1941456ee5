"""The command line: ``juryapp`` (opens the demo), ``juryapp open``, imports, exports, checks.

Every error is one line on stderr and a non-zero exit code; ``--debug`` shows the
traceback.  Heavy modules (the store, Textual, openpyxl) are imported inside the
commands so that ``juryapp --help`` stays instant.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from juryapp.domain.models import Session
    from juryapp.store.session_store import SessionStore

DEMO_SESSION = "infres-1a-2026.jury"

#: exit codes
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class CliError(click.ClickException):
    """An error for the user: printed as one line, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"juryapp : erreur : {self.format_message()}", err=True)


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
            # imported here, not before the command runs: `open` starts the app before
            # pydantic and the domain are imported (its quick start)
            from pydantic import ValidationError

            from juryapp.domain.decisions import DecisionError
            from juryapp.domain.errors import describe_text
            from juryapp.domain.permissions import PermissionDenied
            from juryapp.store.errors import StoreError
            from juryapp.store.tabular import TableError

            if isinstance(exc, ValidationError):
                raise CliError(describe_text(exc)) from exc
            if isinstance(exc, PermissionDenied):
                raise CliError(f"refusé : {exc}") from exc
            if isinstance(exc, StoreError | TableError | DecisionError | ValueError):
                raise CliError(str(exc)) from exc
            if isinstance(exc, OSError):
                where = f" ({exc.filename})" if exc.filename else ""
                raise CliError(f"{exc.strerror or exc}{where}") from exc
            raise CliError(f"erreur inattendue ({type(exc).__name__}) : {exc}") from exc

    return wrapper


def _open_store(path: Path) -> SessionStore:
    from juryapp.store.session_store import SessionStore

    return SessionStore.open(path)


def _actor(session: Session, given: str | None) -> str:
    """Who does it: ``--as``, else the session's secretary."""
    if given:
        if session.member(given) is None:
            known = ", ".join(m.id for m in session.jury) or "aucun"
            raise CliError(
                f"« {given} » n'est pas membre du jury de cette session (membres : {known})"
            )
        return given
    sec = session.secretary
    if sec is None:
        raise CliError("la session n'a pas de secrétaire : précisez qui agit avec --as MEMBRE")
    return sec.id


def _as_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as",
        "actor",
        metavar="MEMBER_ID",
        help="Qui agit (journal et contrôle des rôles) ; par défaut le secrétaire de la session.",
    )(f)


def _session_arg(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument(
        "session_path",
        metavar="SESSION",
        type=click.Path(path_type=Path, file_okay=False),
    )(f)


# --------------------------------------------------------------------------- root


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Afficher la trace complète des erreurs.")
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default=None,
    help="Langue de l'interface (par défaut : réglage de l'utilisateur, sinon français).",
)
@click.version_option(package_name="juryapp", message="juryapp %(version)s")
@click.pass_context
def cli(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """juryapp : les jurys d'admission et de VAE, dans le terminal.

    Sans commande, ouvre la session de démonstration (une copie dans votre dossier de
    données, l'exemple fourni reste intact).
    """
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
            raise CliError(f"la session de démonstration est introuvable dans le paquet ({src})")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("*.lock", ".*.lock"))
        os.replace(tmp, dest)
    return dest


@cli.command()
@click.option("--reset", is_flag=True, help="Repartir d'une copie neuve de la démonstration.")
@click.option("--as", "actor", metavar="MEMBER_ID", help="Ouvrir en tant que ce membre du jury.")
@click.option(
    "--path-only", is_flag=True, help="Afficher le chemin de la copie sans ouvrir l'application."
)
@_friendly
def demo(reset: bool = False, actor: str | None = None, path_only: bool = False) -> None:
    """Ouvrir la session de démonstration (INFRES 1re année)."""
    path = ensure_demo(reset)
    if path_only:
        click.echo(str(path))
        return
    _run_app(path, actor)


def _run_app(path: Path, actor: str | None) -> None:
    # Not a session folder: said at once. Everything else (a damaged file, an unknown
    # --as) the app says itself, once its first screen shows: reading and validating the
    # session here would keep the terminal blank for seconds on a large session.
    from juryapp.store.folder_stamp import check_session_folder

    check_session_folder(path)
    from juryapp.ui.app import JuryApp

    JuryApp(path, member_id=actor).run()


@cli.command("open")
@_session_arg
@click.option("--as", "actor", metavar="MEMBER_ID", help="Ouvrir en tant que ce membre du jury.")
@_friendly
def open_(session_path: Path, actor: str | None) -> None:
    """Ouvrir une session dans l'application plein écran."""
    _run_app(session_path, actor)


# --------------------------------------------------------------------------- new


@cli.command()
@_session_arg
@click.option(
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
    help="Type de session.",
)
@click.option("--specialty", default="", help="Spécialité (BAT, INFRES, MKX...).")
@click.option(
    "--places",
    type=click.IntRange(min=0),
    default=None,
    help="Nombre de places (liste principale).",
)
@click.option(
    "--date", "dates", multiple=True, help="Date du jury (AAAA-MM-JJ ou JJ/MM/AAAA) ; répétable."
)
@click.option("--title", default=None, help="Intitulé de la session.")
@click.option(
    "--id",
    "session_id",
    default=None,
    help="Identifiant de la session (par défaut : le nom du dossier).",
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
    """Créer une session vide (épreuves par défaut du type choisi)."""
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
        title=title or f"{label}{' – ' + specialty if specialty else ''}",
        kind=k,
        specialty=specialty,
        places=places,
        dates=parsed,
    )
    session = Session(info=info, epreuves=default_epreuves(k))
    SessionStore.create(session_path, session, actor="system")
    click.echo(
        f"Session créée : {session_path} ({label}, {len(session.epreuves)} épreuves, {places} places)"
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
        raise CliError(f"impossible de tirer un identifiant de « {text} » : utilisez --id")
    return s[:64]


def _parse_date(text: str) -> dt.date:
    from juryapp.store.tabular import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"--date : {exc}") from exc


# --------------------------------------------------------------------------- imports


def _report_import(result: Any, file: Path, skip_bad: bool) -> None:
    for err in result.errors:
        click.echo(str(err), err=True)
    if result.errors and not skip_bad:
        raise CliError(
            f"{len(result.errors)} erreur(s) dans {file.name} : rien n'a été importé "
            "(corrigez le fichier, ou relancez avec --skip-bad pour importer les lignes valides)"
        )


def _skipped(result: Any) -> str:
    """``, N ligne(s) ignorée(s)`` when --skip-bad left rows out, else nothing."""
    n = len({e.line for e in result.errors})
    return f", {n} ligne(s) ignorée(s)" if n else ""


@cli.command("import-candidates")
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Importer les lignes valides et ignorer les autres.")
@_as_option
@_friendly
def import_candidates(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    """Importer les dossiers des candidats (CSV ou XLSX ; clé : id)."""
    from juryapp.store.importers import parse_candidates

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    result = parse_candidates(file)
    _report_import(result, file, skip_bad)
    added, updated = store.upsert_candidates(result.records, actor=who)
    msg = f"{file.name} : {added} dossier(s) ajouté(s), {updated} mis à jour{_skipped(result)}"
    if result.unknown_columns:
        msg += f" ; colonnes conservées en notes : {', '.join(result.unknown_columns)}"
    click.echo(msg)


@cli.command("import-jury")
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Importer les lignes valides et ignorer les autres.")
@_as_option
@_friendly
def import_jury(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    """Importer la composition du jury (CSV ou XLSX ; clé : id)."""
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
    click.echo(f"{file.name} : {added} membre(s) ajouté(s), {updated} mis à jour{_skipped(result)}")


@cli.command("import-scores")
@_session_arg
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Importer les lignes valides et ignorer les autres.")
@_as_option
@_friendly
def import_scores(session_path: Path, file: Path, skip_bad: bool, actor: str | None) -> None:
    """Importer des notes (CSV : candidate_id, epreuve, member, criterion, score, comment)."""
    from juryapp.store.importers import parse_scores

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    result = parse_scores(file, session)
    _report_import(result, file, skip_bad)
    by_owner: dict[str | None, list[Any]] = {}
    for s in result.records:
        by_owner.setdefault(s.member_id, []).append(s)
    for owner, scores in by_owner.items():
        store.save_scores(scores, actor=who, on_behalf=owner is not None and owner != who)
    click.echo(f"{file.name} : {len(result.records)} note(s) importée(s){_skipped(result)}")


# --------------------------------------------------------------------------- info, export


@cli.command()
@_session_arg
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (pour les scripts).")
@_friendly
def info(session_path: Path, as_json: bool) -> None:
    """La session en un coup d'œil : type, dates, places, jury, épreuves et critères."""
    from juryapp.domain.summary import session_summary

    summary = session_summary(_open_store(session_path).load())
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"{summary['title']}  [{summary['id']}]")
    click.echo(
        f"  Type : {summary['kind_label']} ({summary['kind']})   État : {summary['status_label']}"
    )
    if summary["specialty"]:
        click.echo(f"  Spécialité : {summary['specialty']}")
    click.echo(
        f"  Dates : {', '.join(_fr_date(d) for d in summary['dates']) or '—'}   Lieu : {summary['place'] or '—'}"
    )
    if summary["appointing_act"]:
        click.echo(f"  Acte de nomination : {summary['appointing_act']}")
    click.echo(
        f"  Places : {summary['places']}   Dossiers : {summary['candidates']}   Notes : {summary['scores']}"
    )
    click.echo("  Jury :")
    for m in summary["jury"]:
        click.echo(
            f"    {m['id']:<16} {m['name']:<28} {m['role_label']:<12} {m['quality_label']} ({m['presence']})"
        )
    click.echo("  Épreuves (identifiants utilisés par les fichiers de notes) :")
    for e in summary["epreuves"]:
        opt = " (facultative)" if e["optional"] else ""
        click.echo(f"    {e['id']:<16} {e['name']}{opt}")
        for c in e["criteria"]:
            scale = (
                "/".join(_num(x) for x in c["levels"])
                if c["levels"]
                else f"{_num(c['min'])}–{_num(c['max'])}"
            )
            click.echo(f"      {c['id']:<22} {c['label']} [{scale}, coef. {_num(c['weight'])}]")
    if summary["blocs"]:
        click.echo("  Blocs de compétences :")
        for b in summary["blocs"]:
            click.echo(f"    {b['id']:<8} {b['label']}")
    click.echo(
        "  Décisions : " + (", ".join(f"{k} {v}" for k, v in summary["decisions"].items()) or "—")
    )
    click.echo(
        "  Recevabilité : "
        + (", ".join(f"{k} {v}" for k, v in summary["eligibility"].items()) or "—")
    )


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}".replace(".", ",")


def _fr_date(iso: str) -> str:
    from babel.dates import format_date

    return format_date(dt.date.fromisoformat(iso), format="long", locale="fr_FR")


@cli.command()
@_session_arg
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True)
@click.option("--detailed", is_flag=True, help="Ajouter les notes (confidentielles).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@_friendly
def export(session_path: Path, fmt: str, detailed: bool, output: Path) -> None:
    """Exporter les décisions (par défaut sans les notes, qui sont confidentielles)."""
    from juryapp.domain.summary import decision_rows
    from juryapp.store.exporters import write_table

    columns, rows = decision_rows(_open_store(session_path).load(), detailed=detailed)
    write_table(output, fmt, columns, rows)  # type: ignore[arg-type]
    click.echo(
        f"{len(rows)} ligne(s) écrite(s) dans {output}"
        + (" (détail des notes : confidentiel)" if detailed else "")
    )


# --------------------------------------------------------------------------- decide


@cli.command()
@_session_arg
@click.argument("candidate_id")
@click.argument("decision")
@click.option(
    "--blocs", default="", help="Blocs de compétences accordés (validation partielle), ex. B1,B2."
)
@click.option("--reason", default="", help="Motif de la décision.")
@click.option(
    "--override", "override_reason", default="", help="Motif pour classer un dossier non recevable."
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
    actor: str | None,
) -> None:
    """Enregistrer une décision du jury pour un candidat.

    DECISION : excellence, standard, rejet, pre-admissible, admissible, non-admissible,
    totale, partielle, refus (selon le type de session et l'étape).
    """
    from juryapp.domain.decisions import validate_decision
    from juryapp.domain.kinds import decision_label, parse_decision
    from juryapp.domain.models import Decision, Role

    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    stage, value = parse_decision(session.info.kind, decision)
    member = session.member(who)
    president = session.president
    if member is not None and member.role is Role.PRESIDENT:
        decided_by, recorded_by = who, None
    else:
        if president is None:
            raise CliError("la session n'a pas de président : la décision ne peut être enregistrée")
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
    )
    validate_decision(session, d)
    store.record_decision(d, actor=who)
    cand = session.candidate(candidate_id)
    name = cand.full_name if cand else candidate_id
    extra = f" (saisie par {who} pour le président)" if recorded_by else ""
    click.echo(f"{name} : {decision_label(session.info.kind, value)}{extra}")


# --------------------------------------------------------------------------- check, merge


@cli.command()
@_session_arg
@_friendly
def check(session_path: Path) -> None:
    """Rapport des règles : recevabilité, composition, notes manquantes, intégrité du journal.

    Code de sortie 0 si tout est en ordre, 1 s'il y a des constats.
    """
    from juryapp.domain.summary import check_session

    store = _open_store(session_path)
    session = store.load()
    findings = check_session(session, dt.date.today())
    journal_problems = store.journal.verify()
    n = 0
    for f in findings:
        mark = "ERREUR " if f.level == "error" else "ATTENTION"
        click.echo(f"{mark}  {f.message}")
        n += 1
    for p in journal_problems:
        click.echo(f"JOURNAL  {p}")
        n += 1
    if n:
        click.echo(f"{n} constat(s).")
        sys.exit(EXIT_FINDINGS)
    click.echo("Aucun constat : la session est en ordre.")


@cli.command()
@_session_arg
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@_as_option
@_friendly
def merge(session_path: Path, sheets: tuple[Path, ...], actor: str | None) -> None:
    """Intégrer des feuilles de notes remplies sur une autre machine (la plus récente l'emporte)."""
    store = _open_store(session_path)
    session = store.load()
    who = _actor(session, actor)
    report = store.merge_sheets(list(sheets), actor=who)
    click.echo(str(report))


@cli.command("export-sheet")
@_session_arg
@click.option(
    "--member", "member_id", required=True, metavar="MEMBER_ID", help="Le membre du jury."
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@_friendly
def export_sheet(session_path: Path, member_id: str, output: Path) -> None:
    """Exporter la feuille de notes d'un membre (pour la fusionner ailleurs avec merge)."""
    store = _open_store(session_path)
    if store.load().member(member_id) is None:
        raise CliError(f"« {member_id} » n'est pas membre du jury de cette session")
    store.export_sheet(member_id, output)
    click.echo(f"Feuille de {member_id} écrite dans {output}")


# --------------------------------------------------------------------------- documents, signatures

from juryapp.minutes.commands import register as _register_minutes  # noqa: E402

_register_minutes(cli)  # minutes, attendance, annex, letters, keygen, sign, verify, reopen


def main() -> None:
    """Entry point of the ``juryapp`` console script."""
    cli(prog_name="juryapp")
