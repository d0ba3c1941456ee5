"""Validation errors put in words a jury secretary understands (in the user's language)."""

from __future__ import annotations

from pydantic import ValidationError

from juryapp.i18n import N_, _

_FIELD_NAMES = {
    "id": N_("identifiant"),
    "last_name": N_("nom"),
    "first_name": N_("prénom"),
    "email": N_("e-mail"),
    "track": N_("filière"),
    "specialty": N_("spécialité"),
    "diploma": N_("diplôme"),
    "ects": N_("ECTS"),
    "scholarship": N_("boursier"),
    "programmes": N_("nombre de formations demandées"),
    "toeic": N_("TOEIC"),
    "international_experience": N_("expérience internationale"),
    "recevabilite_date": N_("date de recevabilité"),
    "validation_filed_date": N_("date de dépôt du dossier de validation"),
    "dossier_pages": N_("nombre de pages du dossier"),
    "quality": N_("qualité"),
    "role": N_("rôle"),
    "sex": N_("sexe"),
    "presence": N_("présence"),
    "value": N_("note"),
    "kind": N_("type"),
    "places": N_("nombre de places"),
    "dates": N_("dates"),
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
        return _("valeur obligatoire manquante")
    if t == "extra_forbidden":
        return _("champ inconnu")
    if t == "string_too_short":
        return _("ne doit pas être vide")
    if t == "string_too_long":
        return _("trop long (au plus {n} caractères)").format(n=ctx.get("max_length"))
    if t == "string_pattern_mismatch":
        return _("{value} : seuls lettres, chiffres, tiret, point et souligné sont permis").format(
            value=shown
        )
    if t == "enum":
        return _("{value} n'est pas une valeur permise (attendu : {expected})").format(
            value=shown, expected=ctx.get("expected", "")
        )
    if t in ("int_parsing", "int_type", "int_from_float"):
        return _("{value} n'est pas un nombre entier").format(value=shown)
    if t in ("float_parsing", "float_type"):
        return _("{value} n'est pas un nombre").format(value=shown)
    if t in ("bool_parsing", "bool_type"):
        return _("{value} n'est pas oui/non").format(value=shown)
    if t in (
        "date_parsing",
        "date_from_datetime_parsing",
        "date_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "datetime_type",
    ):
        return _("{value} n'est pas une date valide (attendu AAAA-MM-JJ ou JJ/MM/AAAA)").format(
            value=shown
        )
    if t == "greater_than_equal":
        return _("{value} doit être au moins {limit}").format(value=shown, limit=ctx.get("ge"))
    if t == "greater_than":
        return _("{value} doit être supérieur à {limit}").format(value=shown, limit=ctx.get("gt"))
    if t == "less_than_equal":
        return _("{value} doit être au plus {limit}").format(value=shown, limit=ctx.get("le"))
    if t == "less_than":
        return _("{value} doit être inférieur à {limit}").format(value=shown, limit=ctx.get("lt"))
    if t == "too_short":
        return _("ne doit pas être vide")
    if t == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        return msg.removeprefix("Value error, ")
    return err.get("msg") or _("valeur invalide")


def describe(exc: ValidationError) -> list[tuple[str, str]]:
    """Each problem of ``exc`` as (field, message in the user's language)."""
    out: list[tuple[str, str]] = []
    for err in exc.errors(include_url=False):
        out.append((field_label(tuple(err.get("loc", ()))), _message(err)))
    return out


def describe_text(exc: ValidationError) -> str:
    """All problems of ``exc`` on one line: ``champ ects : doit être au plus 600; ...``."""
    parts = []
    for field, msg in describe(exc):
        label = _(_FIELD_NAMES[field]) if field in _FIELD_NAMES else field
        if field and label != field:
            parts.append(
                _("champ {label} ({field}) : {message}").format(
                    label=label, field=field, message=msg
                )
            )
        elif field:
            parts.append(_("champ {field} : {message}").format(field=field, message=msg))
        else:
            parts.append(msg)
    # Translators: between the items of a list of problems (French typography: " ; ")
    return _(" ; ").join(parts)
