"""The documents and signatures from the command line, end to end on copies of the samples."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from juryapp.cli import cli

SAMPLES = Path(__file__).resolve().parents[2] / "sample_sessions"
PASS = "une phrase de passe"


def run(*args: object, ok: bool = True, env: dict | None = None, input: str | None = None):  # type: ignore[no-untyped-def]
    env = {"JURYAPP_PASSPHRASE": PASS, **(env or {})}
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input)
    if ok and result.exit_code != 0:
        raise AssertionError(f"exit {result.exit_code}: {result.output}\n{result.exception!r}")
    return result


def copy(tmp_path: Path, name: str) -> Path:
    dest = tmp_path / f"{name}.jury"
    shutil.copytree(SAMPLES / f"{name}.jury", dest, ignore=shutil.ignore_patterns("backups"))
    return dest


def _status(path: Path) -> str:
    return json.loads(run("info", path, "--json").output)["status"]


def _text(pdf: Path) -> str:
    """The PDF's text, every run of white space as one space."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pages))


def test_minutes_refused_while_decisions_are_missing_draft_allowed(tmp_path: Path) -> None:
    session = copy(tmp_path, "infres-1a-2026")
    out = tmp_path / "pv.pdf"
    res = run("minutes", session, "-o", out, ok=False)
    assert res.exit_code == 1
    assert "ERREUR" in res.output and "sans décision finale" in res.output
    assert "--draft" in res.output
    assert not out.exists()
    res = run("minutes", session, "-o", out, "--draft")
    assert "Projet de procès-verbal (version n° 1)" in res.output
    assert "PROJET" in _text(out)


def test_documents_signatures_lock_reopen(tmp_path: Path) -> None:
    session = copy(tmp_path, "contrat-pro-s9-2026")
    pv = tmp_path / "pv.pdf"
    res = run("minutes", session, "-o", pv)
    assert "Procès-verbal (version n° 1)" in res.output and "5 signatures" in res.output
    run("attendance", session, "-o", tmp_path / "emargement.pdf")
    res = run("annex", session, "-o", tmp_path / "annexe.pdf")
    assert "confidentiel" in res.output
    res = run("letters", session, "-o", tmp_path / "lettres")
    assert "8 lettres" in res.output
    assert len(list((tmp_path / "lettres").glob("*.eml"))) == 8
    # the same data gives the same files
    again = tmp_path / "pv2.pdf"
    run("minutes", session, "-o", again)
    assert again.read_bytes() == pv.read_bytes()

    signers = ["m-pages", "m-aubert", "prez-combes", "m-haddadi", "m-teyssier"]
    keys = tmp_path / "cles"
    for m in signers:
        res = run("keygen", session, "--member", m, "-o", keys / f"{m}.p12")
        assert (keys / f"{m}.p12").exists() and (keys / f"{m}.cert.pem").exists()
    res = run("keygen", session, "--member", "m-pages", "-o", keys / "m-pages.p12", ok=False)
    assert res.exit_code == 2 and "existe déjà" in res.output
    res = run("keygen", session, "--member", "inconnu", "-o", keys / "x.p12", ok=False)
    assert res.exit_code == 2 and "n'est pas membre" in res.output

    # the key of one member cannot sign for another
    res = run("sign", pv, "--key", keys / "m-pages.p12", "--as", "m-aubert", ok=False)
    assert res.exit_code == 2 and "chacun signe avec sa propre clé" in res.output
    # a wrong passphrase
    res = run(
        "sign", pv, "--key", keys / "m-pages.p12", ok=False, env={"JURYAPP_PASSPHRASE": "non"}
    )
    assert res.exit_code == 2 and "phrase de passe incorrecte" in res.output

    for i, m in enumerate(signers):
        res = run("sign", pv, "--key", keys / f"{m}.p12", "--session", session)
        assert "signé par" in res.output
        if m == "prez-combes":
            assert "verrouillée" in res.output
        if i < len(signers) - 1:
            res = run("verify", pv, ok=False)
            assert res.exit_code == 1 and "signature manquante" in res.output.replace("s ", " ")
    assert _status(session) == "signed"
    res = run("verify", pv, "--session", session)
    assert "Vérification réussie" in res.output and "Signatures : 5 sur 5" in res.output
    trust = [a for m in signers for a in ("--trust", keys / f"{m}.cert.pem")]
    res = run("verify", pv, "--session", session, *trust)
    assert res.output.count("valide, certificat reconnu") == 5

    # the session is locked: no decision any more
    res = run(
        "decide",
        session,
        "BENHAMED-S",
        "non-valide",
        "--reason",
        "x",
        "--as",
        "prez-combes",
        ok=False,
    )
    assert res.exit_code == 2

    # reopened with a reason: the next PV is version 2; the signed one no longer matches
    res = run(
        "reopen", session, "--reason", "Erreur matérielle sur une note", "--as", "prez-combes"
    )
    assert "version n° 2" in res.output
    assert _status(session) == "deliberation"
    res = run("verify", pv, "--session", session, ok=False)
    assert res.exit_code == 1 and "version n° 2" in res.output
    res = run("sign", pv, "--key", keys / "m-pages.p12", "--session", session, ok=False)
    assert res.exit_code == 2
    pv2 = tmp_path / "pv-v2.pdf"
    run("minutes", session, "-o", pv2)
    text = _text(pv2)
    assert "annule et remplace la version n° 1" in text
    assert "Erreur matérielle sur une note" in text


def test_sign_never_locks_another_copy_of_the_session(tmp_path: Path) -> None:
    """Found next to the PDF, the session is named with its folder; two copies of it there
    (a laptop's copy, a backup) and signing asks which one instead of locking either."""
    session = copy(tmp_path, "contrat-pro-s9-2026")
    pv = tmp_path / "pv.pdf"
    run("minutes", session, "-o", pv)
    key = tmp_path / "k.p12"
    run("keygen", session, "--member", "prez-combes", "-o", key)
    other = tmp_path / "copie-portable.jury"
    shutil.copytree(session, other)
    before = pv.read_bytes()
    res = run("sign", pv, "--key", key, ok=False)
    assert res.exit_code == 2
    assert "plusieurs dossiers de la session" in res.output and "--session" in res.output
    assert str(session.resolve()) in res.output and str(other.resolve()) in res.output
    assert _status(session) != "signed" and _status(other) != "signed"
    assert pv.read_bytes() == before  # not signed
    shutil.rmtree(other)
    res = run("sign", pv, "--key", key)
    assert f"({session.resolve()}) est verrouillée" in res.output
    assert "trouvée à côté du PDF" in res.output
    assert _status(session) == "signed"


def test_verify_detects_a_changed_byte(tmp_path: Path) -> None:
    session = copy(tmp_path, "contrat-pro-s9-2026")
    pv = tmp_path / "pv.pdf"
    run("minutes", session, "-o", pv)
    run("keygen", session, "--member", "prez-combes", "-o", tmp_path / "k.p12")
    run("sign", pv, "--key", tmp_path / "k.p12", "-o", tmp_path / "signe.pdf")
    data = bytearray((tmp_path / "signe.pdf").read_bytes())
    pos = data.index(b"stream", data.index(b"/Contents")) + 30
    data[pos] ^= 0x20
    (tmp_path / "altere.pdf").write_bytes(bytes(data))
    res = run("verify", tmp_path / "altere.pdf", ok=False)
    assert res.exit_code != 0
    assert "modifié" in res.output or "illisible" in res.output


def test_verify_says_a_damaged_file_failed_not_a_usage_error(tmp_path: Path) -> None:
    """A signed PV whose cross-reference table or end was damaged cannot even be read: the
    verification fails (exit 1, as for any change), naming the file."""
    session = copy(tmp_path, "contrat-pro-s9-2026")
    pv = tmp_path / "pv.pdf"
    run("minutes", session, "-o", pv)
    run("keygen", session, "--member", "m-pages", "-o", tmp_path / "k.p12")
    run("sign", pv, "--key", tmp_path / "k.p12", "--session", session)
    data = bytearray(pv.read_bytes())
    at = data.rindex(b"startxref")
    xref = int(data[at + 9 :].split()[0])
    data[xref + 25] ^= 0x07  # a byte of the last revision's cross-reference table
    damaged = tmp_path / "xref.pdf"
    damaged.write_bytes(bytes(data))
    cut = tmp_path / "coupe.pdf"
    cut.write_bytes(pv.read_bytes()[: len(data) // 2])
    for bad in (damaged, cut):
        res = run("verify", bad, ok=False)
        assert res.exit_code == 1, res.output
        assert "ÉCHEC de la vérification" in res.output and bad.name in res.output
        assert "endommagé ou a été modifié" in res.output


def test_a_name_the_font_cannot_draw_is_reported(tmp_path: Path) -> None:
    session = copy(tmp_path, "contrat-pro-s9-2026")
    path = session / "candidates.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = next(iter(data["candidates"].values()))
    doc["last_name"], doc["first_name"] = "王", "小明"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    res = run("attendance", session, "-o", tmp_path / "emargement.pdf")
    assert "ATTENTION" in res.output and "王小明" in res.output and doc["id"] in res.output
    assert (tmp_path / "emargement.pdf").exists()  # a warning: the document is made


def test_the_attendance_sheet_is_signed_one_meeting_day_at_a_time(tmp_path: Path) -> None:
    """One signs the attendance sheet at each meeting: --day signs that day's line only."""
    session = copy(tmp_path, "infres-1a-2026")
    sheet = tmp_path / "emargement.pdf"
    run("attendance", session, "-o", sheet)
    run("keygen", session, "--member", "m-benali", "-o", tmp_path / "k.p12")
    days = json.loads(run("info", session, "--json").output)["dates"]
    assert len(days) > 1
    first = days[0]
    fr = "/".join(reversed(first.split("-")))
    res = run("sign", sheet, "--key", tmp_path / "k.p12", "--day", fr, "--session", session)
    assert "1 champ " in res.output and f"emargement-{first}-m-benali" in res.output
    res = run(
        "sign", sheet, "--key", tmp_path / "k.p12", "--day", fr, "--session", session, ok=False
    )
    assert res.exit_code == 2 and "a déjà signé" in res.output
    res = run(
        "sign",
        sheet,
        "--key",
        tmp_path / "k.p12",
        "--day",
        "25/12/2026",
        "--session",
        session,
        ok=False,
    )
    assert res.exit_code == 2 and "pas de séance le 25/12/2026" in res.output
    res = run("sign", sheet, "--key", tmp_path / "k.p12", "--day", "demain", ok=False)
    assert res.exit_code == 2 and "--day :" in res.output and "demain" in res.output
    # without --day: every day not signed yet
    res = run("sign", sheet, "--key", tmp_path / "k.p12", "--session", session)
    assert f"{len(days) - 1} champs" in res.output


def test_passphrase_at_the_prompt(tmp_path: Path) -> None:
    session = copy(tmp_path, "contrat-pro-s9-2026")
    res = CliRunner().invoke(
        cli,
        ["keygen", str(session), "--member", "m-aubert", "-o", str(tmp_path / "k.p12")],
        input="secret-prompt\nsecret-prompt\n",
        env={"JURYAPP_PASSPHRASE": ""},
    )
    assert res.exit_code == 0, res.output
    assert "secret-prompt" not in res.output  # hidden
    from juryapp.minutes.signing import load_signer

    _signer, info = load_signer((tmp_path / "k.p12").read_bytes(), "secret-prompt")
    assert info.member_id == "m-aubert"


def test_no_passphrase_option() -> None:
    for command in ("keygen", "sign"):
        res = CliRunner().invoke(cli, [command, "--help"])
        assert "--passphrase" not in res.output and "JURYAPP_PASSPHRASE" in res.output


def test_reportlab_and_pyhanko_are_not_imported_at_start_up() -> None:
    code = (
        "import sys\n"
        "import juryapp.cli, juryapp.ui.app\n"
        "from click.testing import CliRunner\n"
        "CliRunner().invoke(juryapp.cli.cli, ['--help'])\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pyhanko', 'pyhanko_certvalidator', 'cryptography')]\n"
        "print(','.join(sorted(heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", proc.stdout


@pytest.mark.parametrize("name", ["bat-2a-2026", "vae-ingenieur-2026"])
def test_draft_and_attendance_of_the_other_samples(tmp_path: Path, name: str) -> None:
    session = copy(tmp_path, name)
    run("minutes", session, "-o", tmp_path / "pv.pdf", "--draft")
    res = run("attendance", session, "-o", tmp_path / "e.pdf")
    assert "Feuille d'émargement" in res.output
    assert (SAMPLES / f"{name}.jury" / "session.json").read_bytes() != b""  # untouched


def test_decide_records_the_observations_and_recommendations(tmp_path: Path) -> None:
    """A partial validation from the command line carries what the jury recommends for the
    blocs not granted; the candidate's letter says it."""
    session = copy(tmp_path, "vae-ingenieur-2026")
    advice = "Conduire une mission d'encadrement d'équipe d'au moins un an"
    run(
        "decide",
        session,
        "VAE26-002",
        "partielle",
        "--blocs",
        "B1,B2,B4",
        "--reason",
        "Management insuffisamment démontré",
        "--observations",
        "Soutenance claire et bien préparée",
        "--recommendations",
        advice,
        "--as",
        "prez-delmas",
    )
    from juryapp.store.session_store import SessionStore

    d = SessionStore.open(session, backup=False).load().latest_decision("VAE26-002")
    assert d is not None and d.recommendations == advice
    assert d.observations == "Soutenance claire et bien préparée"
    run("letters", session, "-o", tmp_path / "lettres")
    pdf = next((tmp_path / "lettres").glob("*VAE26-002*.pdf"))
    assert " ".join(advice.split()) in _text(pdf)
