"""Importing the files secretaries bring: candidates, jury members, scores.

Each ``parse_*`` function reads a CSV or XLSX file (see :mod:`juryapp.store.tabular`)
and returns an :class:`ImportResult`: the records that are sound, and one
:class:`RowError` per bad field of the others, with the line number the user sees and
the column name as the user wrote it.  A file that cannot be read as a table at all
raises :class:`~juryapp.store.tabular.TableError`.

Values are read the way French spreadsheets write them: decimal comma, spaces between
thousands, dates as ``22/11/2026``, ``2026-11-22`` or ``22 novembre 2026``, yes/no as
``oui``/``non``/``x``...
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from juryapp.domain.errors import describe
from juryapp.domain.models import (
    Candidate,
    ConflictType,
    Epreuve,
    JuryMember,
    Presence,
    Quality,
    Role,
    Score,
    ScoreStatus,
    Session,
    Sex,
    Track,
)
from juryapp.i18n import N_, _, ngettext
from juryapp.store.tabular import (
    ColumnMatch,
    ColumnSpec,
    Row,
    Table,
    TableError,
    match_columns,
    normalize_header,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    read_table,
)

__all__ = [
    "CANDIDATE_COLUMNS",
    "ImportResult",
    "JURY_COLUMNS",
    "RowError",
    "SCORE_COLUMNS",
    "TableError",
    "parse_bool",
    "parse_candidates",
    "parse_date",
    "parse_float",
    "parse_int",
    "parse_jury",
    "parse_scores",
    "parse_track",
]

T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    """One bad field of one line of an imported file."""

    file: str
    line: int
    #: the column as the user named it in the file's header
    field: str
    message: str

    def __str__(self) -> str:
        return _("{file}, ligne {line}, champ {field} : {message}").format(
            file=self.file, line=self.line, field=self.field, message=self.message
        )


@dataclass
class ImportResult(Generic[T]):
    records: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: columns of the file no field claims (kept in ``Candidate.extra`` for candidates)
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str | None = None
    #: data lines read (empty lines not counted)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


# --------------------------------------------------------------------------- columns

_EMAIL_ALIASES = (
    "e-mail",
    "mail",
    "courriel",
    "mél",
    "adresse électronique",
    "adresse mail",
    "adresse e-mail",
    "adresse courriel",
)

CANDIDATE_COLUMNS: dict[str, ColumnSpec] = {
    "id": ColumnSpec(
        N_("identifiant"),
        (
            "identifiant",
            "numéro",
            "n° dossier",
            "nº dossier",
            "no dossier",
            "num dossier",
            "numéro de dossier",
            "numéro dossier",
            "dossier",
            "id candidat",
            "identifiant candidat",
            "n° candidat",
            "numéro candidat",
        ),
        required=True,
    ),
    "last_name": ColumnSpec(
        N_("nom"), ("nom", "nom de famille", "nom d'usage", "last name", "surname"), required=True
    ),
    "first_name": ColumnSpec(N_("prénom"), ("prénom", "prénoms", "first name")),
    "email": ColumnSpec(N_("e-mail"), _EMAIL_ALIASES),
    "track": ColumnSpec(
        N_("filière"),
        ("filière", "voie", "parcours", "année", "niveau", "année d'entrée"),
        required=True,
    ),
    "specialty": ColumnSpec(N_("spécialité"), ("spécialité", "option", "speciality")),
    "diploma": ColumnSpec(N_("diplôme"), ("diplôme", "titre", "diplôme obtenu", "dernier diplôme")),
    "ects": ColumnSpec(
        N_("ECTS"), ("crédits", "crédits ects", "nombre d'ects", "nb ects", "nombre de crédits")
    ),
    "scholarship": ColumnSpec(N_("boursier"), ("boursier", "boursière", "bourse", "boursier(e)")),
    "programmes": ColumnSpec(
        N_("nombre de formations"),
        (
            "formations",
            "nb formations",
            "nombre de formations",
            "nombre de formations demandées",
            "formations demandées",
        ),
    ),
    "foreign_diploma": ColumnSpec(N_("diplôme étranger"), ("diplôme étranger", "foreign diploma")),
    "missing_documents": ColumnSpec(
        N_("pièces manquantes"), ("pièces manquantes", "documents manquants", "pièces absentes")
    ),
    "documents": ColumnSpec(
        N_("pièces fournies"), ("pièces fournies", "documents fournis", "pièces")
    ),
    "toeic": ColumnSpec(N_("TOEIC"), ("score toeic", "toeic score")),
    "english_equivalent": ColumnSpec(
        N_("équivalent anglais"),
        ("équivalent anglais", "équivalence anglais", "certification anglais", "niveau anglais"),
    ),
    "international_experience": ColumnSpec(
        N_("expérience internationale"),
        ("expérience internationale", "mobilité internationale", "expérience à l'international"),
    ),
    "recevabilite_date": ColumnSpec(
        N_("date de recevabilité"), ("date de recevabilité", "date recevabilité", "recevabilité")
    ),
    "validation_filed_date": ColumnSpec(
        N_("date de dépôt"),
        (
            "date de dépôt",
            "date dépôt",
            "date de dépôt du dossier de validation",
            "dépôt validation",
        ),
    ),
    "memoir_received_date": ColumnSpec(
        N_("réception du mémoire"),
        (
            "réception du mémoire",
            "date de réception du mémoire",
            "mémoire reçu le",
            "date réception mémoire",
        ),
    ),
    "dossier_pages": ColumnSpec(
        N_("pages"), ("pages", "nb pages", "nombre de pages", "pages du dossier")
    ),
    "planned_epreuves": ColumnSpec(N_("épreuves prévues"), ("épreuves prévues", "épreuves")),
    "notes": ColumnSpec(
        N_("remarques"), ("remarques", "observations", "commentaire", "commentaires")
    ),
}

JURY_COLUMNS: dict[str, ColumnSpec] = {
    "id": ColumnSpec(
        N_("identifiant"),
        ("identifiant", "code", "login", "id membre", "identifiant membre"),
        required=True,
    ),
    "last_name": ColumnSpec(N_("nom"), ("nom", "nom de famille", "last name"), required=True),
    "first_name": ColumnSpec(N_("prénom"), ("prénom", "first name")),
    "quality": ColumnSpec(
        N_("qualité"), ("qualité", "statut", "fonction", "catégorie"), required=True
    ),
    "role": ColumnSpec(N_("rôle"), ("rôle", "rôle dans le jury", "fonction dans le jury")),
    "sex": ColumnSpec(N_("sexe"), ("sexe", "genre", "civilité")),
    "email": ColumnSpec(N_("e-mail"), _EMAIL_ALIASES),
    "presence": ColumnSpec(N_("présence"), ("présence", "présent")),
    "absence_reason": ColumnSpec(
        N_("motif d'absence"),
        ("motif d'absence", "motif absence", "motif", "raison de l'absence", "raison"),
    ),
}

SCORE_COLUMNS: dict[str, ColumnSpec] = {
    "candidate_id": ColumnSpec(
        N_("candidat"),
        ("candidat", "candidate", "id candidat", "identifiant candidat", "n° candidat", "dossier"),
        required=True,
    ),
    "epreuve": ColumnSpec(
        N_("épreuve"), ("épreuve", "epreuve_id", "id épreuve", "test"), required=True
    ),
    "member": ColumnSpec(
        N_("membre"),
        (
            "membre",
            "member_id",
            "jury",
            "membre du jury",
            "examinateur",
            "examinatrice",
            "évaluateur",
        ),
    ),
    "criterion": ColumnSpec(N_("critère"), ("critère", "criterion_id", "id critère")),
    "score": ColumnSpec(N_("note"), ("note", "valeur", "value"), required=True),
    "comment": ColumnSpec(
        N_("commentaire"), ("commentaire", "commentaires", "remarque", "observation")
    ),
    "source": ColumnSpec(N_("source"), ("source", "origine")),
}


# --------------------------------------------------------------------------- values


class _Bad(ValueError):
    """A cell that cannot be read; the message is for the user, in their language."""


def _q(text: str) -> str:
    return _("« {text} »").format(text=text)


_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


def _email(s: str) -> str:
    text = s.strip()
    if text.casefold().startswith("mailto:"):
        text = text[7:]
    if not _EMAIL.fullmatch(text):
        raise _Bad(_("« {value} » n'est pas une adresse e-mail valide").format(value=text))
    return text


def _items(s: str) -> list[str]:
    """``"CV, lettre ; relevés | diplôme"`` -> the names, in order, without repeats."""
    out: list[str] = []
    for part in re.split(r"[,;|\n]", s):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def _choice(
    s: str, table: Mapping[str, Any], prefixes: Mapping[str, Any], problem: str, **fields: str
) -> Any:
    """The value ``s`` names in ``table`` (exact normalized form) or ``prefixes``;
    ``problem`` is the (translated) message when none, formatted with ``value`` (``s``)
    and ``fields``."""
    key = normalize_header(s)
    if key in table:
        return table[key]
    for prefix, value in prefixes.items():
        if key.startswith(prefix):
            return value
    raise _Bad(problem.format(value=s.strip(), **fields))


_TRACKS: dict[str, Track] = {normalize_header(t.value): t for t in Track}
_TRACK_RE = [
    (
        re.compile(r"(annee)?(1|1e|1er|1ere|1re|1eme|premiere)(annee)?(ingenieur|apprentissage)?"),
        Track.A1,
    ),
    (
        re.compile(
            r"(annee)?(2|2e|2eme|2nde|2de|deuxieme|seconde)(annee)?(ingenieur|apprentissage)?"
        ),
        Track.A2,
    ),
    (re.compile(r"a1"), Track.A1),
    (re.compile(r"a2"), Track.A2),
    (re.compile(r"validationdesacquisdel?experience|vaeingenieur|vaediplomedingenieur"), Track.VAE),
    (re.compile(r"cqpmvae|vaecqpm"), Track.CQPM),
    (
        re.compile(r"contrat(de)?pro(fessionnalisation)?|contratprofessionnalisation"),
        Track.CONTRAT_PRO,
    ),
]


def parse_track(s: str) -> Track:
    """``"1A"``, ``"1ère année"``, ``"première année"`` -> 1A; ``"2e année"`` -> 2A; VAE,
    CQPM, contrat-pro."""
    key = normalize_header(s)
    if key in _TRACKS:
        return _TRACKS[key]
    for pattern, track in _TRACK_RE:
        if pattern.fullmatch(key):
            return track
    allowed = ", ".join(t.value for t in Track)
    raise _Bad(
        _("« {value} » n'est pas une filière connue (attendu : {allowed})").format(
            value=s.strip(), allowed=allowed
        )
    )


_QUALITY = {normalize_header(q.value): q for q in Quality} | {
    "ec": Quality.ENSEIGNANT_CHERCHEUR,
    "mcf": Quality.ENSEIGNANT_CHERCHEUR,
    "maitredeconferences": Quality.ENSEIGNANT_CHERCHEUR,
    "professeur": Quality.ENSEIGNANT_CHERCHEUR,
    "de": Quality.DIRECTEUR_ETUDES,
    "pro": Quality.PROFESSIONNEL,
    "externe": Quality.AUTRE,
    "exterieur": Quality.AUTRE,
    "other": Quality.AUTRE,
}
_QUALITY_PREFIX = {
    "enseignant": Quality.ENSEIGNANT_CHERCHEUR,
    "directeurdesetudes": Quality.DIRECTEUR_ETUDES,
    "directricedesetudes": Quality.DIRECTEUR_ETUDES,
    "directeuretudes": Quality.DIRECTEUR_ETUDES,
    "directriceetudes": Quality.DIRECTEUR_ETUDES,
    "ingenieur": Quality.INGENIEUR,
    "professionnel": Quality.PROFESSIONNEL,
    "autre": Quality.AUTRE,
    "externe": Quality.AUTRE,
    "personnalite": Quality.AUTRE,
    "administrati": Quality.ADMINISTRATIF,
    "personneladministratif": Quality.ADMINISTRATIF,
}
_ROLE = {normalize_header(r.value): r for r in Role} | {
    "presidente": Role.PRESIDENT,
    "secretaireadministratif": Role.SECRETAIRE,
}
_ROLE_PREFIX = {"president": Role.PRESIDENT, "membre": Role.MEMBRE, "secretaire": Role.SECRETAIRE}
_SEX = {
    "f": Sex.F,
    "femme": Sex.F,
    "feminin": Sex.F,
    "mme": Sex.F,
    "madame": Sex.F,
    "mlle": Sex.F,
    "mademoiselle": Sex.F,
    "m": Sex.M,
    "h": Sex.M,
    "homme": Sex.M,
    "masculin": Sex.M,
    "monsieur": Sex.M,
    "mr": Sex.M,
    "x": Sex.X,
    "nonprecise": Sex.X,
    "nonrenseigne": Sex.X,
}
_PRESENCE = {
    "present": Presence.PRESENT,
    "presente": Presence.PRESENT,
    "p": Presence.PRESENT,
    "oui": Presence.PRESENT,
    "absent": Presence.ABSENT,
    "absente": Presence.ABSENT,
    "a": Presence.ABSENT,
    "non": Presence.ABSENT,
    "excuse": Presence.EXCUSED,
    "excusee": Presence.EXCUSED,
    "e": Presence.EXCUSED,
}


# The values listed after "attendu" are what a file may hold (read in French only):
# translators keep them as they are.


def _quality(s: str) -> Quality:
    allowed = ", ".join(q.value for q in Quality)
    # Translators: {allowed} lists the values a file may hold (in French, as they are read)
    problem = _("« {value} » n'est pas une qualité connue (attendu : {allowed})")
    return _choice(s, _QUALITY, _QUALITY_PREFIX, problem, allowed=allowed)


def _role(s: str) -> Role:
    # Translators: keep "président, membre, secrétaire": the words a file may hold
    problem = _("« {value} » n'est pas un rôle connu (attendu : président, membre, secrétaire)")
    return _choice(s, _ROLE, _ROLE_PREFIX, problem)


def _sex(s: str) -> Sex:
    # Translators: keep "F, M ou H, X" (or: F, M or H, X): the letters a file may hold
    problem = _("« {value} » n'est pas un sexe connu (attendu : F, M ou H, X)")
    return _choice(s, _SEX, {}, problem)


def _presence(s: str) -> Presence:
    # Translators: keep "présent, absent, excusé": the words a file may hold
    problem = _("« {value} » n'est pas une présence connue (attendu : présent, absent, excusé)")
    return _choice(s, _PRESENCE, {}, problem)


# --------------------------------------------------------------------------- rows


class _RowReader:
    """Reads the cells of one row, collecting one error per bad field."""

    def __init__(self, match: ColumnMatch, row: Row, header: list[str]) -> None:
        self.match = match
        self.row = row
        self.header = header
        self.kwargs: dict[str, Any] = {}
        #: (column as the user named it, message)
        self.errors: list[tuple[str, str]] = []
        self.bad: set[str] = set()

    def raw(self, name: str) -> str:
        return self.match.get(self.row, name)

    def column(self, name: str) -> str:
        return self.match.header(name) or name

    def fail(self, name: str, message: str) -> None:
        self.bad.add(name)
        self.errors.append((self.column(name), message))

    def take(self, name: str, convert: Callable[[str], Any] = str, key: str | None = None) -> Any:
        """Convert the cell of field ``name`` into ``kwargs[key or name]``; empty = absent."""
        text = self.raw(name)
        if not text:
            return None
        try:
            value = convert(text)
        except ValueError as exc:
            self.fail(name, str(exc))
            return None
        self.kwargs[key or name] = value
        return value

    def build(self, model: type[BaseModel], fallback: str) -> Any:
        """The model from ``kwargs``, or None with the validation errors recorded."""
        try:
            record = model(**self.kwargs)
        except ValidationError as exc:
            for name, message in describe(exc):
                name = name or fallback
                if name in self.bad:
                    continue
                self.fail(name, message)
            return None
        return None if self.errors else record

    def check_overflow(self) -> None:
        if self.row.extra_cells:
            cells = ", ".join(_q(c) for c in self.row.extra_cells[:3])
            self.errors.append(
                (
                    _("colonnes"),
                    ngettext(
                        "{n} cellule au-delà de la dernière colonne de l'en-tête ({cells}) :"
                        " séparateur ou guillemet mal placé ?",
                        "{n} cellules au-delà de la dernière colonne de l'en-tête ({cells}) :"
                        " séparateur ou guillemet mal placé ?",
                        len(self.row.extra_cells),
                    ).format(n=len(self.row.extra_cells), cells=cells),
                )
            )

    def row_errors(self, file: str) -> list[RowError]:
        order = {h: i for i, h in enumerate(self.header)}
        ordered = sorted(self.errors, key=lambda e: order.get(e[0], len(order)))
        return [RowError(file, self.row.line, f, m) for f, m in ordered]


def _open(
    path: Path, spec: Mapping[str, ColumnSpec], **optional: bool
) -> tuple[Table, ColumnMatch]:
    table = read_table(Path(path))
    if optional:
        spec = {
            k: (ColumnSpec(v.label, v.aliases, required=False) if optional.get(k) else v)
            for k, v in spec.items()
        }
    match = match_columns(table.header, spec, file=table.source or Path(path).name)
    return table, match


def _result(table: Table, match: ColumnMatch) -> ImportResult[Any]:
    return ImportResult(
        unknown_columns=list(match.unknown),
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows_read=len(table.rows),
    )


class _Ids:
    """Ids seen so far in a file (case ignored), to report the second occurrence."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def clash(self, ident: str, line: int) -> int | None:
        key = ident.strip().casefold()
        if not key:
            return None
        if key in self.seen:
            return self.seen[key]
        self.seen[key] = line
        return None


# --------------------------------------------------------------------------- candidates


def parse_candidates(path: Path, *, default_track: Track | None = None) -> ImportResult[Candidate]:
    """Read a list of candidates (CSV or XLSX).

    Required columns: identifiant, nom, filière (the latter may be left out when
    ``default_track`` is given).  Columns juryapp does not know are kept, non-empty
    cells only, in ``Candidate.extra``.
    """
    path = Path(path)
    table, match = _open(path, CANDIDATE_COLUMNS, track=default_track is not None)
    result: ImportResult[Candidate] = _result(table, match)
    file = table.source or path.name
    ids = _Ids()

    for row in table.rows:
        r = _RowReader(match, row, table.header)
        r.check_overflow()
        r.kwargs["id"] = r.raw("id")
        r.kwargs["last_name"] = r.raw("last_name")
        r.take("first_name")
        r.take("email", _email)
        if "track" in match and r.raw("track"):
            r.take("track", parse_track)
        elif default_track is not None:
            r.kwargs["track"] = default_track
        else:
            r.fail("track", _("valeur obligatoire manquante"))
        r.take("specialty")
        r.take("diploma")
        r.take("ects", lambda s: parse_int(s, units=("ects", "crédits?", "credits?")))
        r.take("scholarship", parse_bool)
        r.take("programmes", parse_int)
        r.take("foreign_diploma", parse_bool)
        r.take("toeic", lambda s: parse_int(s, units=("points?", "pts")))
        r.take("english_equivalent")
        r.take("international_experience", parse_bool)
        r.take("recevabilite_date", parse_date)
        r.take("validation_filed_date", parse_date)
        r.take("memoir_received_date", parse_date)
        r.take("dossier_pages", lambda s: parse_int(s, units=("pages?", "p\\.?")))
        r.take("planned_epreuves", _items)
        r.take("notes")

        documents: dict[str, bool] = {}
        for name in _items(r.raw("documents")):
            documents[name] = True
        for name in _items(r.raw("missing_documents")):
            if documents.get(name):
                r.fail(
                    "missing_documents",
                    _("pièce « {name} » à la fois fournie et manquante").format(name=name),
                )
            documents[name] = False
        if documents:
            r.kwargs["documents"] = documents

        extra = {h: row.values[h] for h in match.unknown if row.values.get(h)}
        if extra:
            r.kwargs["extra"] = extra

        first = ids.clash(r.raw("id"), row.line)
        if first is not None:
            r.fail(
                "id",
                _("identifiant « {value} » déjà utilisé ligne {line}").format(
                    value=r.raw("id"), line=first
                ),
            )

        record = r.build(Candidate, fallback="id")
        if record is not None:
            result.records.append(record)
        result.errors.extend(r.row_errors(file))
    return result


# --------------------------------------------------------------------------- jury


def parse_jury(path: Path) -> ImportResult[JuryMember]:
    """Read the jury (CSV or XLSX): identifiant, nom, prénom, qualité, rôle, sexe, e-mail,
    and optionally présence and motif d'absence."""
    path = Path(path)
    table, match = _open(path, JURY_COLUMNS)
    result: ImportResult[JuryMember] = _result(table, match)
    file = table.source or path.name
    ids = _Ids()
    president: tuple[str, int] | None = None

    for row in table.rows:
        r = _RowReader(match, row, table.header)
        r.check_overflow()
        r.kwargs["id"] = r.raw("id")
        r.kwargs["last_name"] = r.raw("last_name")
        r.take("first_name")
        if r.raw("quality"):
            r.take("quality", _quality)
        else:
            r.fail("quality", _("valeur obligatoire manquante"))
        role = r.take("role", _role)
        r.take("sex", _sex)
        r.take("email", _email)
        r.take("presence", _presence)
        r.take("absence_reason")

        first = ids.clash(r.raw("id"), row.line)
        if first is not None:
            r.fail(
                "id",
                _("identifiant « {value} » déjà utilisé ligne {line}").format(
                    value=r.raw("id"), line=first
                ),
            )
        if role is Role.PRESIDENT:
            if president is not None:
                r.fail(
                    "role",
                    _("le jury a déjà un président ({who}, ligne {line})").format(
                        who=president[0], line=president[1]
                    ),
                )
            else:
                president = (r.raw("id") or r.raw("last_name"), row.line)

        fallback = "absence_reason" if "absence_reason" in match else "presence"
        record = r.build(JuryMember, fallback=fallback)
        if record is not None:
            result.records.append(record)
        result.errors.extend(r.row_errors(file))
    return result


# --------------------------------------------------------------------------- scores

#: the kinds of conflict in the message refusing a score (translated when shown)
_CONFLICT_LABELS = {
    ConflictType.RELATIONSHIP: N_("relation personnelle ou professionnelle"),
    ConflictType.COACHED: N_("a accompagné ou préparé le candidat"),
    ConflictType.COLLEAGUE: N_("collègue"),
    ConflictType.OTHER: N_("autre"),
}
_ABSTAINED = {"abs", "abstention", "abstenu", "abstenue", "abstain", "abstained", "abstient"}
_RECUSED = {"recuse", "recusee", "recusal", "recused", "recusation"}


def _finder(items: list[Any], *keys: Callable[[Any], str]) -> Callable[[str], Any]:
    """Find an item by id (exact, then case ignored), then by normalized names.

    The finder returns the item, or None; it raises ValueError when a name fits several.
    """
    exact = {getattr(i, "id", None): i for i in items}
    folded: dict[str, Any] = {}
    named: dict[str, list[Any]] = {}
    for item in items:
        folded.setdefault(item.id.casefold(), item)
        for key in keys:
            n = normalize_header(key(item))
            if n and item not in named.setdefault(n, []):
                named[n].append(item)

    def find(text: str) -> Any:
        text = text.strip()
        if text in exact:
            return exact[text]
        if text.casefold() in folded:
            return folded[text.casefold()]
        hits = named.get(normalize_header(text), [])
        if len(hits) > 1:
            ids = ", ".join(h.id for h in hits)
            raise _Bad(
                _("« {value} » est ambigu ({ids}) : donnez l'identifiant").format(
                    value=text, ids=ids
                )
            )
        return hits[0] if hits else None

    return find


def _lookup(r: _RowReader, name: str, find: Callable[[str], Any], empty: str, unknown: str) -> Any:
    """The session item the cell of ``name`` designates, or None with an error noted."""
    text = r.raw(name)
    if not text:
        r.fail(name, empty)
        return None
    try:
        item = find(text)
    except ValueError as exc:
        r.fail(name, str(exc))
        return None
    if item is None:
        r.fail(name, unknown)
    return item


def parse_scores(
    path: Path, session: Session, *, at: dt.datetime | None = None
) -> ImportResult[Score]:
    """Read scores (CSV or XLSX) for ``session``.

    Columns: candidat, épreuve (id or name), membre (empty = external source), critère
    (may be empty for a single-criterion épreuve), note (a number, ``ABS`` for an
    abstention, ``récusé`` for a recusal), commentaire, source.  Each value is checked
    against the session: known candidate, épreuve, member and criterion, a value on the
    criterion's scale, and no hard conflict of interest between member and candidate.
    """
    path = Path(path)
    at = at or dt.datetime.now(dt.UTC)
    table, match = _open(path, SCORE_COLUMNS)
    result: ImportResult[Score] = _result(table, match)
    file = table.source or path.name

    find_candidate = _finder(session.candidates)
    find_epreuve = _finder(session.epreuves, lambda e: e.name)
    find_member = _finder(
        session.jury,
        lambda m: f"{m.first_name} {m.last_name}",
        lambda m: f"{m.last_name} {m.first_name}",
        lambda m: m.last_name,
    )
    seen: dict[tuple[str, str, str, str], int] = {}

    for row in table.rows:
        r = _RowReader(match, row, table.header)
        r.check_overflow()

        cand_text = r.raw("candidate_id")
        candidate = _lookup(
            r,
            "candidate_id",
            find_candidate,
            _("candidat manquant"),
            _("candidat « {value} » inconnu dans la session").format(value=cand_text),
        )
        ep_text = r.raw("epreuve")
        known = ", ".join(e.id for e in session.epreuves) or _("aucune")
        epreuve: Epreuve | None = _lookup(
            r,
            "epreuve",
            find_epreuve,
            _("épreuve manquante"),
            _("épreuve « {value} » inconnue (épreuves : {known})").format(
                value=ep_text, known=known
            ),
        )
        member_text = r.raw("member")
        member = None
        if member_text:  # empty: an external source
            member = _lookup(
                r,
                "member",
                find_member,
                "",
                _("« {value} » ne fait pas partie du jury de la session").format(value=member_text),
            )

        criterion = None
        if epreuve is not None:
            crit_text = r.raw("criterion")
            known = ", ".join(c.id for c in epreuve.criteria)
            if crit_text:
                criterion = _lookup(
                    r,
                    "criterion",
                    _finder(epreuve.criteria, lambda c: c.label),
                    "",
                    _(
                        "critère « {value} » inconnu pour l'épreuve {epreuve} (critères : {known})"
                    ).format(value=crit_text, epreuve=epreuve.id, known=known),
                )
            elif len(epreuve.criteria) == 1:
                criterion = epreuve.criteria[0]
            else:
                r.fail(
                    "criterion",
                    _("critère obligatoire : l'épreuve {epreuve} en a plusieurs ({known})").format(
                        epreuve=epreuve.id, known=known
                    ),
                )

        status = ScoreStatus.SCORED
        value: float | None = None
        score_text = r.raw("score")
        key = normalize_header(score_text)
        comment = r.raw("comment")
        if not score_text:
            r.fail("score", _("note manquante"))
        elif key in _ABSTAINED:
            status = ScoreStatus.ABSTAINED
        elif key in _RECUSED:
            status = ScoreStatus.RECUSED
        else:
            try:
                value = parse_float(score_text)
            except ValueError as exc:
                r.fail("score", str(exc))
            else:
                if criterion is not None and (why := criterion.check_value(value)):
                    r.fail("score", why)
        if status is not ScoreStatus.SCORED and not member_text:
            r.fail("score", _("une abstention ou une récusation doit venir d'un membre du jury"))

        if member is not None and candidate is not None and status is not ScoreStatus.RECUSED:
            conflict = session.hard_conflict(member.id, candidate.id)
            if conflict is not None:
                label = _CONFLICT_LABELS.get(conflict.type)
                kind = _(label) if label else str(conflict.type)
                if conflict.note:
                    problem = _(
                        "{member} a un conflit d'intérêts ({kind} : {note})"
                        " avec le candidat {candidate} : note refusée"
                    )
                else:
                    problem = _(
                        "{member} a un conflit d'intérêts ({kind})"
                        " avec le candidat {candidate} : note refusée"
                    )
                r.fail(
                    "member",
                    problem.format(
                        member=member.full_name,
                        kind=kind,
                        note=conflict.note,
                        candidate=candidate.id,
                    ),
                )

        if member_text:
            source = ""
        else:
            # not translated: the source is data (part of the key of the score)
            source = r.raw("source") or (
                f"{epreuve.name} (source externe)" if epreuve is not None else "source externe"
            )
        r.kwargs.update(
            candidate_id=candidate.id if candidate else cand_text or "?",
            epreuve_id=epreuve.id if epreuve else "?",
            criterion_id=criterion.id if criterion else "?",
            member_id=member.id if member else None,
            source=source,
            value=value,
            status=status,
            comment="" if status is not ScoreStatus.SCORED else comment,
            reason=comment if status is not ScoreStatus.SCORED else "",
            at=at,
        )

        if candidate and epreuve and criterion and (member or not member_text):
            who = member.id if member else f"ext:{source}"
            k = (who, candidate.id, epreuve.id, criterion.id)
            if k in seen:
                r.fail(
                    "score",
                    _(
                        "{candidate}, {epreuve}, {criterion} déjà noté par {who} ligne {line}"
                    ).format(
                        candidate=candidate.id,
                        epreuve=epreuve.id,
                        criterion=criterion.id,
                        who=member.full_name if member else source,
                        line=seen[k],
                    ),
                )
            elif not r.errors:
                seen[k] = row.line  # only accepted lines count as a first occurrence

        if r.errors:
            result.errors.extend(r.row_errors(file))
            continue
        record = r.build(Score, fallback="score")
        if record is not None:
            result.records.append(record)
        result.errors.extend(r.row_errors(file))
    return result


def keep_overall_comments(scores: Sequence[Score], saved: Iterable[Score]) -> list[Score]:
    """``scores`` (imported) with the overall comment of the saved score each replaces.

    A file of scores has no column for a member's overall comment on an épreuve
    (:attr:`Score.overall_comment`): importing a score over one the member gave keeps it,
    as importing a jury keeps the PINs already set."""
    kept = {s.key: s.overall_comment for s in saved if s.overall_comment}
    return [
        s.model_copy(update={"overall_comment": kept[s.key]})
        if not s.overall_comment and s.key in kept
        else s
        for s in scores
    ]
