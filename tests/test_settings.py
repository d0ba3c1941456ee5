"""User settings: defaults, round trip, broken files (never a crash, a .bak), recent sessions."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from juryapp import i18n
from juryapp.settings import (
    MAX_RECENT_SESSIONS,
    Settings,
    backup_path,
    config_dir,
    load_settings,
    remember_session,
    save_settings,
    settings_path,
)


@pytest.fixture(autouse=True)
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("JURYAPP_CONFIG_DIR", str(folder))
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    i18n.reset_language()
    i18n.set_language("fr")
    yield folder
    i18n.reset_language()


def write(path: Path, content: str | bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return data


# --------------------------------------------------------------------------- where


def test_the_env_var_chooses_the_folder(config: Path) -> None:
    assert config_dir() == config
    assert settings_path() == config / "settings.json"


def test_default_folder_is_the_user_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_path

    monkeypatch.delenv("JURYAPP_CONFIG_DIR")
    assert settings_path() == user_config_path("juryapp", appauthor=False) / "settings.json"


# --------------------------------------------------------------------------- defaults, round trip


def test_missing_file_gives_the_defaults_and_writes_nothing(config: Path) -> None:
    s = load_settings()
    assert s.model_dump() == Settings().model_dump()
    assert s.language == "fr"
    assert s.theme == "juryapp-sombre"
    assert s.last_session is None
    assert s.recent_sessions == []
    assert s.keymap == {}
    assert s.divergence_highlight is True
    assert s.load_warning is None
    assert not config.exists()


def test_save_and_load_round_trip(config: Path) -> None:
    s = Settings(
        language="en",
        theme="juryapp-contraste",
        last_session="/jurys/infres-2026.jury",
        recent_sessions=["/jurys/infres-2026.jury", "/jurys/bat-2026.jury"],
        keymap={"queue.next_unscored": "n", "app.help": "f1,question_mark"},
        divergence_highlight=False,
    )
    save_settings(s)
    path = config / "settings.json"
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["keymap"] == {"queue.next_unscored": "n", "app.help": "f1,question_mark"}
    assert "load_warning" not in on_disk
    again = load_settings()
    assert again == s
    assert again.load_warning is None
    assert [p.name for p in config.iterdir()] == ["settings.json"]  # no temp file left


def test_assignments_are_validated() -> None:
    s = Settings()
    with pytest.raises(ValidationError):
        s.language = "de"  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        s.theme = ""
    s.recent_sessions = [f"/s{i}" for i in range(15)] + ["/s0"]
    assert s.recent_sessions == [f"/s{i}" for i in range(MAX_RECENT_SESSIONS)]


def test_unknown_keys_are_kept(config: Path) -> None:
    """A newer juryapp's settings survive a save by this one."""
    write(config / "settings.json", json.dumps({"language": "en", "future_option": [1, 2]}))
    s = load_settings()
    assert s.load_warning is None
    s.theme = "juryapp-clair"
    save_settings(s)
    data = json.loads((config / "settings.json").read_text(encoding="utf-8"))
    assert data["future_option"] == [1, 2]
    assert data["theme"] == "juryapp-clair"
    assert not backup_path(config / "settings.json").exists()


def test_a_bom_is_accepted(config: Path) -> None:
    write(config / "settings.json", b"\xef\xbb\xbf" + json.dumps({"language": "en"}).encode())
    s = load_settings()
    assert s.language == "en" and s.load_warning is None


def test_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "mine.json"
    save_settings(Settings(theme="juryapp-clair"), path)
    assert load_settings(path).theme == "juryapp-clair"


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"language": "en",\n "theme": }', "JSON invalide, ligne 2, colonne 11 : Expecting value"),
        ("", "JSON invalide, ligne 1, colonne 1"),
        ('["fr"]', "un objet JSON (entre accolades) est attendu"),
        (b"\xff\xfe{}", "le fichier n'est pas en UTF-8"),
    ],
)
def test_a_corrupt_file_gives_defaults_and_a_warning_and_stays(
    config: Path, content: str | bytes, problem: str
) -> None:
    path = config / "settings.json"
    original = write(path, content)
    s = load_settings()
    assert s.model_dump() == Settings().model_dump()
    assert s.load_warning is not None
    assert str(path) in s.load_warning
    assert problem in s.load_warning
    assert "settings.json.bak" in s.load_warning
    assert path.read_bytes() == original  # loading never writes
    assert not backup_path(path).exists()


def test_saving_over_a_corrupt_file_keeps_a_bak(config: Path) -> None:
    path = config / "settings.json"
    original = write(path, "{ oops")
    s = load_settings()
    assert s.load_warning
    s.language = "en"
    save_settings(s)
    assert backup_path(path).read_bytes() == original
    assert load_settings().language == "en"
    assert s.load_warning is None  # the problem is dealt with
    # the next save has nothing to back up: the .bak stays the broken file
    s.theme = "juryapp-clair"
    save_settings(s)
    assert backup_path(path).read_bytes() == original


def test_invalid_values_keep_the_valid_settings(config: Path) -> None:
    path = config / "settings.json"
    original = write(
        path,
        json.dumps(
            {
                "language": "de",
                "theme": "juryapp-clair",
                "recent_sessions": "not a list",
                "keymap": {"queue.next_unscored": "n"},
                "divergence_highlight": False,
            }
        ),
    )
    s = load_settings()
    assert s.language == "fr"
    assert s.recent_sessions == []
    assert s.theme == "juryapp-clair"
    assert s.keymap == {"queue.next_unscored": "n"}
    assert s.divergence_highlight is False
    assert s.load_warning == (
        f'Réglages invalides dans {path} : language = "de", '
        'recent_sessions = "not a list" ; valeurs par défaut utilisées. '
        "Le fichier reste tel quel jusqu'au prochain changement de réglage ; "
        "il sera alors copié dans settings.json.bak."
    )
    assert path.read_bytes() == original
    save_settings(s)
    assert backup_path(path).read_bytes() == original
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "juryapp-clair"


def test_one_invalid_value_in_english(config: Path) -> None:
    i18n.set_language("en")
    path = config / "settings.json"
    write(path, json.dumps({"keymap": {"app.help": 1}}))
    s = load_settings()
    assert s.keymap == {}
    assert s.load_warning == (
        f'Invalid setting in {path}: keymap = {{"app.help": 1}}; using its default value. '
        "The file stays as it is until a setting changes; it will then be copied to "
        "settings.json.bak."
    )


def test_a_long_bad_value_is_shortened(config: Path) -> None:
    write(config / "settings.json", json.dumps({"theme": ["x" * 200]}))
    warning = load_settings().load_warning
    assert warning is not None and "…" in warning and "x" * 60 not in warning


def test_an_unreadable_file_does_not_crash(config: Path) -> None:
    path = config / "settings.json"
    path.mkdir(parents=True)  # a folder where the file should be
    s = load_settings()
    assert s.model_dump() == Settings().model_dump()
    assert s.load_warning is not None and str(path) in s.load_warning


# --------------------------------------------------------------------------- atomic writes


def test_a_failed_save_leaves_the_old_file_and_no_temp(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config / "settings.json"
    save_settings(Settings(language="en"))
    before = path.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_settings(Settings(language="fr"))
    assert path.read_bytes() == before
    assert [p.name for p in config.iterdir()] == ["settings.json"]


def test_save_writes_through_a_temporary_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((Path(src).name, Path(dst).name))
        assert json.loads(Path(src).read_text(encoding="utf-8"))["language"] == "en"
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    save_settings(Settings(language="en"))
    ((tmp_name, final),) = seen
    assert final == "settings.json"
    assert tmp_name.startswith(".settings.json.") and tmp_name.endswith(".tmp")


# --------------------------------------------------------------------------- recent sessions


def test_remember_session(config: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.jury", tmp_path / "b.jury"
    s = remember_session(a)
    assert s.last_session == str(a.resolve())
    assert s.recent_sessions == [str(a.resolve())]
    remember_session(b)
    s = remember_session(tmp_path / "x" / ".." / "a.jury")  # the same folder, written otherwise
    assert s.recent_sessions == [str(a.resolve()), str(b.resolve())]
    assert load_settings().recent_sessions == s.recent_sessions
    assert load_settings().last_session == str(a.resolve())


def test_recent_sessions_are_capped_most_recent_first(tmp_path: Path) -> None:
    for i in range(MAX_RECENT_SESSIONS + 3):
        remember_session(tmp_path / f"s{i}.jury")
    recent = load_settings().recent_sessions
    assert len(recent) == MAX_RECENT_SESSIONS
    assert recent[0] == str((tmp_path / f"s{MAX_RECENT_SESSIONS + 2}.jury").resolve())
    assert recent[-1] == str((tmp_path / "s3.jury").resolve())


def test_remember_session_updates_the_given_settings(tmp_path: Path) -> None:
    s = Settings(theme="juryapp-clair")
    returned = remember_session(str(tmp_path / "a.jury"), s)
    assert returned is s
    assert s.last_session == str((tmp_path / "a.jury").resolve())
    assert load_settings().theme == "juryapp-clair"
