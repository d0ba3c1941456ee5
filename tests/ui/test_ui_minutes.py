"""The Minutes screen: checklist, preview, documents made, signed and verified from the app."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from rich.console import Console
from textual.widgets import Input, RadioButton, Static
from uihelpers import copy_sample, settle

from juryapp.domain.models import Role, SessionStatus
from juryapp.minutes.checklist import checklist
from juryapp.minutes.commands import sign_file
from juryapp.minutes.content import build_minutes
from juryapp.minutes.fingerprint import fingerprint
from juryapp.minutes.signing import make_key
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens import minutes as minutes_screen
from juryapp.ui.screens.file_picker import FilePickerScreen
from juryapp.ui.screens.minutes import (
    ANNEX_FILE,
    ATTENDANCE_FILE,
    LETTERS_FOLDER,
    MinutesScreen,
    SignDialog,
    checklist_items,
    documents_folder,
    preview_text,
)

CONTRAT_PRO = "contrat-pro-s9-2026.jury"  # closed, every decision recorded
SECRETARY = "sec-brunel"
MEMBER = "m-pages"
PRESIDENT = "prez-combes"
GOOD = "une bonne phrase"


def shown(screen: MinutesScreen, selector: str, width: int = 100) -> str:
    """The text a Static of the screen shows (whatever renderable it holds)."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(screen.query_one(selector, Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


async def open_minutes(pilot: Any) -> MinutesScreen:
    await settle(pilot)
    screen = MinutesScreen()
    pilot.app.push_screen(screen)
    await settle(pilot)
    for _ in range(200):
        if screen.findings is not None and "Documents" in shown(screen, "#minutes-documents"):
            break
        await pilot.pause(0.05)
    assert screen.findings is not None, "the checklist never showed"
    return screen


async def run_job(pilot: Any, screen: MinutesScreen, key: str) -> str:
    """Press ``key`` and wait for the document to be made / signed / verified."""
    done = screen.jobs_done
    await pilot.press(key)
    for _ in range(600):
        if screen.jobs_done > done:
            await settle(pilot)
            return screen.result
        await pilot.pause(0.05)
    raise AssertionError(f"{key}: no result shown")


async def sign(pilot: Any, screen: MinutesScreen, key: Path, passphrase: str) -> str:
    await pilot.press("k")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, SignDialog), "the signing dialog did not open"
    dialog.query_one("#sign-key", Input).value = str(key)
    dialog.query_one("#sign-pass", Input).value = passphrase
    done = screen.jobs_done
    await pilot.click("#sign-ok")
    for _ in range(600):
        if screen.jobs_done > done:
            await settle(pilot)
            return screen.result
        await pilot.pause(0.05)
    raise AssertionError("no signing result")


def key_file(path: Path, member_id: str, passphrase: str = GOOD) -> Path:
    """A member's key, made as ``juryapp keygen`` makes it (passphrase given in code)."""
    session = SessionStore.open(path, backup=False).load()
    member = session.member(member_id)
    assert member is not None
    p12, _cert = make_key(member, session.info.institution, passphrase)
    target = path.parent / f"{member_id}.p12"
    target.write_bytes(p12)
    return target


def footer_keys(screen: MinutesScreen) -> dict[str, str]:
    return {k: b.binding.description for k, b in screen.active_bindings.items()}


# --------------------------------------------------------------------------- checklist, draft


async def test_the_checklist_names_the_missing_decisions_and_g_makes_a_draft(
    demo_copy: Path,
) -> None:
    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        checklist = shown(screen, "#minutes-checklist")
        assert "✗ Décisions : 26 candidats sans décision finale" in checklist
        assert "✓ Composition du jury : conforme" in checklist
        assert "✓ Présences : 6 présents sur 6 ; 5 signatures attendues au PV" in checklist
        assert "⚠ État de la session" in checklist
        assert "1 point bloquant" in checklist and "« PROJET »" in checklist
        # the PV's key says it makes a draft; the preview is labelled so
        assert footer_keys(screen)["g"] == "Projet de PV"
        assert "PROJET" in str(screen.query_one("#minutes-preview-box").border_title)
        preview = shown(screen, "#minutes-preview")
        assert "PROJET — non signable" in preview
        assert "PROCÈS-VERBAL DE DÉLIBÉRATION DU JURY" in preview

        result = await run_job(pilot, screen, "g")
        assert screen.result_ok, result
        assert result.startswith("✓ Projet de procès-verbal « PROJET »"), result
        draft = documents_folder(demo_copy) / "pv-v1-projet.pdf"
        assert str(draft) in result and "page" in result
        session = app.session
        assert session is not None
        assert fingerprint(session) in result
        assert "seulement un projet" in shown(screen, "#minutes-documents")
        assert app.screen is screen
        # k: a draft is not signed (not « the PV is not produced yet », as if g had failed)
        app.clear_notifications()
        await pilot.press("k")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("un projet de procès-verbal ne se signe pas" in m for m in said), said
    assert not (documents_folder(demo_copy) / "pv-v1.pdf").exists()  # nothing signable
    text = pdf_text(draft)
    assert "PROJET — document de travail, non signable" in text
    assert " ".join(session.info.title.split()) in text


async def test_a_member_looks_but_does_not_make_the_documents(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        assert "consultation" in shown(screen, "#minutes-who")
        assert "Décisions" in shown(screen, "#minutes-checklist")
        # the keys that make documents are not the member's: not shown, and do nothing
        keys = footer_keys(screen)
        assert keys["k"] == "Signer" and keys["v"] == "Vérifier"
        assert not {"g", "a", "x", "l"} & set(keys)
        for key in ("g", "a", "x", "l"):
            await pilot.press(key)
            await settle(pilot)
        assert screen.jobs_done == 0 and screen.job is None
        # nothing to sign yet: said, no dialog, and no word of the secretary's keys
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
        said = [str(n.message) for n in app._notifications if "Rien à signer" in n.message]
        assert said == [
            "Rien à signer pour l'instant : le procès-verbal et la feuille d'émargement ne "
            "sont pas encore produits par la secrétaire."
        ]
    assert not documents_folder(demo_copy).exists()


# --------------------------------------------------------------------------- complete session


async def test_a_complete_session_gives_the_signable_pv_and_the_other_documents(
    tmp_path: Path,
) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    app = JuryApp(path, member_id=SECRETARY, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        assert screen.findings is not None
        assert not [f for f in screen.findings if f.is_error], shown(screen, "#minutes-checklist")
        checklist = shown(screen, "#minutes-checklist")
        assert "✓ Décisions : toutes enregistrées (8 candidats)" in checklist
        assert "✓ Le procès-verbal peut être produit" in checklist
        assert "✗" not in checklist
        assert footer_keys(screen)["g"] == "PV"
        assert "PROJET — non signable" not in shown(screen, "#minutes-preview")

        result = await run_job(pilot, screen, "g")
        pv = documents_folder(path) / "pv-v1.pdf"
        assert result.startswith("✓ Procès-verbal, version n° 1"), result
        assert str(pv) in result and "5 signatures attendues" in result
        session = app.session
        assert session is not None
        assert f"Empreinte des décisions : {fingerprint(session)}" in result
        assert "Procès-verbal v1 : pv-v1.pdf — signé par 0 sur 5" in shown(
            screen, "#minutes-documents"
        )

        result = await run_job(pilot, screen, "a")
        assert result.startswith("✓ Feuille d'émargement") and "6 signatures attendues" in result
        result = await run_job(pilot, screen, "x")
        assert result.startswith("✓ Annexe confidentielle"), result
        result = await run_job(pilot, screen, "l")
        assert result.startswith("✓ 8 lettres de décision"), result
        documents = shown(screen, "#minutes-documents")
        assert "Émargement : emargement.pdf — signé par 0 sur 6" in documents
        assert "Lettres : 8 lettres dans lettres/" in documents
    text = pdf_text(pv)
    assert " ".join(session.info.title.split()) in text
    assert "PROJET —" not in text and "non signable" not in text
    folder = documents_folder(path)
    assert "CONFIDENTIEL" in pdf_text(folder / ANNEX_FILE).upper()
    assert (folder / ATTENDANCE_FILE).is_file()
    assert len(list((folder / LETTERS_FOLDER).glob("*.pdf"))) == 8
    assert len(list((folder / LETTERS_FOLDER).glob("*.eml"))) == 8


async def make_pv(path: Path, *also: str) -> Path:
    """The secretary makes the PV (and the documents of the keys ``also``) from the screen."""
    app = JuryApp(path, member_id=SECRETARY, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        for key in ("g", *also):
            result = await run_job(pilot, screen, key)
            assert screen.result_ok, result
    return documents_folder(path) / "pv-v1.pdf"


# --------------------------------------------------------------------------- signing


async def test_a_member_signs_from_the_screen_and_verify_lists_the_signature(
    tmp_path: Path,
) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    pv = await make_pv(path)
    key = key_file(path, MEMBER)
    unsigned = pv.read_bytes()

    app = JuryApp(path, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        # a wrong passphrase: said in the screen and in a toast; nothing signed, no crash
        result = await sign(pilot, screen, key, "pas la bonne")
        assert not screen.result_ok
        assert result.startswith("✗ Signature impossible") and "phrase de passe" in result
        assert "phrase de passe" in shown(screen, "#minutes-result")
        assert any(n.severity == "error" for n in app._notifications)
        assert app.screen is screen
        assert pv.read_bytes() == unsigned

        # the right one: signed in place
        result = await sign(pilot, screen, key, GOOD)
        assert screen.result_ok, result
        assert result.startswith("✓ Procès-verbal signé par Mme Laurence Pagès (m-pages)")
        assert "signé par 1 sur 5" in shown(screen, "#minutes-documents")

        # verify: the signature, its time and status; the PV is not complete yet
        result = await run_job(pilot, screen, "v")
        assert not screen.result_ok
        assert result.startswith("✗ Vérification en échec"), result
        line = next(x for x in result.splitlines() if "(m-pages)" in x)
        assert line.strip().startswith("✓ Laurence Pagès (m-pages) — ")
        assert "intègre" in line
        assert "4 signatures manquantes" in result
        assert "· Isabelle Combes (prez-combes) — non signé" in result

        # signing twice is refused before any dialog
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
        assert any("déjà signé" in str(n.message) for n in app._notifications)
    assert pv.read_bytes() != unsigned
    assert SessionStore.open(path, backup=False).load().info.status is SessionStatus.CLOSED


async def test_every_signer_then_verify_succeeds_and_the_president_locks_the_session(
    tmp_path: Path,
) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    pv = await make_pv(path)
    session = SessionStore.open(path, backup=False).load()
    members = ["m-pages", "m-aubert", "m-haddadi", "m-teyssier"]
    assert {m.id for m in session.jury if m.role is Role.MEMBRE} == set(members)
    for member_id in members:  # the members sign elsewhere (as juryapp sign does)
        p12 = key_file(path, member_id).read_bytes()
        # (pyHanko's signer runs its own event loop: not in the test's)
        await asyncio.to_thread(sign_file, pv, pv.read_bytes(), p12, GOOD, member_id, path, None)
    key = key_file(path, PRESIDENT)
    app = JuryApp(path, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        assert "signé par 4 sur 5 (manque : Isabelle Combes)" in shown(screen, "#minutes-documents")
        result = await sign(pilot, screen, key, GOOD)
        assert screen.result_ok, result
        assert "verrouillée" in result  # the president's signature locks the session
        await settle(pilot)
        assert "✓ État de la session : signée (verrouillée)" in shown(screen, "#minutes-checklist")
        result = await run_job(pilot, screen, "v")
        assert screen.result_ok, result
        assert result.startswith("✓ Vérification réussie"), result
        for member_id in [*members, PRESIDENT]:
            line = next(x for x in result.splitlines() if f"({member_id})" in x)
            assert line.strip().startswith("✓ ") and "intègre" in line, line
        assert "✓ intact, signé par tous les signataires attendus" in result
    assert SessionStore.open(path, backup=False).load().info.status is SessionStatus.SIGNED

    # the secretary cannot overwrite the signed PV
    signed = pv.read_bytes()
    app = JuryApp(path, member_id=SECRETARY, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        result = await run_job(pilot, screen, "g")
        assert not screen.result_ok
        assert "porte déjà 5 signatures" in result and "n'est pas remplacé" in result
    assert pv.read_bytes() == signed


async def test_an_unreadable_key_and_a_tampered_pdf_are_said(tmp_path: Path) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    pv = await make_pv(path)
    key = key_file(path, MEMBER)
    app = JuryApp(path, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        result = await sign(pilot, screen, tmp_path / "nowhere.p12", GOOD)
        assert not screen.result_ok and "clé illisible" in result, result
        not_a_key = tmp_path / "not-a-key.p12"
        not_a_key.write_bytes(b"this is no PKCS#12")
        result = await sign(pilot, screen, not_a_key, GOOD)
        assert not screen.result_ok and "illisible" in result, result

        result = await sign(pilot, screen, key, GOOD)
        assert screen.result_ok, result
        data = bytearray(pv.read_bytes())
        i = data.index(b"Pag")  # a byte of the signed content
        data[i] ^= 0x01
        pv.write_bytes(bytes(data))
        result = await run_job(pilot, screen, "v")
        assert not screen.result_ok
        assert result.startswith("✗ Vérification en échec"), result
        assert "modifié" in result or "altéré" in result, result
        assert app.screen is screen


async def test_the_dialog_asks_again_and_reuses_the_file_picker(tmp_path: Path) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    await make_pv(path, "a")
    key = key_file(path, MEMBER)
    app = JuryApp(path, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(pilot)
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignDialog)
        await pilot.click("#sign-ok")  # nothing typed: said in the dialog, which stays
        await settle(pilot)
        assert app.screen is dialog
        assert "fichier de votre clé" in str(dialog.query_one("#sign-error", Static).content)
        await pilot.press("ctrl+o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, FilePickerScreen)
        assert picker.suffixes == (".p12", ".pfx")
        picker.choose(str(key))
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#sign-key", Input).value == str(key)
        await pilot.click("#sign-ok")  # no passphrase yet
        await settle(pilot)
        assert "phrase de passe" in str(dialog.query_one("#sign-error", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.jobs_done == 0

        # the member signs the attendance sheet too: the second document of the dialog
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignDialog)
        buttons = list(dialog.query(RadioButton))
        assert [str(b.label) for b in buttons] == [
            "Procès-verbal v1 (pv-v1.pdf)",
            "Émargement (emargement.pdf)",
        ]
        assert dialog.query_one("#sign-pass", Input).value == ""
        dialog.query_one("#sign-key", Input).value = str(key)
        buttons[1].value = True
        await settle(pilot)
        dialog.query_one("#sign-pass", Input).focus()
        # typed (hidden), then Enter in the passphrase's box
        await pilot.press(*("space" if c == " " else c for c in GOOD))
        assert dialog.query_one("#sign-pass", Input).value == GOOD
        done = screen.jobs_done
        await pilot.press("enter")
        for _ in range(600):
            if screen.jobs_done > done:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert screen.result_ok, screen.result
        assert "emargement.pdf" in screen.result
        documents = shown(screen, "#minutes-documents")
        assert "Émargement : emargement.pdf — signé par 1 sur 6" in documents
        assert "Procès-verbal v1 : pv-v1.pdf — signé par 0 sur 5" in documents
        # the key's path is remembered for the next signature; the passphrase is not
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignDialog)
        assert dialog.query_one("#sign-key", Input).value == str(key)
        assert dialog.query_one("#sign-pass", Input).value == ""
        assert [str(b.label) for b in dialog.query(RadioButton)] == ["Procès-verbal v1 (pv-v1.pdf)"]


# --------------------------------------------------------------------------- pure parts


def test_the_vae_checklist_has_the_defence_timings(tmp_path: Path) -> None:
    session = SessionStore.open(copy_sample("vae-ingenieur-2026.jury", tmp_path)).load()
    items = checklist_items(session, checklist(session))
    levels = {i.text.split(" : ")[0]: i.level for i in items}
    assert levels["Décisions"] == "error"
    assert levels["Chronométrage des soutenances"] == "warning"
    assert levels["Composition du jury"] == "ok"
    assert any(i.text.startswith("Présences : 8 présents sur 8 ; 7 signatures") for i in items)


def test_a_long_preview_shows_its_beginning_and_its_end(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore.open(demo_copy).load()
    m = build_minutes(session)
    whole = preview_text(m).plain
    assert "lignes de plus" not in whole and m.fingerprint in whole
    monkeypatch.setattr(minutes_screen, "PREVIEW_HEAD", 20)
    monkeypatch.setattr(minutes_screen, "PREVIEW_TAIL", 5)
    short = preview_text(m).plain.splitlines()
    left_out = len(whole.splitlines()) - 25
    assert short[:20] == whole.splitlines()[:20]
    assert (
        short[21]
        == f"[…] {left_out} lignes de plus, dans le PDF (l'aperçu montre le début et la fin) […]"
    )
    assert short[-5:] == whole.splitlines()[-5:]
    assert m.fingerprint in short[-1]


# --------------------------------------------------------------------------- layout, start-up


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_screen_fits(demo_copy: Path, size: tuple[int, int]) -> None:
    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=size) as pilot:
        screen = await open_minutes(pilot)
        width, height = size
        for selector in ("#minutes-side", "#minutes-preview-box"):
            region = screen.query_one(selector).region
            assert region.width >= 40 and region.height >= 8, (selector, region)
            assert region.right <= width and region.bottom <= height - 1, (selector, region)
        assert screen.has_class("-narrow" if width < 110 else "-wide")


def test_the_screen_imports_neither_reportlab_nor_pyhanko() -> None:
    code = (
        "import sys\n"
        "import juryapp.ui.app, juryapp.ui.screens.minutes\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'pyhanko', 'pyhanko_certvalidator', 'cryptography', 'pypdf')]\n"
        "print(','.join(sorted(heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", proc.stdout


def test_snapshot_minutes(snap_compare: Any, demo_copy: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await open_minutes(pilot)
        pilot.app.clear_notifications()  # the log-in toast would hide the preview
        await pilot.pause()

    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_the_attendance_sheet_names_each_missing_member_once(tmp_path: Path) -> None:
    """Five meeting days: a member who has signed none is listed once, with the count of
    meetings, not five times."""
    path = copy_sample("infres-1a-2026.jury", tmp_path)
    app = JuryApp(path, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        result = await run_job(pilot, screen, "a")
        assert result.startswith("✓ Feuille d'émargement"), result
        documents = " ".join(shown(screen, "#minutes-documents", width=400).split())
        days = len(set(app.session.info.dates))
        assert days > 1
        present = [m for m in app.session.jury if m.is_present]
        for m in present:
            assert documents.count(m.full_name) == 1, m.full_name
        assert f"{present[0].full_name} ({days} séances)" in documents


async def test_a_member_signs_one_meeting_of_the_attendance_sheet(tmp_path: Path) -> None:
    """Several meeting days: the signing dialog offers the sheet once per day still to sign,
    and signs only the day chosen."""
    path = copy_sample("infres-1a-2026.jury", tmp_path)
    key = key_file(path, "m-benali")
    app = JuryApp(path, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # the attendance sheet, made as the secretary makes it
        from juryapp.minutes.documents import attendance_pdf
        from juryapp.minutes.layout import write

        sheet = documents_folder(path) / "emargement.pdf"
        write(sheet, attendance_pdf(app.session))
        screen = await open_minutes(pilot)
        days = sorted(set(app.session.info.dates))
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignDialog)
        offered = [d for _p, _l, d in dialog.choices]
        assert offered == days  # one choice per meeting, in order
        assert "séance du" in dialog.choices[0][1]
        await pilot.press("escape")
        await settle(pilot)
        result = await sign(pilot, screen, key, GOOD)  # the first choice: the first day
        assert result.startswith("✓"), result
        from juryapp.minutes.signing import open_pdf, signature_fields

        mine = {
            f.name: f.signed
            for f in signature_fields(open_pdf(sheet.read_bytes()))
            if f.member_id == "m-benali"
        }
        signed = [name for name, done in mine.items() if done]
        assert signed == [f"emargement-{days[0].isoformat()}-m-benali"], mine


async def test_help_lists_the_key_that_makes_the_pv_once(demo_copy: Path) -> None:
    """« g » makes the PV or, while something blocks it, its draft: F1 listed both."""
    from juryapp.ui.screens.help import HelpScreen

    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        text = HelpScreen(screen)._text()
        rows = [line for line in text.splitlines() if line.startswith("| `g` |")]
        assert rows == ["| `g` | Projet de PV |"]  # the demo's PV is blocked: its draft
        assert "| `F1` | Cette aide |" in text and "| `Ctrl+Q` | Quitter |" in text
