"""The session folder on disk: :class:`SessionStore`.

Layout of a session folder (e.g. ``infres-2026.jury/``), copyable as a whole::

    session.json          tables meta, info (one document), jury, epreuves, conflicts
    candidates.json       tables meta, candidates
    decisions.json        tables meta, decisions (append-only: the history of decisions)
    scores/<member>/NN.json   each jury member's own score sheet, in 32 buckets (NN = 00..31)
                              chosen by a stable hash of the candidate id
    scores/_external/NN.json  scores from an external source (member_id None)
    journal.jsonl, journal.head   the hash-chained journal (see journal.py)
    backups/              copies (see backup.py)
    .X.json.lock          the lock of X.json (hidden, next to the file it protects)

Every file is a TinyDB database (``TinyDB(path, storage=AtomicJSONStorage)`` opens it) whose
``meta`` table holds ``schema_version``.  Documents keep their TinyDB ids; the order of the
ids is the order of the records (for scores: across all sheets — a new score's id is the
time of writing in microseconds — so a session reads back in the order it was written).
session.json, candidates.json and decisions.json are indented, for a person to read and
fix; score buckets are compact and leave out the fields that have their default value
(``comment: ""``, ``status: "scored"``...), because a save reads and rewrites a whole
bucket: a third of the bytes, and of the time, at 5,000 dossiers.

Guarantees
- Every write replaces its file atomically (temp file, fsync, rename, fsync of the folder):
  a killed process leaves the old file or the new one, never half of one.  Readers do not
  lock.
- Every read-modify-write holds the file's lock and reads it afresh inside the lock, so two
  processes never lose each other's update.  A score save locks only the buckets of the
  candidates concerned in the saving member's own folder: members scoring at the same
  moment never contend, except briefly on the journal append.
- Every write is authorised (:func:`juryapp.domain.permissions.authorize`, with the
  session's information, jury and conflicts read afresh when the write starts), validated,
  and journaled with what changed (old -> new) — after the data is written, so a crash in
  between can leave a change without its journal entry, never the reverse.
- A corrupt or invalid file raises a one-line :class:`StoreError` naming the file, the
  record and the field, with the last good backup copy; the file is never overwritten or
  repaired automatically (writes to such a file are refused as well; for score buckets,
  which are not revalidated at each save to stay fast, a file that is not JSON is refused).
- A save of scores of several candidates may touch several buckets: each bucket is
  replaced atomically, not the set (a crash in the middle keeps the buckets already done).

Reading is lock-free and each file is consistent, but a :meth:`SessionStore.load` that runs
while another terminal writes may see one file before and another after that write;
:meth:`SessionStore.change_token` tells when to read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from juryapp.domain.errors import describe_text
from juryapp.domain.models import (
    STATUS_ORDER,
    BlocAssessment,
    Candidate,
    Conflict,
    Decision,
    DecisionStage,
    DefenceEvent,
    Epreuve,
    JuryMember,
    Role,
    Score,
    ScoreStatus,
    Session,
    SessionInfo,
    SessionStatus,
)
from juryapp.domain.permissions import Action, PermissionDenied, authorize
from juryapp.i18n import _, decimal_separator, ngettext

from .backup import last_good_copy, regular_backups, restore_files, snapshot, sweep_backup_temps
from .errors import (
    CorruptFile,
    InvalidRecord,
    SchemaTooNew,
    SessionExists,
    StoreError,
)
from .folder_stamp import check_session_folder, file_signature, session_stamp
from .journal import Change, Journal
from .locking import DEFAULT_TIMEOUT, locked
from .migrations import CURRENT_VERSION, meta_doc, migrate_folder, session_version, stamp, upgrade
from .storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    dump_json,
    read_json_file,
    sweep_temp_files,
)

SESSION_FILE: Final = "session.json"
CANDIDATES_FILE: Final = "candidates.json"
DECISIONS_FILE: Final = "decisions.json"
#: the presses on the clocks of timed épreuves and the members' bloc assessments (VAE);
#: absent until the first of them
DEFENCE_FILE: Final = "defence.json"
SCORES_DIR: Final = "scores"
#: the folder of the scores that come from an external source (member_id None)
EXTERNAL: Final = "_external"
#: buckets per score sheet
BUCKETS: Final = 32

M = TypeVar("M", bound=BaseModel)
Tables = dict[str, Any]


class _All:
    def __repr__(self) -> str:
        return "ALL"


#: ``load_scores(ALL)``: every sheet (the default)
ALL: Final = _All()


def bucket_of(candidate_id: str) -> int:
    """The bucket (0..31) of a candidate's scores: a stable hash (SHA-256) of its id."""
    digest = hashlib.sha256(candidate_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % BUCKETS


def owner_folder(member_id: str | None) -> str:
    """The folder under ``scores/`` of a member's sheet (``_external`` for None)."""
    return EXTERNAL if member_id is None else member_id


def bucket_rel(member_id: str | None, candidate_id: str) -> str:
    """Relative path of the bucket file holding ``member_id``'s scores of a candidate."""
    return f"{SCORES_DIR}/{owner_folder(member_id)}/{bucket_of(candidate_id):02d}.json"


def _check_member_id(member_id: str) -> None:
    if member_id == EXTERNAL or member_id.startswith(".") or member_id in ("", "..", "."):
        raise StoreError(
            _(
                "« {id} » ne peut pas servir d'identifiant de membre du jury "
                "(réservé : « {reserved} », ou commence par un point)"
            ).format(id=member_id, reserved=EXTERNAL)
        )


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _diff(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old values, new values) of the fields that differ."""
    if old is None:
        return {}, dict(new)
    keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new.get(k) for k in keys}


def _id_key(doc_id: str) -> int:
    return int(doc_id) if doc_id.isdigit() else 2**62


def _docs(data: Tables, table: str) -> list[tuple[str, dict[str, Any]]]:
    items = list((data.get(table) or {}).items())
    items.sort(key=lambda kv: _id_key(kv[0]))
    return items


def _next_id(table: dict[str, Any], at_least: int = 1) -> int:
    """A free document id above the last one (new documents are added at the end)."""
    last = next(reversed(table), None) if table else None
    n = max(at_least, int(last) + 1 if last is not None and last.isdigit() else len(table) + 1)
    while str(n) in table:  # a hand-edited table may not be in order
        n += 1
    return n


def _upsert(
    table: dict[str, Any], incoming: dict[str, BaseModel], action: str, target: str
) -> tuple[list[Change], int, int]:
    """Add or update the records of ``table`` keyed by their ``id`` (in place); the journal
    changes (``target:id``, changed fields old -> new), and the numbers added and updated."""
    by_id = {str(doc.get("id")): doc_id for doc_id, doc in table.items()}
    next_id = _next_id(table)
    changes: list[Change] = []
    added = updated = 0
    for key, record in incoming.items():
        new_doc = _dump(record)
        if key in by_id:
            old, new = _diff(table[by_id[key]], new_doc)
            if not new:
                continue
            table[by_id[key]] = new_doc
            updated += 1
            changes.append(Change(action, f"{target}:{key}", old, new))
        else:
            table[str(next_id)] = new_doc
            next_id += 1
            added += 1
            changes.append(Change(action, f"{target}:{key}", None, new_doc))
    return changes, added, updated


def _score_who(doc: dict[str, Any]) -> str:
    return doc.get("member_id") or f"ext:{doc.get('source', '')}"


def _doc_key(doc: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        _score_who(doc),
        str(doc.get("candidate_id")),
        str(doc.get("epreuve_id")),
        str(doc.get("criterion_id")),
    )


_SCORE_KEY_FIELDS = ("candidate_id", "epreuve_id", "criterion_id", "member_id")
#: the fields a stored score may leave out, with the value they then have
_SCORE_DEFAULTS: dict[str, Any] = {
    name: (f.default.value if isinstance(f.default, Enum) else f.default)
    for name, f in Score.model_fields.items()
    if not f.is_required()
}


def _score_doc(score: Score) -> dict[str, Any]:
    """A score as stored in a bucket: without the fields that have their default value
    (a bucket is read and rewritten at each save: every byte counts)."""
    return score.model_dump(mode="json", exclude_defaults=True)


def _score_view(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored score, defaults filled in, without the fields of its key (for comparing
    and for the journal)."""
    if doc is None:
        return None
    full = {**_SCORE_DEFAULTS, **doc}
    return {k: v for k, v in full.items() if k not in _SCORE_KEY_FIELDS}


def _fmt_value(doc: dict[str, Any]) -> str:
    doc = {**_SCORE_DEFAULTS, **doc}
    status = doc.get("status", ScoreStatus.SCORED.value)
    if status == ScoreStatus.ABSTAINED.value:
        return _("abstention")
    if status == ScoreStatus.RECUSED.value:
        return _("récusation")
    value = doc.get("value")
    if isinstance(value, int | float):
        return f"{value:g}".replace(".", decimal_separator())
    return str(value)


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at


def _status_label(status: SessionStatus) -> str:
    try:
        from juryapp.domain.kinds import STATUS_LABELS

        label = STATUS_LABELS.get(status)
        return (_(label) if label else status.value).lower()
    except ImportError:  # pragma: no cover
        return status.value


@cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _valid(model: type[M], obj: M | dict[str, Any], place: str = "") -> M:
    """``obj`` validated afresh (a model built with model_construct is caught here too)."""
    try:
        return model.model_validate(obj.model_dump() if isinstance(obj, BaseModel) else obj)
    except ValidationError as exc:
        raise InvalidRecord(describe_text(exc), place=place) from None


# --------------------------------------------------------------------------- records' names


def _name_candidate(doc_id: str, doc: dict[str, Any]) -> str:
    return _("dossier {id} (document n° {n})").format(id=doc.get("id", "?"), n=doc_id)


def _name_member(doc_id: str, doc: dict[str, Any]) -> str:
    return _("membre du jury {id} (document n° {n})").format(id=doc.get("id", "?"), n=doc_id)


def _name_epreuve(doc_id: str, doc: dict[str, Any]) -> str:
    return _("épreuve {id} (document n° {n})").format(id=doc.get("id", "?"), n=doc_id)


def _name_conflict(doc_id: str, doc: dict[str, Any]) -> str:
    return _("conflit d'intérêts n° {n} ({member} / {cand})").format(
        n=doc_id, member=doc.get("member_id", "?"), cand=doc.get("candidate_id", "?")
    )


def _name_event(doc_id: str, doc: dict[str, Any]) -> str:
    return _("événement n° {n} (candidat {cand}, {kind})").format(
        n=doc_id, cand=doc.get("candidate_id", "?"), kind=doc.get("kind", "?")
    )


def _name_assessment(doc_id: str, doc: dict[str, Any]) -> str:
    return _("appréciation n° {n} (candidat {cand}, bloc {bloc})").format(
        n=doc_id, cand=doc.get("candidate_id", "?"), bloc=doc.get("bloc_id", "?")
    )


def _name_decision(doc_id: str, doc: dict[str, Any]) -> str:
    return _("décision n° {n} (candidat {cand})").format(
        n=doc_id, cand=doc.get("candidate_id", "?")
    )


def _name_score(doc_id: str, doc: dict[str, Any]) -> str:
    return _("note n° {n} (candidat {cand}, épreuve {epreuve}, critère {criterion})").format(
        n=doc_id,
        cand=doc.get("candidate_id", "?"),
        epreuve=doc.get("epreuve_id", "?"),
        criterion=doc.get("criterion_id", "?"),
    )


def _name_info(doc_id: str, doc: dict[str, Any]) -> str:
    return _("informations de la session")


# --------------------------------------------------------------------------- helpers' types


@dataclass(frozen=True)
class _Setup:
    """What session.json says: enough to authorise and check a write."""

    info: SessionInfo
    jury: list[JuryMember]
    epreuves: dict[str, Epreuve]
    conflicts: list[Conflict]

    def member(self, member_id: str) -> JuryMember | None:
        return next((m for m in self.jury if m.id == member_id), None)


@dataclass
class MergeReport:
    """What :meth:`SessionStore.merge_sheets` did."""

    sources: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    kept: int = 0
    #: every key present on both sides with different values, in the user's language
    clashes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        sheets = len(self.sources)
        counts = _("{sheets} : {added}, {updated}, {kept}").format(
            sheets=ngettext("Fusion de {n} feuille", "Fusion de {n} feuilles", sheets).format(
                n=sheets
            ),
            added=ngettext("{n} note ajoutée", "{n} notes ajoutées", self.added).format(
                n=self.added
            ),
            updated=ngettext("{n} mise à jour", "{n} mises à jour", self.updated).format(
                n=self.updated
            ),
            kept=ngettext("{n} conservée", "{n} conservées", self.kept).format(n=self.kept),
        )
        if not self.clashes:
            return _("{counts}, aucun désaccord.").format(counts=counts)
        n = len(self.clashes)
        lines = [
            ngettext(
                "{counts} ; {n} désaccord (la note la plus récente l'emporte) :",
                "{counts} ; {n} désaccords (la note la plus récente l'emporte) :",
                n,
            ).format(counts=counts, n=n)
        ]
        lines += [f"  - {c}" for c in self.clashes]
        return "\n".join(lines)


@dataclass
class _Applied:
    changes: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    kept: int = 0
    clashes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the store


def _closed_setup() -> str:
    return _(
        "la session est close : les épreuves, les places et les dossiers examinés ne "
        "changent plus (rouvrez-la d'abord, avec un motif : juryapp reopen)"
    )


class SessionStore:
    """One session folder.  Use :meth:`create` or :meth:`open`; every method reads the
    files afresh (or trusts a cache keyed by the file's identity, size and mtime), so
    several stores, processes or machines can work on the same folder."""

    def __init__(
        self, root: str | os.PathLike[str], *, lock_timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        """A store on ``root`` without any check (see :meth:`open`); enough to
        :meth:`restore_backup` a session that no longer opens."""
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._journal = Journal(self.root, timeout=lock_timeout)
        self._preloaded: tuple[tuple[Any, ...], Session] | None = None
        #: the files validated by open(..., backup=False), for backup_opened()
        self._opened_contents: dict[str, bytes] | None = None
        self._cache: dict[str, tuple[tuple[int, ...], Any]] = {}
        self._bucket_cache: dict[str, tuple[tuple[int, ...], bytes, list[tuple[Any, Score]]]] = {}
        #: session.json, candidates.json, decisions.json, defence.json as last read:
        #: (signature, raw bytes, validated content)
        self._file_cache: dict[str, tuple[tuple[int, ...], bytes, Any]] = {}
        #: the buckets' (file, signature) and every score in order, as last merged
        self._merged_scores: tuple[list[tuple[str, tuple[int, ...]]], list[Score]] | None = None
        self._merge_cache: dict[str, tuple[Any, int, list[tuple[int, Score]]]] = {}

    def __repr__(self) -> str:
        return f"SessionStore({str(self.root)!r})"

    @property
    def journal(self) -> Journal:
        """The session's journal."""
        return self._journal

    # ================================================================== create / open

    @classmethod
    def create(
        cls, path: str | os.PathLike[str], session: Session, *, actor: str = "system"
    ) -> SessionStore:
        """Write ``session`` as a new session folder at ``path`` and open it.

        The folder must not exist, or be empty.  Everything is written into a hidden
        sibling folder first and renamed into place, so a crash leaves no half session.
        """
        root = Path(path)
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise SessionExists(
                _("« {path} » existe déjà et n'est pas un dossier vide").format(path=root)
            )
        try:
            session = Session.model_validate(session.model_dump())
        except ValidationError as exc:
            raise InvalidRecord(describe_text(exc)) from None
        for what, ids in (
            (_("membre du jury"), [m.id for m in session.jury]),
            (_("dossier"), [c.id for c in session.candidates]),
            (_("épreuve"), [e.id for e in session.epreuves]),
        ):
            dup = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
            if dup:
                raise StoreError(
                    ngettext(
                        "identifiant en double ({what}) : {ids}",
                        "identifiants en double ({what}) : {ids}",
                        len(dup),
                    ).format(what=what, ids=", ".join(dup))
                )
        for m in session.jury:
            _check_member_id(m.id)

        root.parent.mkdir(parents=True, exist_ok=True)
        tmp = root.parent / f".{root.name}.creating-{os.getpid()}-{time.time_ns()}"
        tmp.mkdir()
        try:
            cls._write_new(tmp, session, actor)
            if root.exists():
                root.rmdir()
            os.rename(tmp, root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return cls.open(root, validate=False)  # the first real opening makes the first backup

    @staticmethod
    def _write_new(root: Path, session: Session, actor: str) -> None:
        def tables(**named: list[dict[str, Any]]) -> Tables:
            data: Tables = {"meta": {"1": meta_doc()}}
            for name, docs in named.items():
                data[name] = {str(i): d for i, d in enumerate(docs, start=1)}
            return data

        def write(rel: str, data: Tables) -> None:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, dump_json(data, indent=not rel.startswith(SCORES_DIR + "/")))

        write(
            SESSION_FILE,
            tables(
                info=[_dump(session.info)],
                jury=[_dump(m) for m in session.jury],
                epreuves=[_dump(e) for e in session.epreuves],
                conflicts=[_dump(c) for c in session.conflicts],
            ),
        )
        write(CANDIDATES_FILE, tables(candidates=[_dump(c) for c in session.candidates]))
        write(DECISIONS_FILE, tables(decisions=[_dump(d) for d in session.decisions]))
        (root / SCORES_DIR).mkdir()
        buckets: dict[str, dict[str, Any]] = {}
        for i, s in enumerate(session.scores, start=1):
            buckets.setdefault(bucket_rel(s.member_id, s.candidate_id), {})[str(i)] = _score_doc(s)
        for rel, docs in sorted(buckets.items()):
            write(rel, {"meta": {"1": meta_doc()}, "scores": docs})
        Journal(root).append(
            "create",
            "session",
            actor=actor,
            new={
                "info": _dump(session.info),
                "jury": [m.id for m in session.jury],
                "epreuves": [e.id for e in session.epreuves],
                "candidates": len(session.candidates),
                "conflicts": len(session.conflicts),
                "decisions": len(session.decisions),
                "scores": len(session.scores),
            },
        )

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        validate: bool = True,
        backup: bool = True,
        lock_timeout: float = DEFAULT_TIMEOUT,
    ) -> SessionStore:
        """Open the session folder ``path``.

        Checks the format version (SchemaTooNew before anything is touched), migrates an
        older session (after a copy in ``backups/pre-migration-...``), removes the
        temporary files of writers that died, then reads and validates every file
        (``validate``) and, when the data changed since the last backup, saves the
        validated files as a new backup (``backup``; with ``backup=False`` the validated files
        are kept for :meth:`backup_opened`, which a UI calls once its first screen shows).
        The session read here is handed out by the first :meth:`load` if nothing changed in
        between.
        """
        root = Path(path)
        check_session_folder(root)
        store = cls(root, lock_timeout=lock_timeout)
        try:
            version = session_version(root)
            if version > CURRENT_VERSION:
                raise SchemaTooNew(root / SESSION_FILE, version, CURRENT_VERSION, root=root)
            if version < CURRENT_VERSION:
                migrate_folder(root, timeout=lock_timeout)
        except CorruptFile as exc:
            rel = SESSION_FILE
            if exc.file is not None and exc.file.is_relative_to(root):
                rel = exc.file.relative_to(root).as_posix()
            raise store._ctx(exc, rel) from None
        store._sweep()
        if validate:
            token = store.change_token()
            session, contents = store._load_all()
            store._preloaded = (token, session)
            if backup:
                store._backup(contents)
            else:
                store._opened_contents = contents
        return store

    @classmethod
    def read_only(cls, path: str | os.PathLike[str]) -> tuple[tuple[Any, ...], Session] | None:
        """The session of the folder ``path``, read and validated without writing anything
        (no migration, no clean-up, no backup: :meth:`open` does those), with its
        :meth:`change_token` taken before it was read; None when the folder is in another
        format version (:meth:`open` migrates it, or refuses it).  For a look ahead by
        another process (the app's quick start): it raises what :meth:`load` raises."""
        root = Path(path)
        check_session_folder(root)
        if session_version(root) != CURRENT_VERSION:
            return None
        store = cls(root)
        token = store.change_token()
        session, _contents = store._load_all()
        return token, session

    def _sweep(self) -> None:
        try:
            sweep_temp_files(self.root, recursive=False)
            scores = self.root / SCORES_DIR
            for name in self._owner_dirs():
                sweep_temp_files(scores / name, recursive=False)
            sweep_backup_temps(self.root)
        except OSError:  # a read-only copy: nothing to clean
            pass

    def _backup(self, contents: dict[str, bytes]) -> Path | None:
        try:
            return snapshot(self.root, contents, timeout=2.0)
        except (OSError, StoreError):  # read-only folder, busy lock: skip this time
            return None

    def backup_opened(self) -> Path | None:
        """Save, as a backup, the files that :meth:`open` validated with ``backup=False``
        (once: later calls do nothing).  The new backup's folder, or None when there was
        nothing to save, nothing changed since the last backup, or the folder is read-only."""
        contents, self._opened_contents = self._opened_contents, None
        if not contents:
            return None
        return self._backup(contents)

    def backups(self) -> list[Path]:
        """The validated backups of the session, newest first."""
        return regular_backups(self.root)

    def restore_backup(self, backup_dir: str | os.PathLike[str], *, actor: str = "system") -> Path:
        """Put back the files of a backup (a folder of ``backups/``, by path or name).

        The current data files are first copied into ``backups/before-restore-<time>/``
        (returned).  When the current session.json is readable, the actor must be allowed
        to edit the set-up; when it is not (the usual reason to restore), anyone may.
        Journaled.
        """
        try:
            setup: _Setup | None = self._setup_fresh()
        except StoreError:
            setup = None
        if setup is not None:
            self._authorize(Action.EDIT_SETUP, actor, setup)
        aside, files = restore_files(self.root, backup_dir, timeout=self.lock_timeout)
        self._cache.clear()
        self._bucket_cache.clear()
        self._file_cache.clear()
        self._merged_scores = None
        self._merge_cache.clear()
        self._preloaded = None
        source = Path(backup_dir)
        self.journal.append(
            "restore_backup",
            "backups",
            actor=actor,
            old={"aside": aside.relative_to(self.root).as_posix()},
            new={"from": source.name, "files": files},
        )
        return aside

    # ================================================================== reading

    def _path(self, rel: str) -> Path:
        return self.root / rel

    def _ctx(self, exc: StoreError, rel: str) -> StoreError:
        backup = None if isinstance(exc, SchemaTooNew) else last_good_copy(self.root, rel)
        return exc.with_context(root=self.root, file=self._path(rel), last_backup=backup)

    def _read(self, rel: str) -> tuple[Tables, bytes]:
        """(tables at the current version, raw bytes) of a data file; {} when missing."""
        path = self._path(rel)
        try:
            data, raw = read_json_file(path)
            tables, _found = upgrade(rel, data, path)
        except StoreError as exc:
            raise self._ctx(exc, rel) from None
        return tables, raw

    def _validate(
        self,
        rel: str,
        items: list[tuple[str, dict[str, Any]]],
        model: type[M],
        name: Callable[[str, dict[str, Any]], str],
    ) -> list[M]:
        """Validate documents; the first bad one becomes an InvalidRecord naming it."""
        try:
            return _list_adapter(model).validate_python([d for _i, d in items])
        except ValidationError as exc:
            bad = sorted(
                {
                    e["loc"][0]
                    for e in exc.errors(include_url=False)
                    if e["loc"] and isinstance(e["loc"][0], int)
                }
            )
            index = bad[0] if bad else 0
            doc_id, doc = items[index]
            try:
                model.model_validate(doc)
                problem = describe_text(exc)
            except ValidationError as one:
                problem = describe_text(one)
            if len(bad) > 1:
                problem = ngettext(
                    "{problem} (et {n} autre enregistrement invalide dans ce fichier)",
                    "{problem} (et {n} autres enregistrements invalides dans ce fichier)",
                    len(bad) - 1,
                ).format(problem=problem, n=len(bad) - 1)
            raise InvalidRecord(
                problem,
                file=self._path(rel),
                root=self.root,
                place=name(doc_id, doc),
                last_backup=last_good_copy(self.root, rel),
            ) from None

    def _setup_from(self, data: Tables) -> _Setup:
        infos = self._validate(SESSION_FILE, _docs(data, "info"), SessionInfo, _name_info)
        if len(infos) != 1:
            raise InvalidRecord(
                _(
                    "la table info doit contenir exactement un document "
                    "(les informations de la session), elle en a {n}"
                ).format(n=len(infos)),
                file=self._path(SESSION_FILE),
                root=self.root,
                last_backup=last_good_copy(self.root, SESSION_FILE),
            )
        jury = self._validate(SESSION_FILE, _docs(data, "jury"), JuryMember, _name_member)
        epreuves = self._validate(SESSION_FILE, _docs(data, "epreuves"), Epreuve, _name_epreuve)
        conflicts = self._validate(SESSION_FILE, _docs(data, "conflicts"), Conflict, _name_conflict)
        return _Setup(infos[0], jury, {e.id: e for e in epreuves}, conflicts)

    def _sig(self, rel: str) -> tuple[int, ...]:
        return file_signature(self._path(rel))

    def _cached(self, rel: str, build: Callable[[], Any]) -> Any:
        sig = self._sig(rel)
        hit = self._cache.get(rel)
        if hit is not None and hit[0] == sig and sig:
            return hit[1]
        value = build()
        self._cache[rel] = (sig, value)
        return value

    def _setup_fresh(self) -> _Setup:
        """session.json as it is now on disk (cached while the file is unchanged)."""
        return self._cached(SESSION_FILE, lambda: self._setup_from(self._read(SESSION_FILE)[0]))

    def _candidate_ids(self) -> frozenset[str]:
        """The ids of the dossiers as they are now on disk (cached while unchanged)."""

        def build() -> frozenset[str]:
            data, _raw = self._read(CANDIDATES_FILE)
            return frozenset(str(d.get("id")) for d in (data.get("candidates") or {}).values())

        return self._cached(CANDIDATES_FILE, build)

    def _owner_dirs(self) -> list[str]:
        try:
            names = os.listdir(self.root / SCORES_DIR)
        except FileNotFoundError:
            return []
        return sorted(
            n for n in names if not n.startswith(".") and (self.root / SCORES_DIR / n).is_dir()
        )

    def _bucket_files(self, folder: str) -> list[str]:
        try:
            names = os.listdir(self.root / SCORES_DIR / folder)
        except FileNotFoundError:
            return []
        return sorted(
            f"{SCORES_DIR}/{folder}/{n}"
            for n in names
            if n.endswith(".json") and not n.startswith(".")
        )

    def load_info(self) -> SessionInfo:
        """The session's information (session.json)."""
        return self._setup_from(self._read(SESSION_FILE)[0]).info

    def load_jury(self) -> list[JuryMember]:
        """The jury (session.json)."""
        return self._setup_from(self._read(SESSION_FILE)[0]).jury

    def load_epreuves(self) -> list[Epreuve]:
        """The épreuves (session.json)."""
        return list(self._setup_from(self._read(SESSION_FILE)[0]).epreuves.values())

    def load_conflicts(self) -> list[Conflict]:
        """The declared conflicts of interest (session.json)."""
        return self._setup_from(self._read(SESSION_FILE)[0]).conflicts

    def load_candidates(self) -> list[Candidate]:
        """The dossiers (candidates.json), in their order."""
        data, _raw = self._read(CANDIDATES_FILE)
        return self._validate(
            CANDIDATES_FILE, _docs(data, "candidates"), Candidate, _name_candidate
        )

    def load_decisions(self) -> list[Decision]:
        """Every decision ever recorded (decisions.json), oldest first; the latest by
        ``at`` counts (:meth:`Session.latest_decision`)."""
        data, _raw = self._read(DECISIONS_FILE)
        return self._validate(DECISIONS_FILE, _docs(data, "decisions"), Decision, _name_decision)

    def load_scores(self, member_id: str | None | _All = ALL) -> list[Score]:
        """Scores: of every sheet (default), of one member, or external ones (None)."""
        return self._load_scores(member_id)[0]

    def _load_scores(
        self, member_id: str | None | _All, contents: dict[str, bytes] | None = None
    ) -> tuple[list[Score], dict[str, bytes]]:
        contents = {} if contents is None else contents
        if isinstance(member_id, str) and member_id != EXTERNAL:
            _check_member_id(member_id)
        folders = self._owner_dirs() if isinstance(member_id, _All) else [owner_folder(member_id)]
        parts: list[list[tuple[int, Score]]] = []  # per bucket: (merge key, score)
        seen: list[tuple[str, tuple[int, ...]]] = []  # the buckets read, for the merge cache
        for order, folder in enumerate(folders):
            owner = None if folder == EXTERNAL else folder
            for rel in self._bucket_files(folder):
                # A bucket unchanged since the last read (same inode, size, times: every
                # write replaces the file) is not parsed and validated again: a reload
                # after another member's save costs one bucket, not the 180,000 scores.
                sig = self._sig(rel)
                hit = self._bucket_cache.get(rel)
                if hit is not None and sig and hit[0] == sig:
                    raw, bucket = hit[1], hit[2]
                else:
                    bucket = []
                    data, raw = self._read(rel)
                    items = _docs(data, "scores")
                    scores = self._validate(rel, items, Score, _name_score)
                    for (doc_id, doc), s in zip(items, scores, strict=True):
                        if s.member_id != owner:
                            raise InvalidRecord(
                                _(
                                    "cette note est celle de « {who} » mais se trouve "
                                    "dans la feuille de « {owner} »"
                                ).format(
                                    who=s.member_id or _("source externe"),
                                    owner=owner or _("source externe"),
                                ),
                                file=self._path(rel),
                                root=self.root,
                                place=_name_score(doc_id, doc),
                                last_backup=last_good_copy(self.root, rel),
                            )
                        bucket.append((_id_key(doc_id), s))
                    self._bucket_cache[rel] = (sig, raw, bucket)
                if raw:
                    contents[rel] = raw
                seen.append((rel, sig))
                parts.append(self._merge_keys(rel, order, bucket))
        # every bucket as it was last time (a reload after a decision, a set-up change):
        # the same merge as last time
        merged = self._merged_scores
        if isinstance(member_id, _All) and merged is not None and merged[0] == seen:
            return merged[1], contents
        keyed: list[tuple[int, Score]] = []
        for pairs in parts:
            keyed.extend(pairs)
        keyed.sort(key=itemgetter(0))  # stable: equal keys keep the order of the buckets
        scores = list(map(itemgetter(1), keyed))
        if isinstance(member_id, _All):
            self._merged_scores = (seen, scores)
        return scores, contents

    def _merge_keys(
        self, rel: str, order: int, bucket: list[tuple[int, Score]]
    ) -> list[tuple[int, Score]]:
        """The bucket's scores with their place in the session's order (record id first,
        then the folder's rank), one int each; kept while the bucket and its folder's rank
        are unchanged: 270,000 new tuples on every reload cost more than the merge."""
        hit = self._merge_cache.get(rel)
        if hit is not None and hit[0] is bucket and hit[1] == order:
            return hit[2]
        pairs = [((key << 16) | order, s) for key, s in bucket]
        self._merge_cache[rel] = (bucket, order, pairs)
        return pairs

    def _read_cached(self, rel: str, build: Callable[[Tables], Any]) -> tuple[Any, bytes]:
        """(``build(tables)``, raw bytes) of a data file, parsed and validated again only
        when the file changed (same inode, size and times: every write replaces the file),
        like the score sheets' buckets: a reload after a score is saved does not validate
        the 5,000 dossiers again."""
        sig = self._sig(rel)
        hit = self._file_cache.get(rel)
        if hit is not None and sig and hit[0] == sig:
            return hit[2], hit[1]
        data, raw = self._read(rel)
        value = build(data)
        self._file_cache[rel] = (sig, raw, value)
        return value, raw

    def _load_all(self) -> tuple[Session, dict[str, bytes]]:
        contents: dict[str, bytes] = {}
        setup, raw = self._read_cached(SESSION_FILE, self._setup_from)
        contents[SESSION_FILE] = raw
        candidates, raw = self._read_cached(
            CANDIDATES_FILE,
            lambda data: self._validate(
                CANDIDATES_FILE, _docs(data, "candidates"), Candidate, _name_candidate
            ),
        )
        if raw:
            contents[CANDIDATES_FILE] = raw
        decisions, raw = self._read_cached(
            DECISIONS_FILE,
            lambda data: self._validate(
                DECISIONS_FILE, _docs(data, "decisions"), Decision, _name_decision
            ),
        )
        if raw:
            contents[DECISIONS_FILE] = raw
        (events, assessments), raw = self._read_cached(DEFENCE_FILE, self._defence_from)
        if raw:
            contents[DEFENCE_FILE] = raw
        scores, contents = self._load_scores(ALL, contents)
        # every part is validated already (and Session has no rule of its own): validating
        # them again costs ~0.5 s at 270,000 scores, on every reload.  The lists are
        # copies: the store keeps its own for the next reload.
        session = Session.model_construct(
            info=setup.info,
            jury=list(setup.jury),
            candidates=list(candidates),
            epreuves=list(setup.epreuves.values()),
            conflicts=list(setup.conflicts),
            decisions=list(decisions),
            scores=list(scores),
            defence_events=list(events),
            bloc_assessments=list(assessments),
        )
        return session, contents

    def load(self) -> Session:
        """The whole session, read from every file and validated.

        Raises a :class:`StoreError` (CorruptFile, InvalidRecord, SchemaTooNew) naming the
        file, the record and the field, with the last good backup copy of that file.
        """
        pre, self._preloaded = self._preloaded, None
        if pre is not None and pre[0] == self.change_token():
            return pre[1]
        return self._load_all()[0]

    def change_token(self) -> tuple[Any, ...]:
        """A cheap fingerprint of the session's files (identity, size, mtime of the data
        files, the journal and the score folders): it changes whenever anything is written,
        by this process or another one, so a UI can poll it to reload
        (:func:`juryapp.store.folder_stamp.session_stamp`)."""
        return session_stamp(self.root)

    # ================================================================== writing helpers

    @contextmanager
    def _lock(self, rel: str) -> Iterator[None]:
        with locked(self._path(rel), timeout=self.lock_timeout, root=self.root):
            yield

    def _write(self, rel: str, data: Tables) -> None:
        stamp(data, CURRENT_VERSION)
        path = self._path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, dump_json(data, indent=not rel.startswith(SCORES_DIR + "/")))

    def _authorize(self, action: Action, actor: str, setup: _Setup, **kwargs: Any) -> None:
        authorize(setup.info, setup.jury, actor, action, conflicts=setup.conflicts, **kwargs)

    def _setup_locked(self) -> tuple[Tables, _Setup]:
        """session.json read afresh, for a write that holds its lock."""
        data, _raw = self._read(SESSION_FILE)
        return data, self._setup_from(data)

    # ================================================================== set-up writes

    def update_info(self, info: SessionInfo, *, actor: str) -> None:
        """Change the session's information (not its state: see :meth:`set_status`)."""
        info = _valid(SessionInfo, info, _("informations de la session"))
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            if setup.info.status is SessionStatus.CLOSED and (
                info.places != setup.info.places
                or info.kind is not setup.info.kind
                or info.blocs != setup.info.blocs
            ):
                raise PermissionDenied(_closed_setup())
            if info.status is not setup.info.status:
                raise StoreError(
                    _(
                        "l'état de la session ne se change pas avec ses informations : "
                        "utilisez le changement d'état"
                    )
                )
            if info.composition_override != setup.info.composition_override:
                raise PermissionDenied(
                    _("seul le président du jury peut passer outre la composition du jury")
                )
            old, new = _diff(_dump(setup.info), _dump(info))
            if not new:
                return
            doc_id = _docs(data, "info")[0][0]
            data["info"] = {doc_id: _dump(info)}
            self._write(SESSION_FILE, data)
            self.journal.append("update_info", "session", actor=actor, old=old, new=new)

    def upsert_members(self, members: Iterable[JuryMember], *, actor: str) -> tuple[int, int]:
        """Add or update jury members (key: id). Returns (added, updated)."""
        incoming: dict[str, JuryMember] = {}
        for m in members:
            m = _valid(JuryMember, m, _("membre du jury {id}").format(id=getattr(m, "id", "?")))
            _check_member_id(m.id)
            incoming[m.id] = m
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            table = data.setdefault("jury", {})
            changes, added, updated = _upsert(table, incoming, "upsert_members", "jury")
            if changes:
                self._write(SESSION_FILE, data)
                self.journal.append_many(changes, actor=actor)
        return added, updated

    def remove_member(self, member_id: str, *, actor: str) -> None:
        """Remove a jury member who has no score (their conflicts go with them)."""
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            table = data.get("jury") or {}
            doc_id = next((k for k, d in table.items() if d.get("id") == member_id), None)
            if doc_id is None:
                raise StoreError(
                    _("« {id} » n'est pas membre du jury de cette session").format(id=member_id)
                )
            if member_id != EXTERNAL and any(
                (self._read(rel)[0].get("scores") or {}) for rel in self._bucket_files(member_id)
            ):
                member = setup.member(member_id)
                raise StoreError(
                    _(
                        "{name} a déjà saisi des notes : il ne peut pas être retiré du jury "
                        "(marquez-le absent ou excusé)"
                    ).format(name=member.full_name if member else member_id)
                )
            old = table.pop(doc_id)
            conflicts = data.get("conflicts") or {}
            dropped = [
                conflicts.pop(k)
                for k in [k for k, c in conflicts.items() if c.get("member_id") == member_id]
            ]
            self._write(SESSION_FILE, data)
            self.journal.append(
                "remove_member",
                f"jury:{member_id}",
                actor=actor,
                old={**old, "conflicts": dropped} if dropped else old,
                new=None,
            )

    def upsert_candidates(self, candidates: Iterable[Candidate], *, actor: str) -> tuple[int, int]:
        """Add or update dossiers (key: id), in one write. Returns (added, updated).

        Journaled with one entry per changed dossier (its changed fields, old -> new),
        all appended in one write."""
        incoming: dict[str, Candidate] = {}
        for c in candidates:
            c = _valid(Candidate, c, _("dossier {id}").format(id=getattr(c, "id", "?")))
            incoming[c.id] = c
        with self._lock(CANDIDATES_FILE):
            setup = self._setup_fresh()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            data, _raw = self._read(CANDIDATES_FILE)
            # a file with an invalid record is not rewritten (InvalidRecord names it)
            self._validate(CANDIDATES_FILE, _docs(data, "candidates"), Candidate, _name_candidate)
            table = data.setdefault("candidates", {})
            if setup.info.status is SessionStatus.CLOSED:
                # the épreuves a candidate sat are over: an import may not change them
                for doc in table.values():
                    new_c = incoming.get(doc.get("id"))
                    if new_c is not None and list(new_c.planned_epreuves) != list(
                        doc.get("planned_epreuves") or []
                    ):
                        raise PermissionDenied(_closed_setup())
                if any(
                    c.id not in {d.get("id") for d in table.values()} for c in incoming.values()
                ):
                    raise PermissionDenied(_closed_setup())
            changes, added, updated = _upsert(table, incoming, "upsert_candidates", "candidate")
            if changes:
                self._write(CANDIDATES_FILE, data)
                self.journal.append_many(changes, actor=actor)
        return added, updated

    def override_composition(self, reason: str, *, actor: str) -> None:
        """The president records why the jury sits although its composition breaks a rule
        (``reason``; empty withdraws the override).  Stated in the procès-verbal; journaled."""
        reason = reason.strip()
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            me = setup.member(actor)
            if me is None or me.role is not Role.PRESIDENT:
                raise PermissionDenied(
                    _("seul le président du jury peut passer outre la composition du jury")
                )
            # the president's (checked above); allowed while closed, when the PV's checklist
            # asks for it, not once signed
            if setup.info.status is SessionStatus.SIGNED:
                self._authorize(Action.RECORD_DECISION, actor, setup)  # refused: signed
            info = setup.info.model_copy(update={"composition_override": reason})
            old, new = _diff(_dump(setup.info), _dump(info))
            if not new:
                return
            doc_id = _docs(data, "info")[0][0]
            data["info"] = {doc_id: _dump(info)}
            self._write(SESSION_FILE, data)
            self.journal.append("override_composition", "session", actor=actor, old=old, new=new)

    def plan_epreuves(
        self, candidate_id: str, epreuve_ids: Sequence[str], *, actor: str, reason: str = ""
    ) -> None:
        """Set the épreuves ``candidate_id`` sits (e.g. the jury adds an optional oral test
        for this candidate): the president or the secretary (``Action.PLAN_EPREUVES``).

        Every id must be an épreuve of the session; the list is kept in the session's order.
        An épreuve already scored for this candidate cannot be taken off (its marks would
        silently stop counting).  Journaled, with ``reason`` when given."""
        with self._lock(CANDIDATES_FILE):
            setup = self._setup_fresh()
            self._authorize(Action.PLAN_EPREUVES, actor, setup)
            unknown = [e for e in epreuve_ids if e not in setup.epreuves]
            if unknown:
                raise StoreError(
                    _("épreuve inconnue : {ids} (épreuves de la session : {known})").format(
                        ids=", ".join(unknown), known=", ".join(setup.epreuves)
                    )
                )
            if not epreuve_ids:
                raise StoreError(_("un candidat passe au moins une épreuve"))
            data, _raw = self._read(CANDIDATES_FILE)
            self._validate(CANDIDATES_FILE, _docs(data, "candidates"), Candidate, _name_candidate)
            table = data.setdefault("candidates", {})
            doc_id = next(
                (i for i, doc in table.items() if str(doc.get("id")) == candidate_id), None
            )
            if doc_id is None:
                raise StoreError(_("candidat inconnu : {id}").format(id=candidate_id))
            cand = Candidate.model_validate(table[doc_id])
            wanted = [e for e in setup.epreuves if e in set(epreuve_ids)]
            current = [
                e.id
                for e in setup.epreuves.values()
                if (e.id in cand.planned_epreuves if cand.planned_epreuves else not e.optional)
            ]
            dropped = set(current) - set(wanted)
            scored = sorted(e for e in dropped if self._has_scores(candidate_id, e))
            if scored:
                raise StoreError(
                    _(
                        "déjà notée pour ce candidat, l'épreuve ne peut pas être retirée : {ids}"
                    ).format(ids=", ".join(scored))
                )
            if wanted == current and cand.planned_epreuves:
                return
            new_doc = _dump(cand.model_copy(update={"planned_epreuves": wanted}))
            old, new = _diff(table[doc_id], new_doc)
            table[doc_id] = new_doc
            self._write(CANDIDATES_FILE, data)
            if reason:
                new = {**new, "reason": reason}
            self.journal.append_many(
                [Change("plan_epreuves", f"candidate:{candidate_id}", old, new)], actor=actor
            )

    def _has_scores(self, candidate_id: str, epreuve_id: str) -> bool:
        """Whether anyone (drafts included) has scored ``epreuve_id`` for the candidate:
        one bucket per score folder is read."""
        for folder in self._owner_dirs():
            owner = None if folder == EXTERNAL else folder
            data, _raw = self._read(bucket_rel(owner, candidate_id))
            for _doc_id, doc in _docs(data, "scores"):
                if doc.get("candidate_id") == candidate_id and doc.get("epreuve_id") == epreuve_id:
                    return True
        return False

    def set_epreuves(self, epreuves: Sequence[Epreuve], *, actor: str) -> None:
        """Replace the session's épreuves.  Removing an épreuve or a criterion that already
        has scores is refused (the scores would be lost)."""
        new_list = [
            _valid(Epreuve, e, _("épreuve {id}").format(id=getattr(e, "id", "?"))) for e in epreuves
        ]
        ids = [e.id for e in new_list]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise StoreError(
                ngettext(
                    "épreuve en double : {ids}", "épreuves en double : {ids}", len(dup)
                ).format(ids=", ".join(dup))
            )
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            if setup.info.status is SessionStatus.CLOSED:
                raise PermissionDenied(_closed_setup())  # weights, criteria: the totals
            new_by_id = {e.id: e for e in new_list}
            gone: set[tuple[str, str | None]] = set()
            for eid, e in setup.epreuves.items():
                if eid not in new_by_id:
                    gone.add((eid, None))
                else:
                    kept = {c.id for c in new_by_id[eid].criteria}
                    gone |= {(eid, c.id) for c in e.criteria if c.id not in kept}
            if gone:
                used = self._scores_using(gone)
                if used:
                    raise StoreError(
                        _(
                            "des notes existent déjà pour {what} : "
                            "cette épreuve ou ce critère ne peut pas être retiré"
                        ).format(what=", ".join(sorted(used)))
                    )
            old_docs = {eid: _dump(e) for eid, e in setup.epreuves.items()}
            new_docs = {eid: _dump(e) for eid, e in new_by_id.items()}
            if list(old_docs.items()) == list(new_docs.items()):
                return
            data["epreuves"] = {str(i): d for i, d in enumerate(new_docs.values(), start=1)}
            self._write(SESSION_FILE, data)
            changed = [k for k in {**old_docs, **new_docs} if old_docs.get(k) != new_docs.get(k)]
            self.journal.append(
                "set_epreuves",
                "epreuves",
                actor=actor,
                old={k: old_docs.get(k) for k in changed},
                new={"order": list(new_docs), **{k: new_docs.get(k) for k in changed}},
            )

    def _scores_using(self, gone: set[tuple[str, str | None]]) -> set[str]:
        """Which of (épreuve, criterion or None for all) have scores."""
        used: set[str] = set()
        whole = {e for e, c in gone if c is None}
        for folder in self._owner_dirs():
            for rel in self._bucket_files(folder):
                for doc in (self._read(rel)[0].get("scores") or {}).values():
                    eid, cid = doc.get("epreuve_id"), doc.get("criterion_id")
                    if eid in whole:
                        used.add(_("l'épreuve {epreuve}").format(epreuve=eid))
                    elif (eid, cid) in gone:
                        used.add(
                            _("le critère {criterion} de l'épreuve {epreuve}").format(
                                criterion=cid, epreuve=eid
                            )
                        )
        return used

    def add_conflict(self, conflict: Conflict, *, actor: str) -> None:
        """Declare a conflict of interest (replaces the one of the same member and candidate)."""
        conflict = _valid(Conflict, conflict, _("conflit d'intérêts"))
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            if setup.member(conflict.member_id) is None:
                raise StoreError(
                    _("« {id} » n'est pas membre du jury de cette session").format(
                        id=conflict.member_id
                    )
                )
            if conflict.candidate_id not in self._candidate_ids():
                raise StoreError(_("candidat inconnu : {id}").format(id=conflict.candidate_id))
            table = data.setdefault("conflicts", {})
            new_doc = _dump(conflict)
            doc_id = next(
                (
                    k
                    for k, d in table.items()
                    if d.get("member_id") == conflict.member_id
                    and d.get("candidate_id") == conflict.candidate_id
                ),
                None,
            )
            old_doc = table.get(doc_id) if doc_id is not None else None
            if old_doc == new_doc:
                return
            table[doc_id if doc_id is not None else str(_next_id(table))] = new_doc
            self._write(SESSION_FILE, data)
            self.journal.append(
                "add_conflict",
                f"candidate:{conflict.candidate_id}",
                actor=actor,
                old=old_doc,
                new=new_doc,
            )

    def remove_conflict(self, member_id: str, candidate_id: str, *, actor: str) -> None:
        """Withdraw the conflict of interest between a member and a candidate."""
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            self._authorize(Action.EDIT_SETUP, actor, setup)
            table = data.get("conflicts") or {}
            doc_id = next(
                (
                    k
                    for k, d in table.items()
                    if d.get("member_id") == member_id and d.get("candidate_id") == candidate_id
                ),
                None,
            )
            if doc_id is None:
                raise StoreError(
                    _("aucun conflit d'intérêts déclaré entre {member} et {candidate}").format(
                        member=member_id, candidate=candidate_id
                    )
                )
            old = table.pop(doc_id)
            self._write(SESSION_FILE, data)
            self.journal.append(
                "remove_conflict", f"candidate:{candidate_id}", actor=actor, old=old, new=None
            )

    def set_status(self, status: SessionStatus, *, actor: str, reason: str = "") -> None:
        """Move the session forward (préparation → en cours → délibération → close → signée).

        Going back is only possible from a closed or signed session (reopening), with a
        reason; both are journaled, a reopening as ``reopen``: the next PV is a new version."""
        status = SessionStatus(status)
        with self._lock(SESSION_FILE):
            data, setup = self._setup_locked()
            current = setup.info.status
            if status is current:
                return
            forward = STATUS_ORDER.index(status) > STATUS_ORDER.index(current)
            if forward:
                self._authorize(Action.CHANGE_STATUS, actor, setup)
                action = "set_status"
            else:
                if current not in (SessionStatus.SIGNED, SessionStatus.CLOSED):
                    raise StoreError(
                        _(
                            "la session est {status} : son état ne peut qu'avancer "
                            "(seule une session close ou signée peut être rouverte)"
                        ).format(status=_status_label(current))
                    )
                if not reason.strip():
                    raise StoreError(
                        _("rouvrir une session signée demande un motif")
                        if current is SessionStatus.SIGNED
                        else _("rouvrir une session close demande un motif")
                    )
                self._authorize(Action.REOPEN, actor, setup)
                # a closed session's PV may carry members' signatures already (the president
                # signs last, and signing moves the session to « signée »): any reopening
                # gives the next PV a new version, never a second « version n° 1 »
                action = "reopen"
            doc_id = _docs(data, "info")[0][0]
            data["info"][doc_id]["status"] = status.value
            self._write(SESSION_FILE, data)
            new: dict[str, Any] = {"status": status.value}
            if reason.strip():
                new["reason"] = reason.strip()
            self.journal.append(
                action, "session", actor=actor, old={"status": current.value}, new=new
            )

    # ================================================================== decisions

    def record_decision(self, decision: Decision, *, actor: str) -> None:
        """Append a decision (never overwrites: the latest by ``at`` counts).

        The president records; the secretary may transcribe a decision taken by someone
        else (journaled on behalf).  ``recorded_by`` is filled in when the actor is not the
        decider."""
        decision = _valid(Decision, decision, _("décision"))
        with self._lock(DECISIONS_FILE):
            setup = self._setup_fresh()
            me = setup.member(actor)
            on_behalf = (
                me is not None and me.role is Role.SECRETAIRE and decision.decided_by != actor
            )
            self._authorize(Action.RECORD_DECISION, actor, setup, on_behalf=on_behalf)
            if decision.candidate_id not in self._candidate_ids():
                raise StoreError(_("candidat inconnu : {id}").format(id=decision.candidate_id))
            if setup.member(decision.decided_by) is None:
                raise StoreError(
                    _("« {id} » (decided_by) n'est pas membre du jury de cette session").format(
                        id=decision.decided_by
                    )
                )
            if decision.recorded_by is None and decision.decided_by != actor:
                decision = decision.model_copy(update={"recorded_by": actor})
            data, _raw = self._read(DECISIONS_FILE)
            known = self._validate(
                DECISIONS_FILE, _docs(data, "decisions"), Decision, _name_decision
            )
            self._check_decision(setup, decision, known)
            table = data.setdefault("decisions", {})
            same = [
                d
                for _k, d in _docs(data, "decisions")
                if d.get("candidate_id") == decision.candidate_id
                and d.get("stage") == decision.stage.value
            ]
            previous = same[-1] if same else None
            new_doc = _dump(decision)
            table[str(_next_id(table))] = new_doc
            self._write(DECISIONS_FILE, data)
            self.journal.append(
                "record_decision",
                f"candidate:{decision.candidate_id}",
                actor=actor,
                on_behalf=on_behalf,
                old=previous,
                new=new_doc,
            )

    # ================================================================== defence

    def _read_defence(self) -> tuple[list[DefenceEvent], list[BlocAssessment], bytes]:
        data, raw = self._read(DEFENCE_FILE)
        events, assessments = self._defence_from(data)
        return events, assessments, raw

    def _defence_from(self, data: Tables) -> tuple[list[DefenceEvent], list[BlocAssessment]]:
        events = self._validate(DEFENCE_FILE, _docs(data, "events"), DefenceEvent, _name_event)
        assessments = self._validate(
            DEFENCE_FILE, _docs(data, "bloc_assessments"), BlocAssessment, _name_assessment
        )
        return events, assessments

    def load_defence_events(self) -> list[DefenceEvent]:
        """Every press on the clocks of the session, in the order they were recorded."""
        return self._read_defence()[0]

    def _candidate_session(self, setup: _Setup, candidate_id: str, **parts: Any) -> Session:
        """The session reduced to one candidate (what the rules about that candidate read)."""
        cand = next((c for c in self.load_candidates() if c.id == candidate_id), None)
        if cand is None:
            raise StoreError(_("candidat inconnu : {id}").format(id=candidate_id))
        return Session(
            info=setup.info,
            jury=setup.jury,
            candidates=[cand],
            epreuves=list(setup.epreuves.values()),
            conflicts=setup.conflicts,
            **parts,
        )

    def record_defence_event(
        self, event: DefenceEvent, *, actor: str, now: dt.datetime | None = None
    ) -> DefenceEvent:
        """Append a press on the clock of a timed épreuve (start, pause, resume, next phase,
        end, the president's override), after the rules of
        :func:`juryapp.domain.defence.validate_event` (order, reasons, who, the start check).

        ``event.actor`` must be ``actor``.  Events are kept in the order recorded (that order
        is the truth, not their time stamps).  Journaled.  Returns the event recorded."""
        from juryapp.domain.defence import validate_event

        event = _valid(DefenceEvent, event, _("événement de soutenance"))
        if event.actor != actor:
            raise PermissionDenied(
                _("« {actor} » ne peut pas appuyer sur le chronomètre au nom de « {who} »").format(
                    actor=actor, who=event.actor
                )
            )
        with self._lock(DEFENCE_FILE):
            setup = self._setup_fresh()
            self._authorize(Action.RUN_DEFENCE, actor, setup)
            data, _raw = self._read(DEFENCE_FILE)
            events = self._validate(DEFENCE_FILE, _docs(data, "events"), DefenceEvent, _name_event)
            session = self._candidate_session(setup, event.candidate_id, defence_events=events)
            validate_event(session, event, now or dt.datetime.now(dt.UTC))
            table = data.setdefault("events", {})
            doc = _dump(event)
            table[str(_next_id(table))] = doc
            self._write(DEFENCE_FILE, data)
            self.journal.append(
                f"defence_{event.kind.value}",
                f"candidate:{event.candidate_id}",
                actor=actor,
                new=doc,
            )
        return event

    def record_bloc_assessment(self, assessment: BlocAssessment, *, actor: str) -> None:
        """Append a member's own assessment of one bloc de compétences of a candidate
        (VAE): :func:`juryapp.domain.defence.validate_assessment`.  The latest counts.
        Journaled (the journal is not shown to the other members)."""
        from juryapp.domain.defence import validate_assessment

        assessment = _valid(BlocAssessment, assessment, _("appréciation d'un bloc"))
        with self._lock(DEFENCE_FILE):
            setup = self._setup_fresh()
            self._authorize(Action.ASSESS_BLOCS, actor, setup, member_id=assessment.member_id)
            data, _raw = self._read(DEFENCE_FILE)
            self._read_defence()  # a file with an invalid record is not rewritten
            session = self._candidate_session(setup, assessment.candidate_id)
            validate_assessment(session, assessment, actor=actor)
            table = data.setdefault("bloc_assessments", {})
            doc = _dump(assessment)
            table[str(_next_id(table))] = doc
            self._write(DEFENCE_FILE, data)
            self.journal.append(
                "assess_bloc", f"candidate:{assessment.candidate_id}", actor=actor, new=doc
            )

    def _check_decision(self, setup: _Setup, decision: Decision, known: list[Decision]) -> None:
        """The rules of a decision (:func:`juryapp.domain.decisions.validate_decision`; for
        a VAE validation also the members' bloc assessments), whoever records it: the
        screens and the command line check first, the store makes sure."""
        from juryapp.domain.decisions import validate_decision
        from juryapp.domain.defence import validate_vae_decision

        mine = [d for d in known if d.candidate_id == decision.candidate_id]
        if decision.stage is DecisionStage.VAE:
            _events, assessments, _raw = self._read_defence()
            session = self._candidate_session(
                setup,
                decision.candidate_id,
                decisions=mine,
                bloc_assessments=[
                    a for a in assessments if a.candidate_id == decision.candidate_id
                ],
            )
            validate_vae_decision(session, decision)
        else:
            validate_decision(
                self._candidate_session(setup, decision.candidate_id, decisions=mine), decision
            )

    # ================================================================== scores

    def save_scores(self, scores: Sequence[Score], *, actor: str, on_behalf: bool = False) -> None:
        """Save scores of one owner (one member, or all external), replacing those with the
        same key.  Checks the actor's right (own sheet; the secretary on behalf), the
        session's state, the hard conflicts, and that candidate, épreuve and criterion exist
        and the value fits the criterion's scale.  Only the buckets of the candidates
        concerned are rewritten; the save is journaled once per candidate."""
        if not scores:
            return
        valid = [_valid(Score, s, _("note")) for s in scores]
        owners = {s.member_id for s in valid}
        if len(owners) != 1:
            raise StoreError(
                _(
                    "des notes enregistrées ensemble doivent appartenir à un seul membre du jury "
                    "(ou toutes venir d'une source externe)"
                )
            )
        owner = owners.pop()
        self._apply_scores(
            owner, valid, actor=actor, on_behalf=on_behalf, newest_wins=False, action="save_scores"
        )

    def _check_scores(
        self,
        owner: str | None,
        scores: Sequence[Score],
        *,
        actor: str,
        on_behalf: bool,
        setup: _Setup,
        candidates: frozenset[str],
    ) -> None:
        self._authorize(Action.WRITE_SCORES, actor, setup, member_id=owner, on_behalf=on_behalf)
        seen: set[str] = set()
        for s in scores:
            if s.candidate_id not in candidates:
                raise StoreError(_("candidat inconnu : {id}").format(id=s.candidate_id))
            ep = setup.epreuves.get(s.epreuve_id)
            if ep is None:
                known = ", ".join(setup.epreuves) or _("aucune")
                raise StoreError(
                    _("épreuve inconnue : {ids} (épreuves de la session : {known})").format(
                        ids=s.epreuve_id, known=known
                    )
                )
            crit = ep.criterion(s.criterion_id)
            if crit is None:
                known = ", ".join(c.id for c in ep.criteria)
                raise StoreError(
                    _(
                        "critère inconnu pour l'épreuve {epreuve} : {criterion} "
                        "(critères : {known})"
                    ).format(epreuve=ep.id, criterion=s.criterion_id, known=known)
                )
            if s.value is not None:
                problem = crit.check_value(s.value)
                if problem:
                    raise StoreError(
                        _("candidat {cand}, épreuve {epreuve} : {problem}").format(
                            cand=s.candidate_id, epreuve=ep.id, problem=problem
                        )
                    )
            if owner is not None and s.candidate_id not in seen:
                seen.add(s.candidate_id)
                self._authorize(
                    Action.WRITE_SCORES,
                    actor,
                    setup,
                    member_id=owner,
                    on_behalf=on_behalf,
                    candidate_id=s.candidate_id,
                )

    def _apply_scores(
        self,
        owner: str | None,
        scores: Sequence[Score],
        *,
        actor: str,
        on_behalf: bool,
        newest_wins: bool,
        action: str,
        source_of: dict[tuple[str, str, str, str], str] | None = None,
    ) -> _Applied:
        folder = owner_folder(owner)
        if owner is not None:
            _check_member_id(owner)
        incoming: dict[tuple[str, str, str, str], Score] = {}
        for s in scores:
            incoming[s.key] = s  # the last one of a key wins
        by_bucket: dict[str, list[Score]] = {}
        for s in incoming.values():
            by_bucket.setdefault(bucket_rel(owner, s.candidate_id), []).append(s)
        result = _Applied()
        # checked once before anything is created on disk, and again under the locks
        self._check_scores(
            owner,
            list(incoming.values()),
            actor=actor,
            on_behalf=on_behalf,
            setup=self._setup_fresh(),
            candidates=self._candidate_ids(),
        )
        (self.root / SCORES_DIR / folder).mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            for rel in sorted(by_bucket):
                stack.enter_context(self._lock(rel))
            setup = self._setup_fresh()
            self._check_scores(
                owner,
                list(incoming.values()),
                actor=actor,
                on_behalf=on_behalf,
                setup=setup,
                candidates=self._candidate_ids(),
            )
            now_id = time.time_ns() // 1000  # ids keep the order of writing across sheets
            for rel in sorted(by_bucket):
                data, _raw = self._read(rel)
                table = data.setdefault("scores", {})
                wanted = {s.candidate_id for s in by_bucket[rel]}
                index = {
                    _doc_key(doc): doc_id
                    for doc_id, doc in table.items()
                    if doc.get("candidate_id") in wanted
                }
                next_id = _next_id(table, now_id)
                changed = False
                for s in by_bucket[rel]:
                    doc = _score_doc(s)
                    key = s.key
                    doc_id = index.get(key)
                    old_doc = table.get(doc_id) if doc_id is not None else None
                    if old_doc is not None:
                        old_view, new_view = _score_view(old_doc), _score_view(doc)
                        same = old_view == new_view
                        if newest_wins:
                            theirs_newer = _utc(s.at) > _utc(self._at(old_doc))
                            if (old_view["value"], old_view["status"]) != (
                                new_view["value"],
                                new_view["status"],
                            ):
                                winner = doc if theirs_newer else old_doc
                                src = (source_of or {}).get(key, _("la feuille"))
                                result.clashes.append(
                                    _(
                                        "{cand} · {epreuve}/{criterion} ({who}) : {here} ici, "
                                        "{there} dans {source} — retenue : {kept}"
                                    ).format(
                                        cand=s.candidate_id,
                                        epreuve=s.epreuve_id,
                                        criterion=s.criterion_id,
                                        who=s.who,
                                        here=_fmt_value(old_doc),
                                        there=_fmt_value(doc),
                                        source=src,
                                        kept=_fmt_value(winner),
                                    )
                                )
                            if same or not theirs_newer:
                                result.kept += 1
                                continue
                        elif same:
                            continue
                        table[doc_id] = doc
                        result.updated += 1
                    else:
                        while str(next_id) in table:
                            next_id += 1
                        table[str(next_id)] = doc
                        next_id += 1
                        result.added += 1
                    changed = True
                    slot = f"{s.who}/{s.epreuve_id}/{s.criterion_id}"
                    olds, news = result.changes.setdefault(s.candidate_id, ({}, {}))
                    olds[slot] = _score_view(old_doc)
                    news[slot] = _score_view(doc)
                if changed:
                    self._write(rel, data)
            if result.changes:
                self.journal.append_many(
                    [
                        Change(action, f"candidate:{cid}", old, new)
                        for cid, (old, new) in result.changes.items()
                    ],
                    actor=actor,
                    on_behalf=on_behalf and actor != owner,
                )
        return result

    @staticmethod
    def _at(doc: dict[str, Any]) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(str(doc.get("at")))
        except ValueError:
            return dt.datetime.min.replace(tzinfo=dt.UTC)

    # ================================================================== sheets

    def export_sheet(self, member_id: str | None, dest: str | os.PathLike[str]) -> Path:
        """Write a member's whole score sheet (None: the external scores) to one JSON file
        (TinyDB format, ``meta`` = session_id, member_id, exported_at), for
        :meth:`merge_sheets` on another copy of the session.  Returns ``dest``."""
        info = self.load_info()
        if member_id is not None and member_id not in {m.id for m in self.load_jury()}:
            if not self._bucket_files(owner_folder(member_id)):
                raise StoreError(
                    _("« {id} » n'est pas membre du jury de cette session").format(id=member_id)
                )
        scores = self.load_scores(member_id)
        exported_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        data = {
            "meta": {
                "1": meta_doc(session_id=info.id, member_id=member_id, exported_at=exported_at)
            },
            "scores": {str(i): _dump(s) for i, s in enumerate(scores, start=1)},
        }
        path = Path(dest)
        AtomicJSONStorage(path, create_dirs=True).write(data)
        return path

    def _read_sheet(self, path: Path, session_id: str) -> tuple[str | None, list[Score], str]:
        """(owner, scores, label) of an exported sheet file or a ``scores/<member>`` folder."""
        label = path.name
        files: list[tuple[Path, str]] = []
        if path.is_dir():
            if (path / SESSION_FILE).is_file():
                raise StoreError(
                    _(
                        "c'est un dossier de session entier : donnez ses feuilles, "
                        "{folder}/{scores}/<membre>"
                    ).format(folder=path.name, scores=SCORES_DIR),
                    file=path,
                )
            owner: str | None = None if path.name == EXTERNAL else path.name
            if owner is not None:
                _check_member_id(owner)
            other = path.parent.parent / SESSION_FILE
            if path.parent.name == SCORES_DIR and other.is_file():
                data, _raw = read_json_file(other)
                ids = [d.get("id") for d in ((data or {}).get("info") or {}).values()]
                if ids and ids[0] != session_id:
                    raise StoreError(
                        _("cette feuille vient d'une autre session ({other}, pas {this})").format(
                            other=ids[0], this=session_id
                        ),
                        file=path,
                    )
            label = (
                f"{path.parent.parent.name}/{SCORES_DIR}/{path.name}"
                if path.parent.name == SCORES_DIR
                else path.name
            )
            files = [
                (p, f"{label}/{p.name}")
                for p in sorted(path.glob("*.json"))
                if not p.name.startswith(".")
            ]
            if not files:
                raise StoreError(_("aucune feuille de notes dans ce dossier"), file=path)
        elif path.is_file():
            data, _raw = read_json_file(path)
            meta = next(iter(((data or {}).get("meta") or {}).values()), None)
            if not isinstance(meta, dict) or "member_id" not in meta:
                raise StoreError(
                    _("ce fichier n'est pas une feuille de notes exportée par juryapp"), file=path
                )
            if meta.get("session_id") not in (None, session_id):
                raise StoreError(
                    _("cette feuille vient d'une autre session ({other}, pas {this})").format(
                        other=meta.get("session_id"), this=session_id
                    ),
                    file=path,
                )
            owner = meta.get("member_id")
            files = [(path, path.name)]
        else:
            raise StoreError(_("feuille de notes introuvable"), file=path)
        scores: list[Score] = []
        for file, _name in files:
            raw_data, _raw = read_json_file(file)
            data, _found = upgrade(file.name, raw_data, file)
            items = _docs(data, "scores")
            try:
                batch = _list_adapter(Score).validate_python([d for _i, d in items])
            except ValidationError as exc:
                bad = next(
                    (
                        e["loc"][0]
                        for e in exc.errors()
                        if e["loc"] and isinstance(e["loc"][0], int)
                    ),
                    0,
                )
                doc_id, doc = items[bad]
                try:
                    Score.model_validate(doc)
                    problem = describe_text(exc)
                except ValidationError as one:
                    problem = describe_text(one)
                raise InvalidRecord(problem, file=file, place=_name_score(doc_id, doc)) from None
            for (doc_id, doc), s in zip(items, batch, strict=True):
                if s.member_id != owner:
                    raise InvalidRecord(
                        _("cette note est celle de « {who} », pas de « {owner} »").format(
                            who=s.member_id or _("source externe"),
                            owner=owner or _("source externe"),
                        ),
                        file=file,
                        place=_name_score(doc_id, doc),
                    )
            scores.extend(batch)
        return owner, scores, label

    def merge_sheets(self, paths: Sequence[str | os.PathLike[str]], *, actor: str) -> MergeReport:
        """Bring in score sheets filled on another machine: files written by
        :meth:`export_sheet`, or ``scores/<member>`` folders of another copy of the session.

        For each score key the newest ``at`` wins; every clash (same key, different value)
        is reported.  The actor is the member themself or the secretary (journaled on
        behalf).  Every sheet is read and checked before anything is written."""
        info = self.load_info()
        report = MergeReport()
        by_owner: dict[str | None, dict[tuple[str, str, str, str], Score]] = {}
        source_of: dict[tuple[str, str, str, str], str] = {}
        for p in paths:
            owner, scores, label = self._read_sheet(Path(p), info.id)
            report.sources.append(label)
            bucket = by_owner.setdefault(owner, {})
            for s in scores:
                prev = bucket.get(s.key)
                if prev is None or _utc(s.at) >= _utc(prev.at):
                    bucket[s.key] = s
                    source_of[s.key] = label
        for owner, keyed in by_owner.items():
            if not keyed:
                continue
            applied = self._apply_scores(
                owner,
                list(keyed.values()),
                actor=actor,
                on_behalf=owner is not None and owner != actor,
                newest_wins=True,
                action="merge_sheets",
                source_of=source_of,
            )
            report.added += applied.added
            report.updated += applied.updated
            report.kept += applied.kept
            report.clashes += applied.clashes
        return report
