"""The user's settings (language, theme, recent sessions, keys...), in a JSON file.

The file is ``settings.json`` in the user's configuration folder
(``~/.config/juryapp/`` on Linux, ``%LOCALAPPDATA%\\juryapp\\`` on Windows...), or in the
folder named by the ``JURYAPP_CONFIG_DIR`` environment variable (tests, CI).

- :func:`load_settings` never fails: a missing file gives the defaults; an unreadable, corrupt
  or invalid file gives the defaults (keeping the valid settings of an invalid file) and a
  message for the user in :attr:`Settings.load_warning`, naming the file and the problem.
  It never writes: the broken file stays as it is until a setting changes.
- :func:`save_settings` writes a temporary file and renames it over the old one (a crash never
  leaves half a file); when the file it replaces was broken, a copy is kept as
  ``settings.json.bak`` first.
- Settings unknown to this version (written by a newer one) are kept when saving.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from juryapp.i18n import _, ngettext
from juryapp.paths import APP_NAME, ENV_CONFIG_DIR, FILE_NAME, config_dir, settings_path

MAX_RECENT_SESSIONS = 10

__all__ = [
    "APP_NAME",
    "ENV_CONFIG_DIR",
    "FILE_NAME",
    "Settings",
    "config_dir",
    "load_settings",
    "remember_session",
    "save_settings",
    "settings_path",
]


def backup_path(path: Path) -> Path:
    """Where a broken settings file is kept when it is replaced: ``settings.json.bak``."""
    return path.with_name(path.name + ".bak")


def normalize_session_path(path: str | os.PathLike[str]) -> str:
    """An absolute, normalized path of a session folder (the key of the recent sessions)."""
    return str(Path(path).expanduser().resolve(strict=False))


class Settings(BaseModel):
    """The user's settings.  Assignments are validated (``settings.language = "de"`` raises)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    language: Literal["fr", "en"] = "fr"
    theme: str = Field(default="juryapp-sombre", min_length=1)
    last_session: str | None = None
    #: most recent first, at most MAX_RECENT_SESSIONS, no duplicates
    recent_sessions: list[str] = Field(default_factory=list)
    #: binding id -> keys, e.g. {"queue.next_unscored": "n"}
    keymap: dict[str, str] = Field(default_factory=dict)
    divergence_highlight: bool = True

    _load_warning: str | None = PrivateAttr(default=None)

    @field_validator("recent_sessions")
    @classmethod
    def _unique_and_capped(cls, paths: list[str]) -> list[str]:
        seen: set[str] = set()
        kept: list[str] = []
        for p in paths:
            if p and p not in seen:
                seen.add(p)
                kept.append(p)
        return kept[:MAX_RECENT_SESSIONS]

    @property
    def load_warning(self) -> str | None:
        """What was wrong with the settings file when it was loaded (None: nothing), for the
        user: the file, the problem and what juryapp did about it."""
        return self._load_warning


# --------------------------------------------------------------------------- reading


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the JSON object of the file, None) or (None, the problem); (None, None): no file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, exc.strerror or str(exc)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _("le fichier n'est pas en UTF-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, _("JSON invalide, ligne {line}, colonne {column} : {error}").format(
            line=exc.lineno, column=exc.colno, error=exc.msg
        )
    if not isinstance(data, dict):
        return None, _("un objet JSON (entre accolades) est attendu")
    return data, None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _validate(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The settings of ``data``, the invalid ones replaced by their defaults, and the names
    (with the rejected values) of those replaced."""
    try:
        return Settings.model_validate(data), []
    except ValidationError as exc:
        bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    kept = {k: v for k, v in data.items() if k not in bad}
    try:
        settings = Settings.model_validate(kept)
    except ValidationError:  # pragma: no cover - every invalid field was dropped
        settings, bad = Settings(), set(data)
    return settings, [f"{name} = {_shown(data[name])}" for name in sorted(bad) if name in data]


def load_settings(path: Path | None = None) -> Settings:
    """The user's settings; never raises (see :attr:`Settings.load_warning`)."""
    path = settings_path() if path is None else Path(path)
    data, problem = _read(path)
    if data is None:
        settings = Settings()
        if problem is not None:
            settings._load_warning = " ".join(
                [
                    _("Réglages illisibles dans {file} ({problem}) : réglages par défaut.").format(
                        file=path, problem=problem
                    ),
                    _kept_until_change(path),
                ]
            )
        return settings
    settings, rejected = _validate(data)
    if rejected:
        message = ngettext(
            "Réglage invalide dans {file} : {settings} ; valeur par défaut utilisée.",
            "Réglages invalides dans {file} : {settings} ; valeurs par défaut utilisées.",
            len(rejected),
        ).format(file=path, settings=", ".join(rejected))
        settings._load_warning = f"{message} {_kept_until_change(path)}"
    return settings


def _kept_until_change(path: Path) -> str:
    return _(
        "Le fichier reste tel quel jusqu'au prochain changement de réglage ; "
        "il sera alors copié dans {backup}."
    ).format(backup=backup_path(path).name)


def _is_broken(path: Path) -> bool:
    data, problem = _read(path)
    if problem is not None:
        return True
    return data is not None and bool(_validate(data)[1])


# --------------------------------------------------------------------------- writing


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically (temporary file, then rename).

    A broken file being replaced is copied to ``settings.json.bak`` first.  Raises
    ``OSError`` when the folder cannot be written (the old file is then untouched).
    """
    path = settings_path() if path is None else Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_broken(path):
        shutil.copy2(path, backup_path(path))
    text = json.dumps(settings.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)
    settings._load_warning = None


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX; a no-op where folders cannot be opened)."""
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remember_session(
    session_path: str | os.PathLike[str],
    settings: Settings | None = None,
    path: Path | None = None,
) -> Settings:
    """Record ``session_path`` as the last session opened, first of the recent sessions, and
    save.  Updates and returns ``settings`` (default: the settings loaded from the file)."""
    settings = load_settings(path) if settings is None else settings
    key = normalize_session_path(session_path)
    others = [p for p in settings.recent_sessions if normalize_session_path(p) != key]
    if settings.last_session == key and settings.recent_sessions == [key, *others]:
        return settings  # already first: the file is left as it is (the quick start's stamp)
    settings.recent_sessions = [key, *others]
    settings.last_session = key
    save_settings(settings, path)
    return settings
