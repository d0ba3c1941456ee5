"""Validation errors put in words a jury secretary understands (French)."""

from __future__ import annotations

from pydantic import ValidationError

_FIELD_NAMES = {
    "id": "identifiant",
    "last_name": "nom",
    "first_name": "prénom",
    "email": "e-mail",
    "track": "filière",
    "specialty": "spécialité",
    "diploma": "diplôme",
    "ects": "ECTS",
    "scholarship": "boursier",
    "programmes": "nombre de formations demandées",
    "toeic": "TOEIC",
    "international_experience": "expérience internationale",
    "recevabilite_date": "date de recevabilité",
    "validation_filed_date": "date de dépôt du dossier de validation",
    "dossier_pages": "nombre de pages du dossier",
    "quality": "qualité",
    "role": "rôle",
    "sex": "sexe",
    "presence": "présence",
    "value": "note",
    "kind": "type",
    "places": "nombre de places",
    "dates": "dates",
}


def field_label(loc: tuple[str | int, ...]) -> str:
    """``('candidates', 3, 'ects')`` -> ``ects``; the last named part, as the user knows it."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return ""
    return names[-1]


def _message(err: dict) -> str:
    t = err.get("type", "")
    ctx = err.get("ctx") or {}
    inp = err.get("input")
    shown = repr(inp) if not isinstance(inp, str) else f"« {inp} »"
    if t == "missing":
        return "valeur obligatoire manquante"
    if t == "extra_forbidden":
        return "champ inconnu"
    if t == "string_too_short":
        return "ne doit pas être vide"
    if t == "string_too_long":
        return f"trop long (au plus {ctx.get('max_length')} caractères)"
    if t == "string_pattern_mismatch":
        return f"{shown} : seuls lettres, chiffres, tiret, point et souligné sont permis"
    if t == "enum":
        return f"{shown} n'est pas une valeur permise (attendu : {ctx.get('expected', '')})"
    if t in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown} n'est pas un nombre entier"
    if t in ("float_parsing", "float_type"):
        return f"{shown} n'est pas un nombre"
    if t in ("bool_parsing", "bool_type"):
        return f"{shown} n'est pas oui/non"
    if t in (
        "date_parsing",
        "date_from_datetime_parsing",
        "date_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "datetime_type",
    ):
        return f"{shown} n'est pas une date valide (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"
    if t == "greater_than_equal":
        return f"{shown} doit être au moins {ctx.get('ge')}"
    if t == "greater_than":
        return f"{shown} doit être supérieur à {ctx.get('gt')}"
    if t == "less_than_equal":
        return f"{shown} doit être au plus {ctx.get('le')}"
    if t == "less_than":
        return f"{shown} doit être inférieur à {ctx.get('lt')}"
    if t == "too_short":
        return "ne doit pas être vide"
    if t == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        return msg.removeprefix("Value error, ")
    return err.get("msg", "valeur invalide")


def describe(exc: ValidationError) -> list[tuple[str, str]]:
    """Each problem of ``exc`` as (field, message in French)."""
    out: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        out.append((field_label(tuple(err.get("loc", ()))), _message(err)))
    return out


def describe_text(exc: ValidationError) -> str:
    """All problems of ``exc`` on one line: ``champ ects : doit être au plus 600; ...``."""
    parts = []
    for field, msg in describe(exc):
        label = _FIELD_NAMES.get(field, field)
        parts.append(
            f"champ {label} ({field}) : {msg}"
            if field and label != field
            else (f"champ {field} : {msg}" if field else msg)
        )
    return " ; ".join(parts)
