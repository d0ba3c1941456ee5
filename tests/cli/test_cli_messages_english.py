"""The command line's messages, prompts and help texts go through gettext: with ``--lang en``
(or ``JURYAPP_LANG=en``) every word of juryapp's own is translated, what comes from the
user (paths, ids, names) is put in unchanged, and French stays as it was by default.

So that the tests do not depend on the English translations, English is given a fake
catalog (``tests/fake_catalog.py``) that upper-cases the text of every msgid, keeping its
``{fields}``: a message whose French words come out upper-cased went through ``_()`` /
``ngettext()``.  French keeps its real (identity) catalog, so a test can also see that a
help text is translated only when English is chosen, even by a ``--lang`` given after
``--help``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fake_catalog import Shouting, fake_english

from juryapp import i18n
from juryapp.cli import cli

JURY_CSV = (
    "id;nom;prénom;qualité;rôle;sexe\n"
    "prez;Martin;Hélène;Enseignant-chercheur;président;F\n"
    "m1;Dupont;Jean;ingénieur;membre;H\n"
    "sec;Roux;Claire;autre;secrétaire;F\n"
)


@pytest.fixture
def shouting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shouting]:
    """The fake catalog for English; French keeps the real one (the language is not set
    here: each test chooses it, as a user would)."""
    yield from fake_english(monkeypatch)


def run(*args: object, input: str | None = None, env: dict | None = None) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)


def ok(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def flat(text: str) -> str:
    """A help page with its wrapped lines joined (every run of white space as one space)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def session(tmp_path: Path) -> Path:
    """A session with a jury, made in French (before any test chooses English)."""
    path = tmp_path / "infres-2026.jury"
    ok("new", path, "--kind", "admission-1a", "--specialty", "INFRES")
    jury = tmp_path / "jury.csv"
    jury.write_text(JURY_CSV, encoding="utf-8")
    ok("import-jury", path, jury)
    i18n.reset_language()
    return path


# --------------------------------------------------------------------------- help texts


def test_help_is_french_by_default(shouting: Shouting) -> None:
    out = flat(ok("--help"))
    assert "Afficher la trace complète des erreurs." in out
    assert "juryapp : les jurys d'admission et de VAE, dans le terminal." in out
    assert "Ouvrir une session dans l'application plein écran." in out
    assert shouting.asked == []


@pytest.mark.parametrize("args", [["--lang", "en", "--help"], ["--help", "--lang", "en"]])
def test_help_follows_lang_wherever_it_is_given(shouting: Shouting, args: list[str]) -> None:
    out = flat(ok(*args))
    assert "AFFICHER LA TRACE COMPLÈTE DES ERREURS." in out
    assert "JURYAPP : LES JURYS D'ADMISSION ET DE VAE, DANS LE TERMINAL." in out
    assert "SANS COMMANDE, OUVRE LA SESSION DE DÉMONSTRATION" in out
    # the commands' short help, in the list of commands
    assert "OUVRIR UNE SESSION DANS L'APPLICATION PLEIN ÉCRAN." in out
    assert "Afficher la trace" not in out
    assert "Afficher la trace complète des erreurs." in shouting.asked


def test_help_of_a_command_in_english(shouting: Shouting) -> None:
    out = flat(ok("--lang", "en", "new", "--help"))
    assert "CRÉER UNE SESSION VIDE (ÉPREUVES PAR DÉFAUT DU TYPE CHOISI)." in out
    assert "TYPE DE SESSION." in out
    assert "DATE DU JURY (AAAA-MM-JJ OU JJ/MM/AAAA) ; RÉPÉTABLE." in out
    out = flat(ok("--lang", "en", "decide", "--help"))
    assert "DECISION : EXCELLENCE, STANDARD, REJET" in out
    assert "QUI AGIT (JOURNAL ET CONTRÔLE DES RÔLES)" in out  # the shared --as option


def test_help_of_the_minutes_commands_follows_the_environment(
    shouting: Shouting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JURYAPP_LANG", "en")
    i18n.reset_language()
    out = flat(ok("sign", "--help"))
    assert "SIGNER UN PROCÈS-VERBAL OU UNE FEUILLE D'ÉMARGEMENT" in out
    assert "LA CLÉ DU SIGNATAIRE (PKCS#12)." in out
    assert "JURYAPP_PASSPHRASE" in out
    out = flat(ok("minutes", "--help"))
    assert "PRODUIRE LE PROCÈS-VERBAL (PDF)" in out
    assert "PRODUIRE UN PROJET (« PROJET », SANS CHAMP DE SIGNATURE)" in out


# --------------------------------------------------------------------------- errors


def test_errors_in_english(shouting: Shouting, session: Path, tmp_path: Path) -> None:
    # an error of the command line itself
    result = run("--lang", "en", "export-sheet", session, "--member", "nobody", "-o", "x.json")
    assert result.exit_code == 2
    assert result.output == (
        "JURYAPP : ERREUR : « nobody » N'EST PAS MEMBRE DU JURY DE CETTE SESSION\n"
    )
    # an unknown --as: the members are listed as they are
    result = run("--lang", "en", "decide", session, "C001", "standard", "--as", "zz")
    assert result.exit_code == 2
    assert result.output == (
        "JURYAPP : ERREUR : « zz » N'EST PAS MEMBRE DU JURY DE CETTE SESSION "
        "(MEMBRES : prez, m1, sec)\n"
    )
    # an error of the store, passed on
    missing = tmp_path / "nulle-part.jury"
    result = run("--lang", "en", "info", missing)
    assert result.exit_code == 2
    assert result.output == f"JURYAPP : ERREUR : DOSSIER DE SESSION INTROUVABLE : {missing}\n"
    # a count: ngettext
    bad = tmp_path / "jury2.csv"
    bad.write_text("id;nom;prénom;qualité;rôle\nm9;Petit;Paul;ingénieur;chef\n", encoding="utf-8")
    result = run("--lang", "en", "import-jury", session, bad)
    assert result.exit_code == 2
    assert result.output.endswith(
        "JURYAPP : ERREUR : 1 ERREUR DANS jury2.csv : RIEN N'A ÉTÉ IMPORTÉ (CORRIGEZ LE "
        "FICHIER, OU RELANCEZ AVEC --SKIP-BAD POUR IMPORTER LES LIGNES VALIDES)\n"
    )
    # the minutes commands
    result = run("--lang", "en", "reopen", session, "--reason", "erreur")
    assert result.exit_code == 2
    assert "LA SESSION N'EST NI CLOSE NI SIGNÉE : IL N'Y A RIEN À ROUVRIR" in result.output


def test_the_passphrase_prompt_in_english(
    shouting: Shouting, session: Path, tmp_path: Path
) -> None:
    result = run(
        "--lang",
        "en",
        "keygen",
        session,
        "--member",
        "m1",
        "-o",
        tmp_path / "m1.p12",
        input="une phrase de passe\nune phrase de passe\n",
        env={"JURYAPP_PASSPHRASE": ""},
    )
    assert result.exit_code == 0, result.output
    assert "PHRASE DE PASSE DE LA CLÉ" in result.output
    assert "CONFIRMEZ LA PHRASE DE PASSE" in result.output
    assert f"CLÉ DE Jean Dupont (m1) ÉCRITE DANS {tmp_path / 'm1.p12'}" in result.output


# --------------------------------------------------------------------------- success


def test_success_in_english(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "s.jury"
    out = ok("--lang", "en", "new", path, "--kind", "admission-1a", "--specialty", "INFRES")
    assert out.startswith(f"SESSION CRÉÉE : {path} (")
    assert " ÉPREUVES, 40 PLACES)" in out
    assert "{n} places" in shouting.asked  # ngettext
    jury = tmp_path / "jury.csv"
    jury.write_text(JURY_CSV, encoding="utf-8")
    out = ok("--lang", "en", "import-jury", path, jury)
    assert out == "jury.csv : 3 MEMBRES AJOUTÉS, 0 MIS À JOUR\n"
    out = ok("--lang", "en", "info", path)
    assert "  JURY :" in out and "  PLACES : 40" in out
    out = ok("--lang", "en", "export", path, "--format", "csv", "-o", tmp_path / "d.csv")
    assert out == f"0 LIGNES ÉCRITES DANS {tmp_path / 'd.csv'}\n"
    assert ok("--lang", "en", "check", path) == "AUCUN CONSTAT : LA SESSION EST EN ORDRE.\n"


def test_a_score_out_of_the_scale_in_english(
    shouting: Shouting, session: Path, tmp_path: Path
) -> None:
    """``Criterion.check_value``'s messages (the import report, the scoring panel)."""
    cands = tmp_path / "c.csv"
    cands.write_text("id;nom;prénom;filière\nC001;Lefèvre;Zoé;1A\n", encoding="utf-8")
    ok("import-candidates", session, cands)
    scores = tmp_path / "n.csv"
    scores.write_text(
        "candidate_id;epreuve;member;criterion;score\n"
        "C001;video;m1;parcours;2,5\n"
        "C001;entretien;m1;parcours;25\n",
        encoding="utf-8",
    )
    french = run("import-scores", session, scores).output.splitlines()
    assert french[:2] == [
        "n.csv, ligne 2, champ score : Présentation du parcours : 2,5 n'est pas un niveau "
        "permis (0, 1, 2, 3, 4)",
        "n.csv, ligne 3, champ score : Parcours et résultats depuis le baccalauréat : 25 hors "
        "barème (0 à 20)",
    ]
    english = run("--lang", "en", "import-scores", session, scores).output.splitlines()
    # the criterion's label is the session's own; the number is written the English way
    assert english[:2] == [
        "n.csv, LIGNE 2, CHAMP score : Présentation du parcours : 2.5 N'EST PAS UN NIVEAU "
        "PERMIS (0, 1, 2, 3, 4)",
        "n.csv, LIGNE 3, CHAMP score : Parcours et résultats depuis le baccalauréat : 25 HORS "
        "BARÈME (0 À 20)",
    ]
    assert "{label} : {problem}" in shouting.asked


# --------------------------------------------------------------------------- French


def test_french_is_unchanged_by_default(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "s.jury"
    out = ok("new", path, "--kind", "cqpm")
    assert out.startswith(f"Session créée : {path} (")
    assert out.endswith(" épreuves, 0 places)\n")
    jury = tmp_path / "jury.csv"
    jury.write_text(JURY_CSV, encoding="utf-8")
    assert ok("import-jury", path, jury) == "jury.csv : 3 membres ajoutés, 0 mis à jour\n"
    result = run("export-sheet", path, "--member", "nobody", "-o", tmp_path / "x.json")
    assert result.output == (
        "juryapp : erreur : « nobody » n'est pas membre du jury de cette session\n"
    )
    result = run("decide", path, "C001", "standard", "--as", "zz")
    assert result.output == (
        "juryapp : erreur : « zz » n'est pas membre du jury de cette session "
        "(membres : prez, m1, sec)\n"
    )
    result = run("reopen", path, "--reason", "erreur")
    assert result.output == (
        "juryapp : erreur : la session n'est ni close ni signée : il n'y a rien à rouvrir\n"
    )
    assert shouting.asked == []
