"""The command line of the documents and signatures: ``minutes``, ``attendance``, ``annex``,
``letters``, ``keygen``, ``sign``, ``verify``, ``reopen``.

:func:`register` adds them to the ``juryapp`` group (``juryapp/cli.py``).  Only click and
the standard library are imported here: reportlab, pyHanko and cryptography are imported
inside the commands, when a document is made, signed or verified.

Passphrases are asked at a prompt, or read from ``JURYAPP_PASSPHRASE`` for scripted use;
never from an option (it would stay in the shell's history).

Messages and help texts are in the user's language (:mod:`juryapp.i18n`); the documents
themselves are always French (:mod:`juryapp.minutes.documents`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from juryapp.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from juryapp.domain.models import Session
    from juryapp.minutes.content import PvVersion
    from juryapp.store.session_store import SessionStore

PASSPHRASE_ENV = "JURYAPP_PASSPHRASE"

#: what ``juryapp verify`` calls each kind of document
_DOCUMENT_LABELS = {
    "pv": N_("Procès-verbal"),
    "pv-draft": N_("Projet de procès-verbal"),
    "attendance": N_("Feuille d'émargement"),
}


def _cli() -> Any:
    import juryapp.cli as cli

    return cli


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _version(store: SessionStore) -> PvVersion:
    from juryapp.minutes.content import pv_version

    return pv_version(store.journal.history("session"))


def _load(session_path: Path) -> tuple[SessionStore, Session]:
    store = _cli()._open_store(session_path)
    return store, store.load()


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    return str(
        click.prompt(
            _("Phrase de passe de la clé"),
            hide_input=True,
            confirmation_prompt=_("Confirmez la phrase de passe") if confirm else False,
            err=True,
        )
    )


# --------------------------------------------------------------------------- documents


def minutes_cmd(session_path: Path, output: Path, draft: bool) -> None:
    from juryapp.minutes.checklist import checklist
    from juryapp.minutes.content import build_minutes
    from juryapp.minutes.documents import pv_pdf
    from juryapp.minutes.layout import write

    cli = _cli()
    store, session = _load(session_path)
    findings = checklist(session)
    errors = [f for f in findings if f.level == "error"]
    marks = {"error": _("ERREUR"), "warning": _("ATTENTION"), "draft": _("PROJET")}
    width = max(len(m) for m in marks.values())
    for f in findings:
        mark = marks["error"] if f.level == "error" else marks["warning"]
        if f.level == "error" and draft:
            mark = marks["draft"]
        click.echo(f"{mark.ljust(width)}  {f.message}", err=True)
    if errors and not draft:
        n = len(errors)
        click.echo(
            ngettext(
                "{n} erreur : le procès-verbal ne peut pas être produit. Corrigez la "
                "session, ou produisez un projet non signable avec --draft.",
                "{n} erreurs : le procès-verbal ne peut pas être produit. Corrigez la "
                "session, ou produisez un projet non signable avec --draft.",
                n,
            ).format(n=n),
            err=True,
        )
        sys.exit(cli.EXIT_FINDINGS)
    _warn_unprintable(session)
    version = _version(store)
    m = build_minutes(session, version=version, draft=draft)
    data = pv_pdf(session, minutes=m)
    write(output, data)
    pages = _n_pages(_pages(data))
    if draft:
        msg = _(
            "Projet de procès-verbal (version n° {version}) écrit dans {path} : {pages} ; "
            "empreinte des décisions {fingerprint}"
        ).format(version=m.version, path=output, pages=pages, fingerprint=m.fingerprint)
    else:
        n = len(m.signatories)
        msg = _(
            "Procès-verbal (version n° {version}) écrit dans {path} : {pages}, {signatures} ; "
            "empreinte des décisions {fingerprint}"
        ).format(
            version=m.version,
            path=output,
            pages=pages,
            signatures=ngettext("{n} signature attendue", "{n} signatures attendues", n).format(
                n=n
            ),
            fingerprint=m.fingerprint,
        )
    click.echo(msg)


def _warn_unprintable(session: Any) -> None:
    """Say which names the documents' font cannot draw (empty boxes on the page)."""
    from juryapp.minutes.documents import unprintable_names

    for label, chars in unprintable_names(session):
        click.echo(
            _(
                "ATTENTION  {who} : caractères absents de la police des documents, imprimés "
                "comme des carrés vides ({chars}) ; saisissez aussi le nom en lettres latines "
                "si l'original ne peut pas figurer"
            ).format(who=label, chars=chars),
            err=True,
        )


def _n_pages(n: int) -> str:
    return ngettext("{n} page", "{n} pages", n).format(n=n)


def attendance_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import attendance_pdf
    from juryapp.minutes.layout import write

    store, session = _load(session_path)
    _warn_unprintable(session)
    data = attendance_pdf(session, version=_version(store))
    write(output, data)
    days = max(1, len(set(session.info.dates)))
    members = len(session.jury)
    click.echo(
        _("Feuille d'émargement écrite dans {path} : {pages}, {days}, {members}").format(
            path=output,
            pages=_n_pages(_pages(data)),
            days=ngettext("{n} séance", "{n} séances", days).format(n=days),
            members=ngettext("{n} membre", "{n} membres", members).format(n=members),
        )
    )


def annex_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import annex_pdf
    from juryapp.minutes.layout import write

    store, session = _load(session_path)
    _warn_unprintable(session)
    data = annex_pdf(session, version=_version(store))
    write(output, data)
    n = len(session.scores)
    click.echo(
        _(
            "Annexe confidentielle écrite dans {path} : {pages}, {scores} (document confidentiel)"
        ).format(
            path=output,
            pages=_n_pages(_pages(data)),
            scores=ngettext("{n} note", "{n} notes", n).format(n=n),
        )
    )


def letters_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import write_letters

    if output.exists() and not output.is_dir():
        raise _cli().CliError(_("« {path} » existe et n'est pas un dossier").format(path=output))
    _store, session = _load(session_path)
    _warn_unprintable(session)
    paths = write_letters(session, output)
    n = len(paths) // 2
    without = len(session.candidates) - n
    msg = ngettext(
        "{n} lettre de décision (PDF et brouillon de courriel .eml) écrite dans {path}",
        "{n} lettres de décision (PDF et brouillon de courriel .eml) écrites dans {path}",
        n,
    ).format(n=n, path=output)
    if without:
        msg = ngettext(
            "{message} ; {n} candidat sans décision, sans lettre",
            "{message} ; {n} candidats sans décision, sans lettre",
            without,
        ).format(message=msg, n=without)
    click.echo(msg)


# --------------------------------------------------------------------------- keys, signing


def keygen_cmd(session_path: Path, member_id: str, output: Path, force: bool) -> None:
    from juryapp.minutes.layout import write
    from juryapp.minutes.signing import make_key

    cli = _cli()
    _store, session = _load(session_path)
    member = session.member(member_id)
    if member is None:
        raise cli.CliError(cli.not_a_member(member_id, session))
    cert_path = output.with_suffix(".cert.pem")
    for p in (output, cert_path):
        if p.exists() and not force:
            raise cli.CliError(
                _("{path} existe déjà : choisissez un autre nom, ou --force").format(path=p)
            )
    passphrase = _passphrase(confirm=True)
    p12, pem = make_key(member, session.info.institution, passphrase)
    write(output, p12)
    os.chmod(output, 0o600)
    write(cert_path, pem)
    click.echo(
        _(
            "Clé de {name} ({id}) écrite dans {path} (PKCS#12 protégé par la phrase de passe) ; "
            "certificat dans {cert} (à remettre à qui vérifie : juryapp verify --trust)"
        ).format(name=member.full_name, id=member_id, path=output, cert=cert_path)
    )


def _find_sessions(pdf: Path, session_id: str) -> list[Path]:
    """The folders of the session ``session_id`` near the PDF: every ``.jury`` folder in the
    PDF's folder, its parent or the current folder (or one of those, when it is a ``.jury``
    folder) whose session has that id.  Several copies of one session may be there (a copy
    taken for a laptop, a backup): the caller then asks which one."""
    if not session_id:
        return []
    from juryapp.store.session_store import SessionStore

    places = [pdf.resolve().parent, pdf.resolve().parent.parent, Path.cwd().resolve()]
    candidates: list[Path] = []
    for place in places:
        if place.suffix == ".jury":
            candidates.append(place)
        try:
            candidates += sorted(c for c in place.iterdir() if c.suffix == ".jury" and c.is_dir())
        except OSError:
            continue
    found: list[Path] = []
    for c in candidates:
        c = c.resolve()
        if c in found or not (c / "session.json").is_file():
            continue
        try:
            if SessionStore(c).load_info().id == session_id:
                found.append(c)
        except Exception:  # a damaged folder nearby is not the one we look for
            continue
    return found


def sign_cmd(
    pdf: Path,
    key: Path,
    actor: str | None,
    session_path: Path | None,
    output: Path | None,
    day: str | None = None,
) -> None:
    cli = _cli()
    when = cli._parse_date(day, "--day") if day else None
    data = pdf.read_bytes()
    p12 = key.read_bytes()
    passphrase = _passphrase(confirm=False)
    try:
        for line, to_err in sign_file(
            pdf, data, p12, passphrase, actor, session_path, output, day=when
        ):
            click.echo(line, err=to_err)
    except ValueError as exc:  # SigningError, and the checks below
        raise cli.CliError(str(exc)) from exc


def sign_file(
    pdf: Path,
    data: bytes,
    p12: bytes,
    passphrase: str,
    actor: str | None,
    session_path: Path | None,
    output: Path | None,
    *,
    day: dt.date | None = None,
) -> list[tuple[str, bool]]:
    """Sign ``data`` (the file ``pdf``) with the member's key, after the checks: the key is
    the member's, the document is the session's, a PV still matches the session's decisions
    and version; the president's signature of the PV locks the session.  Returns the
    messages for the user (text, is a warning); raises ``ValueError`` (a clear message) when
    it cannot sign.  Used by ``juryapp sign`` and the Minutes screen."""
    from juryapp.minutes.layout import write
    from juryapp.minutes.signing import (
        SigningError,
        document_keywords,
        load_signer,
        open_pdf,
        sign_pdf,
    )

    signer, ki = load_signer(p12, passphrase)
    who = actor or ki.member_id
    if not who:
        raise SigningError(
            _("le certificat ne dit pas quel membre du jury signe : précisez --as MEMBRE")
        )
    if actor and ki.member_id and actor != ki.member_id:
        raise SigningError(
            _(
                "cette clé est celle de « {owner} », pas de « {actor} » : chacun signe avec "
                "sa propre clé"
            ).format(owner=ki.member_id, actor=actor)
        )
    kw = document_keywords(open_pdf(data))
    sid = kw.get("session", "")
    found = session_path
    notes: list[tuple[str, bool]] = []
    if found is None:
        nearby = _find_sessions(pdf, sid)
        if len(nearby) > 1:
            raise SigningError(
                _(
                    "plusieurs dossiers de la session {session} à côté du PDF ({folders}) : "
                    "précisez lequel avec --session DOSSIER"
                ).format(session=sid, folders=", ".join(str(f) for f in nearby))
            )
        if nearby:
            found = nearby[0]
            notes.append(
                (
                    _("Session {session} : {folder} (trouvée à côté du PDF)").format(
                        session=sid, folder=found
                    ),
                    False,
                )
            )
    store = session = None
    if found is not None:
        store, session = _load(found)
        if session.info.id != sid:
            raise SigningError(
                _("ce document concerne la session « {document} », pas « {session} »").format(
                    document=sid or "?", session=session.info.id
                )
            )
    name, quality = ki.common_name, ki.title
    member = session.member(who) if session is not None else None
    if session is not None and member is None:
        raise SigningError(
            _("« {member} » n'est pas membre du jury de la session {session}").format(
                member=who, session=sid
            )
        )
    if member is not None:
        # the name and quality the signature's appearance shows, in the PDF: French
        from juryapp.minutes.text import person, quality_label

        name, quality = person(member), quality_label(member)
    if session is not None and store is not None and kw.get("document") == "pv":
        from juryapp.minutes.fingerprint import fingerprint

        if kw.get("fingerprint") != fingerprint(session):
            raise SigningError(
                _(
                    "ce procès-verbal ne correspond plus aux décisions de la session (empreinte "
                    "différente) : produisez-le à nouveau avec « juryapp minutes » avant de le "
                    "signer"
                )
            )
        current = _version(store).number
        if kw.get("version") != str(current):
            raise SigningError(
                _(
                    "ce procès-verbal est la version n° {document} ; la session en est à la "
                    "version n° {session} : signez la nouvelle version"
                ).format(document=kw.get("version"), session=current)
            )
    from juryapp.minutes.text import city

    location = city(session.info.place) if session is not None else ""
    result = sign_pdf(data, signer, who, name=name, quality=quality, location=location, day=day)
    target = output or pdf
    write(target, result.data)
    n = len(result.fields)
    if result.purpose == "pv":
        done = ngettext(
            "Procès-verbal signé par {name} ({who}) : {n} champ ({fields}) ; écrit dans {path}",
            "Procès-verbal signé par {name} ({who}) : {n} champs ({fields}) ; écrit dans {path}",
            n,
        )
    else:
        done = ngettext(
            "Document signé par {name} ({who}) : {n} champ ({fields}) ; écrit dans {path}",
            "Document signé par {name} ({who}) : {n} champs ({fields}) ; écrit dans {path}",
            n,
        )
    out = [
        *notes,
        (
            done.format(name=name, who=who, n=n, fields=", ".join(result.fields), path=target),
            False,
        ),
    ]
    if kw.get("document") != "pv":
        return out
    if session is None or store is None:
        out.append(
            (
                _(
                    "Session introuvable à côté du PDF : son état n'a pas été modifié (si c'est "
                    "la signature du président, relancez avec --session pour verrouiller la "
                    "session)."
                ),
                True,
            )
        )
        return out
    pres = session.president
    if pres is not None and pres.id == who:
        from juryapp.domain.models import SessionStatus

        if session.info.status is not SessionStatus.SIGNED:
            store.set_status(SessionStatus.SIGNED, actor=who)
            out.append(
                (
                    _(
                        "Signature du président du jury : la session {session} ({folder}) est "
                        "verrouillée (procès-verbal signé ; réouverture motivée : juryapp reopen)."
                    ).format(session=sid, folder=found),
                    False,
                )
            )
    return out


def verify_cmd(pdf: Path, session_path: Path | None, trust: tuple[Path, ...]) -> None:
    from juryapp.minutes.signing import SigningError, verify_pdf

    cli = _cli()
    data = pdf.read_bytes()
    session = None
    version = None
    if session_path is not None:
        store, session = _load(session_path)
        version = _version(store).number
    try:
        report = verify_pdf(data, trust=list(trust), session=session, version=version)
    except SigningError as exc:
        # a file that cannot even be read as a PDF was damaged or changed: a failed
        # verification (exit 1, as for a changed byte), not a usage error
        click.echo(
            _("ÉCHEC de la vérification : {file} est endommagé ou a été modifié : {error}").format(
                file=pdf, error=exc
            ),
            err=True,
        )
        sys.exit(cli.EXIT_FINDINGS)
    kw = report.keywords
    label = _(_DOCUMENT_LABELS.get(kw.get("document", ""), N_("Document")))
    click.echo(
        _("{label} — session {session}, version n° {version}").format(
            label=label, session=kw.get("session", "?"), version=kw.get("version", "?")
        )
    )
    if kw.get("fingerprint"):
        click.echo(
            _("Empreinte des décisions : {fingerprint}").format(fingerprint=kw["fingerprint"])
        )
    signed = sum(1 for f in report.fields if f.signed)
    total = len(report.fields)
    click.echo(
        ngettext(
            "Signatures : {signed} sur {n} champ",
            "Signatures : {signed} sur {n} champs",
            total,
        ).format(signed=signed, n=total)
    )
    for s in report.signatures:
        when = _when(s.time) if s.time else _("date inconnue")
        click.echo("  " + s.line(when))
    for line in report.unsigned_lines(session):
        click.echo("  · " + line)
    if report.ok:
        if session is not None:
            done = _(
                "Vérification réussie : le document est intact, signé par tous les signataires "
                "attendus et correspond à la session."
            )
        else:
            done = _(
                "Vérification réussie : le document est intact, signé par tous les signataires "
                "attendus."
            )
        click.echo(done)
        return
    n = len(report.problems)
    click.echo(
        ngettext(
            "ÉCHEC de la vérification ({n} problème) :",
            "ÉCHEC de la vérification ({n} problèmes) :",
            n,
        ).format(n=n),
        err=True,
    )
    for p in report.problems:
        click.echo(f"  - {p}", err=True)
    sys.exit(cli.EXIT_FINDINGS)


def _when(moment: Any) -> str:
    """When a signature was made, in the school's time zone: ``22 novembre 2026 à 14 h 05``
    in French (as the documents say it), ``22/11/2026 14:05`` in another language."""
    from juryapp.i18n import current_language, format_datetime, school_tz
    from juryapp.minutes.text import fr_datetime

    if current_language() == "fr":
        return fr_datetime(moment)
    return format_datetime(moment, tzinfo=school_tz())


def reopen_cmd(session_path: Path, reason: str, actor: str | None) -> None:
    from juryapp.domain.models import SessionStatus

    cli = _cli()
    store, session = _load(session_path)
    status = session.info.status
    if status not in (SessionStatus.SIGNED, SessionStatus.CLOSED):
        raise cli.CliError(_("la session n'est ni close ni signée : il n'y a rien à rouvrir"))
    if not reason.strip():
        raise cli.CliError(_("rouvrir une session demande un motif (--reason)"))
    who = cli._actor(session, actor)
    store.set_status(SessionStatus.DELIBERATION, actor=who, reason=reason)
    click.echo(
        _(
            "Session {session} rouverte (motif journalisé). Le prochain procès-verbal portera "
            "la version n° {version} et devra être signé à nouveau."
        ).format(session=session.info.id, version=_version(store).number)
    )


# --------------------------------------------------------------------------- registration


def register(group: click.Group) -> None:
    """Add the commands to the ``juryapp`` click group (help texts: ``N_`` msgids, translated
    when shown, see :mod:`juryapp.cli`)."""
    cli = _cli()
    friendly: Callable[..., Any] = cli._friendly
    session_arg = cli._session_arg
    option = cli.option
    out_file = option(
        "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True
    )

    @group.command(
        "minutes",
        help=N_(
            "Produire le procès-verbal (PDF) : session, jury, conflits, décisions, signatures."
        ),
    )
    @session_arg
    @out_file
    @option(
        "--draft",
        is_flag=True,
        help=N_(
            "Produire un projet (« PROJET », sans champ de signature) même si des décisions "
            "manquent."
        ),
    )
    @friendly
    def minutes(session_path: Path, output: Path, draft: bool) -> None:
        minutes_cmd(session_path, output, draft)

    @group.command(
        "attendance", help=N_("Produire la feuille d'émargement (PDF), une par jour de séance.")
    )
    @session_arg
    @out_file
    @friendly
    def attendance(session_path: Path, output: Path) -> None:
        attendance_cmd(session_path, output)

    @group.command(
        "annex",
        help=N_("Produire l'annexe confidentielle (PDF) : toutes les notes, statistiques, écarts."),
    )
    @session_arg
    @out_file
    @friendly
    def annex(session_path: Path, output: Path) -> None:
        annex_cmd(session_path, output)

    @group.command(
        "letters",
        help=N_(
            "Produire les lettres de décision : un PDF et un brouillon de courriel par candidat."
        ),
    )
    @session_arg
    @option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True)
    @friendly
    def letters(session_path: Path, output: Path) -> None:
        letters_cmd(session_path, output)

    @group.command(
        "keygen",
        help=N_(
            "Créer la clé et le certificat de signature d'un membre (PKCS#12, phrase de "
            "passe).\n\n"
            "La phrase de passe est demandée, ou lue dans la variable JURYAPP_PASSPHRASE."
        ),
    )
    @session_arg
    @option(
        "--member", "member_id", required=True, metavar="MEMBER_ID", help=N_("Le membre du jury.")
    )
    @out_file
    @option("--force", is_flag=True, help=N_("Remplacer un fichier existant."))
    @friendly
    def keygen(session_path: Path, member_id: str, output: Path, force: bool) -> None:
        keygen_cmd(session_path, member_id, output, force)

    @group.command(
        "sign",
        help=N_(
            "Signer un procès-verbal ou une feuille d'émargement (PAdES, signature "
            "incrémentale).\n\n"
            "La phrase de passe est demandée, ou lue dans la variable JURYAPP_PASSPHRASE. Quand "
            "le président signe le procès-verbal, la session est verrouillée."
        ),
    )
    @click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @option(
        "--key",
        required=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help=N_("La clé du signataire (PKCS#12)."),
    )
    @option(
        "--as",
        "actor",
        metavar="MEMBER_ID",
        help=N_("Qui signe (par défaut : selon le certificat)."),
    )
    @option(
        "--session",
        "session_path",
        type=click.Path(path_type=Path, file_okay=False),
        help=N_("La session (par défaut : cherchée à côté du PDF)."),
    )
    @option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help=N_("Écrire le PDF signé ailleurs (par défaut : le PDF est complété sur place)."),
    )
    @option(
        "--day",
        metavar="DATE",
        help=N_(
            "Feuille d'émargement : signer la seule séance de ce jour (JJ/MM/AAAA), comme on "
            "émarge à chaque séance ; par défaut, toutes les séances non signées."
        ),
    )
    @friendly
    def sign(
        pdf: Path,
        key: Path,
        actor: str | None,
        session_path: Path | None,
        output: Path | None,
        day: str | None,
    ) -> None:
        sign_cmd(pdf, key, actor, session_path, output, day)

    @group.command(
        "verify",
        help=N_(
            "Vérifier les signatures d'un document : intégrité, signataires, session.\n\n"
            "Code de sortie 0 si tout est en ordre, 1 sinon."
        ),
    )
    @click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @option(
        "--session",
        "session_path",
        type=click.Path(path_type=Path, file_okay=False),
        help=N_("Vérifier aussi que le document correspond aux décisions de cette session."),
    )
    @option(
        "--trust",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help=N_("Certificat d'une autorité (ou d'un signataire) de confiance ; répétable."),
    )
    @friendly
    def verify(pdf: Path, session_path: Path | None, trust: tuple[Path, ...]) -> None:
        verify_cmd(pdf, session_path, trust)

    @group.command(
        "reopen",
        help=N_(
            "Rouvrir une session close ou signée (motif obligatoire) : le PV suivant change "
            "de version."
        ),
    )
    @session_arg
    @option("--reason", required=True, help=N_("Le motif de la réouverture (journalisé)."))
    @cli._as_option
    @friendly
    def reopen(session_path: Path, reason: str, actor: str | None) -> None:
        reopen_cmd(session_path, reason, actor)
