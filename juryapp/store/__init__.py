"""Everything on disk: the session folder, TinyDB storage, locking, journal, imports.

``from juryapp.store import SessionStore, StoreError`` works; the heavy modules are only
imported when one of these names is first used, so importing a light submodule
(e.g. ``juryapp.store.tabular``) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import StoreError
    from .session_store import MergeReport, SessionStore

__all__ = ["MergeReport", "SessionStore", "StoreError"]


def __getattr__(name: str) -> Any:
    if name in ("SessionStore", "MergeReport"):
        from . import session_store

        return getattr(session_store, name)
    if name == "StoreError":
        from .errors import StoreError

        return StoreError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
