"""Where the user's files are: the settings (config folder).  Light: no pydantic."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "juryapp"
FILE_NAME = "settings.json"
ENV_CONFIG_DIR = "JURYAPP_CONFIG_DIR"


def config_dir() -> Path:
    """The folder of the settings: ``$JURYAPP_CONFIG_DIR``, else the user's config folder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """The settings file."""
    return config_dir() / FILE_NAME
