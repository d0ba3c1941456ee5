"""The command line of the documents and signatures: ``minutes``, ``attendance``, ``annex``,
``letters``, ``keygen``, ``sign``, ``verify``, ``reopen``.

:func:`register` adds them to the ``juryapp`` group (``juryapp/cli.py``).  Only click and
the standard library are imported here: reportlab, pyHanko and cryptography are imported
inside the commands, when a document is made, signed or verified.

Passphrases are asked at a prompt, or read from ``JURYAPP_PASSPHRASE`` for scripted use;
never from an option (it would stay in the shell's history).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from juryapp.domain.models import Session
    from juryapp.minutes.content import PvVersion
    from juryapp.store.session_store import SessionStore

PASSPHRASE_ENV = "JURYAPP_PASSPHRASE"


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
            "Phrase de passe de la clé",
            hide_input=True,
            confirmation_prompt="Confirmez la phrase de passe" if confirm else False,
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
    for f in findings:
        mark = "ERREUR   " if f.level == "error" else "ATTENTION"
        if f.level == "error" and draft:
            mark = "PROJET   "
        click.echo(f"{mark}  {f.message}", err=True)
    if errors and not draft:
        click.echo(
            f"{len(errors)} erreur(s) : le procès-verbal ne peut pas être produit. Corrigez la "
            "session, ou produisez un projet non signable avec --draft.",
            err=True,
        )
        sys.exit(cli.EXIT_FINDINGS)
    version = _version(store)
    m = build_minutes(session, version=version, draft=draft)
    data = pv_pdf(session, minutes=m)
    write(output, data)
    what = "Projet de procès-verbal" if draft else "Procès-verbal"
    signers = "" if draft else f", {len(m.signatories)} signature(s) attendue(s)"
    click.echo(
        f"{what} (version n° {m.version}) écrit dans {output} : {_pages(data)} page(s)"
        f"{signers} ; empreinte des décisions {m.fingerprint}"
    )


def attendance_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import attendance_pdf
    from juryapp.minutes.layout import write

    store, session = _load(session_path)
    data = attendance_pdf(session, version=_version(store))
    write(output, data)
    days = max(1, len(set(session.info.dates)))
    click.echo(
        f"Feuille d'émargement écrite dans {output} : {_pages(data)} page(s), "
        f"{days} séance(s), {len(session.jury)} membre(s)"
    )


def annex_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import annex_pdf
    from juryapp.minutes.layout import write

    store, session = _load(session_path)
    data = annex_pdf(session, version=_version(store))
    write(output, data)
    click.echo(
        f"Annexe confidentielle écrite dans {output} : {_pages(data)} page(s), "
        f"{len(session.scores)} note(s) (document confidentiel)"
    )


def letters_cmd(session_path: Path, output: Path) -> None:
    from juryapp.minutes.documents import write_letters

    if output.exists() and not output.is_dir():
        raise _cli().CliError(f"« {output} » existe et n'est pas un dossier")
    _store, session = _load(session_path)
    paths = write_letters(session, output)
    n = len(paths) // 2
    without = len(session.candidates) - n
    msg = f"{n} lettre(s) de décision (PDF et brouillon de courriel .eml) écrites dans {output}"
    if without:
        msg += f" ; {without} candidat(s) sans décision, sans lettre"
    click.echo(msg)


# --------------------------------------------------------------------------- keys, signing


def keygen_cmd(session_path: Path, member_id: str, output: Path, force: bool) -> None:
    from juryapp.minutes.layout import write
    from juryapp.minutes.signing import make_key

    cli = _cli()
    _store, session = _load(session_path)
    member = session.member(member_id)
    if member is None:
        known = ", ".join(m.id for m in session.jury) or "aucun"
        raise cli.CliError(
            f"« {member_id} » n'est pas membre du jury de cette session (membres : {known})"
        )
    cert_path = output.with_suffix(".cert.pem")
    for p in (output, cert_path):
        if p.exists() and not force:
            raise cli.CliError(f"{p} existe déjà : choisissez un autre nom, ou --force")
    passphrase = _passphrase(confirm=True)
    p12, pem = make_key(member, session.info.institution, passphrase)
    write(output, p12)
    os.chmod(output, 0o600)
    write(cert_path, pem)
    click.echo(
        f"Clé de {member.full_name} ({member_id}) écrite dans {output} (PKCS#12 protégé par la "
        f"phrase de passe) ; certificat dans {cert_path} (à remettre à qui vérifie : "
        "juryapp verify --trust)"
    )


def _find_session(pdf: Path, session_id: str) -> Path | None:
    """The folder of the session ``session_id`` next to the PDF: the PDF's folder, its
    parent, or the current folder, holding ``<id>.jury``; or a ``.jury`` folder holding the
    PDF."""
    if not session_id:
        return None
    places = [pdf.resolve().parent, pdf.resolve().parent.parent, Path.cwd()]
    candidates = [p / f"{session_id}.jury" for p in places]
    candidates += [p for p in places if p.suffix == ".jury"]
    for c in candidates:
        if (c / "session.json").is_file():
            try:
                from juryapp.store.session_store import SessionStore

                if SessionStore(c).load_info().id == session_id:
                    return c
            except Exception:
                continue
    return None


def sign_cmd(
    pdf: Path, key: Path, actor: str | None, session_path: Path | None, output: Path | None
) -> None:
    cli = _cli()
    data = pdf.read_bytes()
    p12 = key.read_bytes()
    passphrase = _passphrase(confirm=False)
    try:
        for line, to_err in sign_file(pdf, data, p12, passphrase, actor, session_path, output):
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
            "le certificat ne dit pas quel membre du jury signe : précisez --as MEMBRE"
        )
    if actor and ki.member_id and actor != ki.member_id:
        raise SigningError(
            f"cette clé est celle de « {ki.member_id} », pas de « {actor} » : chacun signe avec "
            "sa propre clé"
        )
    kw = document_keywords(open_pdf(data))
    sid = kw.get("session", "")
    found = session_path or _find_session(pdf, sid)
    store = session = None
    if found is not None:
        store, session = _load(found)
        if session.info.id != sid:
            raise SigningError(
                f"ce document concerne la session « {sid or '?'} », pas « {session.info.id} »"
            )
    name, quality = ki.common_name, ki.title
    member = session.member(who) if session is not None else None
    if session is not None and member is None:
        raise SigningError(f"« {who} » n'est pas membre du jury de la session {sid}")
    if member is not None:
        from juryapp.minutes.text import person, quality_label

        name, quality = person(member), quality_label(member)
    if session is not None and store is not None and kw.get("document") == "pv":
        from juryapp.minutes.fingerprint import fingerprint

        if kw.get("fingerprint") != fingerprint(session):
            raise SigningError(
                "ce procès-verbal ne correspond plus aux décisions de la session (empreinte "
                "différente) : produisez-le à nouveau avec « juryapp minutes » avant de le signer"
            )
        current = _version(store).number
        if kw.get("version") != str(current):
            raise SigningError(
                f"ce procès-verbal est la version n° {kw.get('version')} ; la session en est à la "
                f"version n° {current} : signez la nouvelle version"
            )
    from juryapp.minutes.text import city

    location = city(session.info.place) if session is not None else ""
    result = sign_pdf(data, signer, who, name=name, quality=quality, location=location)
    target = output or pdf
    write(target, result.data)
    what = "Procès-verbal" if result.purpose == "pv" else "Document"
    out = [
        (
            f"{what} signé par {name} ({who}) : {len(result.fields)} champ(s) "
            f"({', '.join(result.fields)}) ; écrit dans {target}",
            False,
        )
    ]
    if kw.get("document") != "pv":
        return out
    if session is None or store is None:
        out.append(
            (
                "Session introuvable à côté du PDF : son état n'a pas été modifié (si c'est la "
                "signature du président, relancez avec --session pour verrouiller la session).",
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
                    f"Signature du président du jury : la session {sid} est verrouillée "
                    "(procès-verbal signé ; réouverture motivée : juryapp reopen).",
                    False,
                )
            )
    return out


def verify_cmd(pdf: Path, session_path: Path | None, trust: tuple[Path, ...]) -> None:
    from juryapp.minutes.signing import verify_pdf
    from juryapp.minutes.text import fr_datetime

    cli = _cli()
    data = pdf.read_bytes()
    session = None
    version = None
    if session_path is not None:
        store, session = _load(session_path)
        version = _version(store).number
    report = verify_pdf(data, trust=list(trust), session=session, version=version)
    kw = report.keywords
    label = {
        "pv": "Procès-verbal",
        "pv-draft": "Projet de procès-verbal",
        "attendance": "Feuille d'émargement",
    }.get(kw.get("document", ""), "Document")
    click.echo(f"{label} — session {kw.get('session', '?')}, version n° {kw.get('version', '?')}")
    if kw.get("fingerprint"):
        click.echo(f"Empreinte des décisions : {kw['fingerprint']}")
    signed = sum(1 for f in report.fields if f.signed)
    click.echo(f"Signatures : {signed} sur {len(report.fields)} champ(s)")
    for s in report.signatures:
        mark = "✗" if s.problems else "✓"
        when = fr_datetime(s.time) if s.time else "date inconnue"
        click.echo(f"  {mark} {s.signer} ({s.member_id or s.field}) — {when} — {s.status}")
    for f in report.fields:
        if not f.signed:
            click.echo(f"  · {f.member_id or f.name} : non signé")
    if report.ok:
        extra = " et correspond à la session" if session is not None else ""
        click.echo(
            "Vérification réussie : le document est intact, signé par tous les signataires "
            f"attendus{extra}."
        )
        return
    click.echo(f"ÉCHEC de la vérification ({len(report.problems)} problème(s)) :", err=True)
    for p in report.problems:
        click.echo(f"  - {p}", err=True)
    sys.exit(cli.EXIT_FINDINGS)


def reopen_cmd(session_path: Path, reason: str, actor: str | None) -> None:
    from juryapp.domain.models import SessionStatus

    cli = _cli()
    store, session = _load(session_path)
    if session.info.status is not SessionStatus.SIGNED:
        raise cli.CliError("la session n'est pas signée : il n'y a rien à rouvrir")
    if not reason.strip():
        raise cli.CliError("rouvrir une session signée demande un motif (--reason)")
    who = cli._actor(session, actor)
    store.set_status(SessionStatus.DELIBERATION, actor=who, reason=reason)
    click.echo(
        f"Session {session.info.id} rouverte (motif journalisé). Le prochain procès-verbal "
        f"portera la version n° {_version(store).number} et devra être signé à nouveau."
    )


# --------------------------------------------------------------------------- registration


def register(group: click.Group) -> None:
    """Add the commands to the ``juryapp`` click group."""
    cli = _cli()
    friendly: Callable[..., Any] = cli._friendly
    session_arg = cli._session_arg
    out_file = click.option(
        "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True
    )

    @group.command("minutes")
    @session_arg
    @out_file
    @click.option(
        "--draft",
        is_flag=True,
        help="Produire un projet (« PROJET », sans champ de signature) même si des décisions "
        "manquent.",
    )
    @friendly
    def minutes(session_path: Path, output: Path, draft: bool) -> None:
        """Produire le procès-verbal (PDF) : session, jury, conflits, décisions, signatures."""
        minutes_cmd(session_path, output, draft)

    @group.command("attendance")
    @session_arg
    @out_file
    @friendly
    def attendance(session_path: Path, output: Path) -> None:
        """Produire la feuille d'émargement (PDF), une par jour de séance."""
        attendance_cmd(session_path, output)

    @group.command("annex")
    @session_arg
    @out_file
    @friendly
    def annex(session_path: Path, output: Path) -> None:
        """Produire l'annexe confidentielle (PDF) : toutes les notes, statistiques, écarts."""
        annex_cmd(session_path, output)

    @group.command("letters")
    @session_arg
    @click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True)
    @friendly
    def letters(session_path: Path, output: Path) -> None:
        """Produire les lettres de décision : un PDF et un brouillon de courriel par candidat."""
        letters_cmd(session_path, output)

    @group.command("keygen")
    @session_arg
    @click.option(
        "--member", "member_id", required=True, metavar="MEMBER_ID", help="Le membre du jury."
    )
    @out_file
    @click.option("--force", is_flag=True, help="Remplacer un fichier existant.")
    @friendly
    def keygen(session_path: Path, member_id: str, output: Path, force: bool) -> None:
        """Créer la clé et le certificat de signature d'un membre (PKCS#12, phrase de passe).

        La phrase de passe est demandée, ou lue dans la variable JURYAPP_PASSPHRASE.
        """
        keygen_cmd(session_path, member_id, output, force)

    @group.command("sign")
    @click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @click.option(
        "--key",
        required=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="La clé du signataire (PKCS#12).",
    )
    @click.option(
        "--as", "actor", metavar="MEMBER_ID", help="Qui signe (par défaut : selon le certificat)."
    )
    @click.option(
        "--session",
        "session_path",
        type=click.Path(path_type=Path, file_okay=False),
        help="La session (par défaut : cherchée à côté du PDF).",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Écrire le PDF signé ailleurs (par défaut : le PDF est complété sur place).",
    )
    @friendly
    def sign(
        pdf: Path, key: Path, actor: str | None, session_path: Path | None, output: Path | None
    ) -> None:
        """Signer un procès-verbal ou une feuille d'émargement (PAdES, signature incrémentale).

        La phrase de passe est demandée, ou lue dans la variable JURYAPP_PASSPHRASE. Quand le
        président signe le procès-verbal, la session est verrouillée.
        """
        sign_cmd(pdf, key, actor, session_path, output)

    @group.command("verify")
    @click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @click.option(
        "--session",
        "session_path",
        type=click.Path(path_type=Path, file_okay=False),
        help="Vérifier aussi que le document correspond aux décisions de cette session.",
    )
    @click.option(
        "--trust",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="Certificat d'une autorité (ou d'un signataire) de confiance ; répétable.",
    )
    @friendly
    def verify(pdf: Path, session_path: Path | None, trust: tuple[Path, ...]) -> None:
        """Vérifier les signatures d'un document : intégrité, signataires, session.

        Code de sortie 0 si tout est en ordre, 1 sinon.
        """
        verify_cmd(pdf, session_path, trust)

    @group.command("reopen")
    @session_arg
    @click.option("--reason", required=True, help="Le motif de la réouverture (journalisé).")
    @cli._as_option
    @friendly
    def reopen(session_path: Path, reason: str, actor: str | None) -> None:
        """Rouvrir une session signée (motif obligatoire) : le PV suivant change de version."""
        reopen_cmd(session_path, reason, actor)
