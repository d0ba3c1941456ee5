"""The session's journal: ``journal.jsonl``, append-only, hash-chained.

One JSON object per line::

    {"seq": 12, "at": "2026-04-14T09:30:12.123456+00:00", "actor": "m1", "on_behalf": false,
     "action": "save_scores", "target": "candidate:C012", "old": {...}, "new": {...},
     "prev": "<hash of entry 11>", "hash": "<sha256 of this entry without 'hash'>"}

``hash`` is the SHA-256 of the canonical JSON of the entry without ``hash`` (keys sorted, no
spaces, UTF-8); ``prev`` is the ``hash`` of the entry before (``""`` for the first one).
After each append, ``journal.head`` (written atomically) keeps the seq and hash of the last
entry, so that cutting the tail of the journal is noticed too.

Targets name what changed: ``session`` (information, state), ``jury:<id>``, ``epreuves``,
``candidate:<id>`` (the dossier, its scores, conflicts and decisions) and ``backups``.

:meth:`Journal.verify` finds an edited entry (hash), a deleted or moved one (``prev``,
``seq``), a cut tail (``journal.head``) and a line that is not JSON.  The chain is not
signed: someone who recomputes every hash after an edit, and the head, is not detected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from juryapp.i18n import _, ngettext

from .errors import CorruptFile
from .locking import DEFAULT_TIMEOUT, locked
from .storage import atomic_write_bytes

JOURNAL_FILE = "journal.jsonl"
HEAD_FILE = "journal.head"

_FIELDS = ("seq", "at", "actor", "on_behalf", "action", "target", "old", "new", "prev", "hash")


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The canonical JSON of ``entry`` without its ``hash``: sorted keys, no spaces, UTF-8."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of :func:`canonical`."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class JournalEntry:
    """One line of the journal."""

    seq: int
    at: str
    actor: str
    on_behalf: bool
    action: str
    target: str
    old: Any
    new: Any
    prev: str
    hash: str
    #: line number in journal.jsonl (1-based), 0 when not read from the file
    line: int = field(default=0, compare=False)

    @property
    def when(self) -> dt.datetime:
        """``at`` as a datetime (UTC)."""
        return dt.datetime.fromisoformat(self.at)

    def to_dict(self) -> dict[str, Any]:
        """The entry as written (without the line number)."""
        return {k: getattr(self, k) for k in _FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], line: int = 0) -> JournalEntry:
        """Build from a parsed line; raises ValueError when a field is missing or mistyped."""
        missing = [k for k in _FIELDS if k not in data]
        if missing:
            raise ValueError(
                ngettext(
                    "champ manquant : {fields}", "champs manquants : {fields}", len(missing)
                ).format(fields=", ".join(missing))
            )
        extra = [k for k in data if k not in _FIELDS]
        if extra:
            raise ValueError(
                ngettext(
                    "champ inconnu : {fields}", "champs inconnus : {fields}", len(extra)
                ).format(fields=", ".join(extra))
            )
        if not isinstance(data["seq"], int) or isinstance(data["seq"], bool):
            raise ValueError(_("{field} n'est pas un entier").format(field="seq"))
        for k in ("at", "actor", "action", "target", "prev", "hash"):
            if not isinstance(data[k], str):
                raise ValueError(_("{field} n'est pas un texte").format(field=k))
        if not isinstance(data["on_behalf"], bool):
            raise ValueError(_("{field} n'est pas un booléen").format(field="on_behalf"))
        return cls(**{k: data[k] for k in _FIELDS}, line=line)


@dataclass(frozen=True)
class Change:
    """What a write wants journaled (the journal adds seq, at, actor, prev, hash)."""

    action: str
    target: str
    old: Any = None
    new: Any = None


class Journal:
    """``journal.jsonl`` and ``journal.head`` of one session folder."""

    def __init__(self, root: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = Path(root)
        self.path = self.root / JOURNAL_FILE
        self.head_path = self.root / HEAD_FILE
        self.timeout = timeout
        #: (size, mtime_ns, ino) of the file after our last append -> (seq, hash)
        self._tail_cache: tuple[tuple[int, int, int], int, str] | None = None

    # ------------------------------------------------------------------ writing

    def append(
        self,
        action: str,
        target: str,
        *,
        actor: str,
        on_behalf: bool = False,
        old: Any = None,
        new: Any = None,
    ) -> JournalEntry:
        """Append one entry (under the journal's lock, fsynced) and return it."""
        return self.append_many(
            [Change(action, target, old, new)], actor=actor, on_behalf=on_behalf
        )[0]

    def append_many(
        self, changes: Iterable[Change], *, actor: str, on_behalf: bool = False
    ) -> list[JournalEntry]:
        """Append several entries in one write and one fsync; returns them."""
        changes = list(changes)
        if not changes:
            return []
        with locked(self.path, timeout=self.timeout, root=self.root):
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                st = os.fstat(fd)
                cache = self._tail_cache
                ours = cache is not None and cache[0] == (st.st_size, st.st_mtime_ns, st.st_ino)
                seq, prev = (cache[1], cache[2]) if ours and cache else self._tail(st)
                at = _now()
                entries: list[JournalEntry] = []
                chunks: list[bytes] = []
                if st.st_size and not ours and not self._ends_with_newline(st.st_size):
                    chunks.append(b"\n")  # a torn last line stays a (reported) bad line
                for ch in changes:
                    seq += 1
                    body = {
                        "seq": seq,
                        "at": at,
                        "actor": actor,
                        "on_behalf": bool(on_behalf),
                        "action": ch.action,
                        "target": ch.target,
                        # normalised through JSON, so that what is hashed is what is read back
                        "old": orjson.loads(orjson.dumps(ch.old, option=orjson.OPT_NON_STR_KEYS)),
                        "new": orjson.loads(orjson.dumps(ch.new, option=orjson.OPT_NON_STR_KEYS)),
                        "prev": prev,
                    }
                    body["hash"] = prev = entry_hash(body)
                    chunks.append(orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS) + b"\n")
                    entries.append(JournalEntry(**body))
                data = memoryview(b"".join(chunks))
                while data:
                    n = os.write(fd, data)
                    data = data[n:]
                os.fsync(fd)
                st = os.fstat(fd)
            finally:
                os.close(fd)
            self._tail_cache = ((st.st_size, st.st_mtime_ns, st.st_ino), seq, prev)
            # fsynced, but the rename is not waited for: after a power cut the head may lag
            # one entry behind, which verify() accepts; it can never be ahead
            atomic_write_bytes(
                self.head_path, orjson.dumps({"seq": seq, "hash": prev}) + b"\n", sync_dir=False
            )
        return entries

    def _ends_with_newline(self, size: int) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(size - 1)
            return fh.read(1) == b"\n"

    def _tail(self, st: os.stat_result) -> tuple[int, str]:
        """(seq, hash) of the last valid entry of the file (0, "") when none."""
        if not st.st_size:
            return 0, ""
        with open(self.path, "rb") as fh:
            size = st.st_size
            chunk = 65536
            while True:
                start = max(0, size - chunk)
                fh.seek(start)
                buf = fh.read(size - start)
                lines = buf.split(b"\n")
                if start > 0:
                    lines = lines[1:]  # the first one may be cut
                for raw in reversed(lines):
                    if not raw.strip():
                        continue
                    try:
                        d = orjson.loads(raw)
                    except orjson.JSONDecodeError:
                        continue
                    if (
                        isinstance(d, dict)
                        and isinstance(d.get("seq"), int)
                        and isinstance(d.get("hash"), str)
                    ):
                        return d["seq"], d["hash"]
                if start == 0:
                    return 0, ""
                chunk *= 4

    # ------------------------------------------------------------------ reading

    def _lines(self) -> list[bytes]:
        try:
            return self.path.read_bytes().split(b"\n")
        except FileNotFoundError:
            return []

    def entries(self) -> list[JournalEntry]:
        """Every entry, in order. A line that is not a valid entry raises CorruptFile."""
        lines = self._lines()
        out: list[JournalEntry] = []
        last = len(lines)
        for no, raw in enumerate(lines, start=1):
            if no == last and raw == b"":
                break  # after the final newline
            try:
                out.append(JournalEntry.from_dict(_parse_line(raw), line=no))
            except ValueError as exc:
                raise CorruptFile(
                    self.path,
                    _("ligne {line} : {problem}").format(line=no, problem=exc),
                    root=self.root,
                    place=_("ligne {line}").format(line=no),
                ) from None
        return out

    def history(self, target: str) -> list[JournalEntry]:
        """The entries about ``target`` (e.g. ``candidate:C012``: the dossier, its scores,
        conflicts and decisions), oldest first."""
        return [e for e in self.entries() if e.target == target]

    def last(self) -> JournalEntry | None:
        """The last entry, or None when the journal is empty."""
        entries = self.entries()
        return entries[-1] if entries else None

    # ------------------------------------------------------------------ checking

    def verify(self) -> list[str]:
        """What is wrong with the journal, in the user's language, one finding per problem
        ([] = intact)."""
        findings: list[str] = []
        name = JOURNAL_FILE
        lines = self._lines()
        torn = bool(lines) and lines[-1] != b""
        if lines and not torn:
            lines.pop()
        if torn:
            findings.append(
                _(
                    "{file}, ligne {line} : dernière ligne incomplète (écriture interrompue ?)"
                ).format(file=name, line=len(lines))
            )
        parsed: list[tuple[int, dict[str, Any] | None, JournalEntry | None]] = []
        for no, raw in enumerate(lines, start=1):
            try:
                d = _parse_line(raw)
                parsed.append((no, d, JournalEntry.from_dict(d, line=no)))
            except ValueError as exc:
                parsed.append((no, None, None))
                if not (torn and no == len(lines)):  # the incomplete line is already said
                    findings.append(
                        _("{file}, ligne {line} : ligne illisible ({problem})").format(
                            file=name, line=no, problem=exc
                        )
                    )
        present = {e.seq for _no, _d, e in parsed if e is not None}
        prev_hash = ""
        top = 0  # the highest seq seen so far
        by_seq: dict[int, tuple[int, str]] = {}
        for no, d, entry in parsed:
            if entry is None or d is None:
                continue
            where = _("{file}, ligne {line} (entrée n° {seq})").format(
                file=name, line=no, seq=entry.seq
            )
            if entry_hash(d) != entry.hash:
                findings.append(
                    _(
                        "{where} : entrée modifiée après coup "
                        "(son empreinte ne correspond plus à son contenu)"
                    ).format(where=where)
                )
            # one finding per line about its place in the chain
            if entry.seq <= top:
                findings.append(
                    _(
                        "{where} : hors d'ordre après l'entrée n° {top} "
                        "(entrée déplacée ou dupliquée ?)"
                    ).format(where=where, top=top)
                )
            elif entry.seq > top + 1:
                missing = [n for n in range(top + 1, entry.seq) if n not in present]
                if len(missing) == 1:
                    findings.append(
                        _("{where} : entrée n° {first} manquante (supprimée ?)").format(
                            where=where, first=missing[0]
                        )
                    )
                elif missing:
                    findings.append(
                        _("{where} : entrées n° {first} à {last} manquantes (supprimées ?)").format(
                            where=where, first=missing[0], last=missing[-1]
                        )
                    )
                else:
                    findings.append(
                        _(
                            "{where} : hors d'ordre, la n° {expected} était attendue "
                            "(entrées déplacées ?)"
                        ).format(where=where, expected=top + 1)
                    )
            elif entry.prev != prev_hash:
                findings.append(
                    _(
                        "{where} : chaînage rompu avec la ligne précédente (une entrée a été "
                        "supprimée, déplacée ou modifiée)"
                    ).format(where=where)
                )
            by_seq.setdefault(entry.seq, (no, entry.hash))
            prev_hash, top = entry.hash, max(top, entry.seq)
        prev_seq = top
        findings.extend(self._check_head(by_seq, prev_seq))
        return findings

    def _check_head(self, by_seq: dict[int, tuple[int, str]], last_seq: int) -> list[str]:
        try:
            raw = self.head_path.read_bytes()
        except FileNotFoundError:
            if by_seq:
                return [
                    _(
                        "{head} absent : impossible de vérifier que la fin du journal est complète"
                    ).format(head=HEAD_FILE)
                ]
            return []
        try:
            head = orjson.loads(raw)
            seq, h = int(head["seq"]), str(head["hash"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return [
                _("{head} illisible : impossible de vérifier la fin du journal").format(
                    head=HEAD_FILE
                )
            ]
        if seq == 0:
            return []
        if seq not in by_seq:
            if seq > last_seq:
                return [
                    _(
                        "{journal} tronqué : la dernière entrée enregistrée (n° {seq}) est absente "
                        "(le journal s'arrête à la n° {last})"
                    ).format(journal=JOURNAL_FILE, seq=seq, last=last_seq)
                ]
            return [
                _("{journal} : l'entrée n° {seq} (notée dans {head}) est absente").format(
                    journal=JOURNAL_FILE, seq=seq, head=HEAD_FILE
                )
            ]
        no, found = by_seq[seq]
        if found != h:
            return [
                _(
                    "{journal}, ligne {line} : l'entrée n° {seq} ne correspond pas à celle notée "
                    "dans {head} (fin du journal réécrite ?)"
                ).format(journal=JOURNAL_FILE, line=no, seq=seq, head=HEAD_FILE)
            ]
        return []


def _parse_line(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        raise ValueError(_("ligne vide"))
    try:
        d = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(
            _("JSON invalide, colonne {column} : {error}").format(column=exc.colno, error=exc.msg)
        ) from None
    if not isinstance(d, dict):
        raise ValueError(_("ce n'est pas un objet JSON"))
    return d
