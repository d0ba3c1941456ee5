"""The store's messages go through gettext: in another language, every word of juryapp's
own is translated, while what comes from the files (names, line numbers, the user's column
names, the values) is put in unchanged.

So that the tests do not depend on the English translations, the translations object is
replaced by a fake one (``tests/fake_catalog.py``) that upper-cases the text of every msgid, keeping its ``{fields}``:
a message whose French words come out upper-cased went through ``_()`` / ``ngettext()``,
and the lower-case parts of it are what the code interpolated.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_catalog import Shouting, shout

from juryapp import i18n
from juryapp.domain.models import Session
from juryapp.store.errors import CorruptFile, InvalidRecord, LockTimeout, SessionNotFound
from juryapp.store.importers import parse_candidates
from juryapp.store.journal import Journal
from juryapp.store.locking import locked
from juryapp.store.session_store import SessionStore
from juryapp.store.storage import parse_json
from juryapp.store.tabular import TableError, read_table


@pytest.fixture
def shouting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shouting]:
    """English, with the fake catalog in place of the real one (French again after)."""
    catalog = Shouting()
    i18n.set_language("en")
    # _catalog() is what _(), ngettext() and pgettext() ask for the active translations
    monkeypatch.setattr(i18n, "_catalog", lambda lang=None: catalog)
    try:
        yield catalog
    finally:
        monkeypatch.undo()
        i18n.reset_language()


@pytest.fixture
def session_path(tmp_path: Path, make_session: Callable[..., Session]) -> Path:
    """A session folder created and opened in French (it has its first backup)."""
    path = tmp_path / "anglais-2026.jury"
    SessionStore.create(path, make_session())
    SessionStore.open(path)
    return path


def test_the_fake_catalog_keeps_the_fields() -> None:
    assert shout("« {value} » n'est pas un nombre") == "« {value} » N'EST PAS UN NOMBRE"


def test_corrupt_file(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "candidates.json"
    with pytest.raises(CorruptFile) as info:
        parse_json(b'{"candidates": {\n  "1": {"id": "c1"},,\n}}', path)
    err = info.value.with_context(root=tmp_path, last_backup=tmp_path / "backups/x/candidates.json")
    text = str(err)
    assert text.startswith("candidates.json : FICHIER ILLISIBLE (JSON INVALIDE LIGNE 2, COLONNE ")
    assert text.endswith(
        " ; IL N'A PAS ÉTÉ MODIFIÉ — DERNIÈRE COPIE VALIDE : backups/x/candidates.json"
    )
    assert "fichier illisible" not in text
    assert "fichier illisible ({detail}) ; il n'a pas été modifié" in shouting.asked
    assert "{text} — dernière copie valide : {backup}" in shouting.asked

    with pytest.raises(CorruptFile) as info:
        parse_json(b'{"jury": []}', path)
    assert "LA TABLE « jury » N'EST PAS UN OBJET JSON" in str(info.value)


def test_invalid_record(shouting: Shouting, session_path: Path) -> None:
    cands = session_path / "candidates.json"
    data = json.loads(cands.read_text(encoding="utf-8"))
    data["candidates"]["2"]["ects"] = "abc"
    cands.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidRecord) as info:
        SessionStore.open(session_path)
    err = info.value
    assert err.place == "DOSSIER C002 (DOCUMENT N° 2)"
    assert err.relpath == "candidates.json"
    text = str(err)
    assert text.startswith("candidates.json, DOSSIER C002 (DOCUMENT N° 2) : ")
    assert "abc" in text  # the value as it is in the file
    assert " — DERNIÈRE COPIE VALIDE : backups/" in text
    assert "dossier C002" not in text and "dernière copie valide" not in text


def test_invalid_record_of_the_store_itself(shouting: Shouting, session_path: Path) -> None:
    path = session_path / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["info"]["2"] = data["info"]["1"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidRecord) as info:
        SessionStore.open(session_path)
    assert str(info.value).startswith(
        "session.json : LA TABLE INFO DOIT CONTENIR EXACTEMENT UN DOCUMENT "
        "(LES INFORMATIONS DE LA SESSION), ELLE EN A 2"
    )


def test_session_not_found(shouting: Shouting, tmp_path: Path) -> None:
    missing = tmp_path / "nulle-part.jury"
    with pytest.raises(SessionNotFound) as info:
        SessionStore.open(missing)
    assert str(info.value) == f"DOSSIER DE SESSION INTROUVABLE : {missing}"

    empty = tmp_path / "vide.jury"
    empty.mkdir()
    with pytest.raises(SessionNotFound) as info:
        SessionStore.open(empty)
    assert str(info.value) == (
        f"« {empty} » NE CONTIENT PAS DE session.json : CE N'EST PAS UNE SESSION JURYAPP"
    )


def test_a_bad_csv_line(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "candidats.csv"
    path.write_text(
        "Identifiant;Nom;Filière;Crédits ECTS;Courriel\n"
        "c001;Durand;1A;120;zoe@example.org\n"
        "c002;Martin;1A;abc;pas-une-adresse\n",
        encoding="utf-8",
    )
    result = parse_candidates(path)
    assert [r.id for r in result.records] == ["c001"]
    assert [(e.file, e.line, e.field) for e in result.errors] == [
        ("candidats.csv", 3, "Crédits ECTS"),
        ("candidats.csv", 3, "Courriel"),
    ]
    assert [str(e) for e in result.errors] == [
        "candidats.csv, LIGNE 3, CHAMP Crédits ECTS : « abc » N'EST PAS UN NOMBRE",
        "candidats.csv, LIGNE 3, CHAMP Courriel : « pas-une-adresse » N'EST PAS UNE ADRESSE "
        "E-MAIL VALIDE",
    ]


def test_missing_columns_go_through_ngettext(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "candidats.csv"
    path.write_text("Nom;Prénom\nDurand;Zoé\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        parse_candidates(path)
    # the labels (N_ at module level) are translated when shown; the field names and the
    # file's headers are not
    assert str(info.value) == (
        "candidats.csv : COLONNES OBLIGATOIRES MANQUANTES : IDENTIFIANT (id), FILIÈRE (track) "
        "; COLONNES TROUVÉES : « Nom », « Prénom »"
    )


def test_module_constants_are_translated_where_shown(shouting: Shouting, tmp_path: Path) -> None:
    path = tmp_path / "liste.ods"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(TableError) as info:
        read_table(path)
    assert str(info.value) == (
        "liste.ods : CLASSEUR OPENDOCUMENT (.ODS) NON PRIS EN CHARGE, "
        "ENREGISTREZ-LE AU FORMAT CSV OU XLSX"
    )


def test_journal_findings(shouting: Shouting, tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    for i in range(3):
        journal.append("test", "session", actor="m1", new={"i": i})
    lines = (tmp_path / "journal.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "journal.jsonl").write_bytes(lines[0] + lines[2])
    assert journal.verify() == [
        "journal.jsonl, LIGNE 2 (ENTRÉE N° 3) : ENTRÉE N° 2 MANQUANTE (SUPPRIMÉE ?)"
    ]


def test_lock_timeout(shouting: Shouting, tmp_path: Path) -> None:
    target = tmp_path / "decisions.json"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(target):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(LockTimeout) as info, locked(target, timeout=0.05, root=tmp_path):
            pass
    finally:
        release.set()
        thread.join()
    text = str(info.value)
    assert text.startswith("decisions.json : LA SESSION EST VERROUILLÉE PAR UN AUTRE PROGRAMME")
    assert text.endswith("SUPPRIMEZ LE FICHIER .decisions.json.lock)")
