"""Is the jury properly composed?  Findings (errors and warnings) in French.

Pure rules, no I/O.  Definitions used here:

* **jury members**: everyone whose role is ``president`` or ``membre``; secretaries take
  no part in the composition (they do not vote);
* **sitting**: a jury member whose presence is ``present``;
* **categories (VAE validation, seed 000)**: 3 enseignants-chercheurs, 3 practising
  engineers and the director of studies are counted among the *appointed* jury members
  (present or not).  A shortfall there is an error (the appointment is not compliant); a
  member appointed but absent or excused is a warning naming them, and saying which
  category is then short among those sitting;
* **academic majority** (VAE validation): enseignants-chercheurs + director of studies must
  be *strictly more than half* of those sitting; otherwise a warning;
* **gender balance** (every kind): among those sitting whose sex is known (F or M), when
  there are at least 3 of them, a warning when one sex is less than one third;
* **quorum** (every kind): a president appointed and present, and at least 2 sitting
  members (president included); errors otherwise.  With ``candidate_id``, members with a
  hard conflict with that candidate do not count as sitting (nor for the majority and
  balance warnings);
* **conflicts of interest**: with ``candidate_id``, a *hard* conflict of a sitting member
  with that candidate is an error (the member must withdraw for that candidate), a soft
  one a warning; without ``candidate_id``, one warning lists every hard conflict of the jury;
* **CQPM**: professionals of the trade are expected (seed 002): a warning if none sits.
"""

from __future__ import annotations

from collections.abc import Iterable

from juryapp.i18n import N_, _, ngettext

from .findings import Finding
from .kinds import QUALITY_LABELS, presence_label_of, quality_label_of
from .models import Conflict, JuryMember, Quality, Role, SessionKind, Sex

#: Required number of appointed members per quality for a VAE validation jury (seed 000).
VAE_REQUIRED: dict[Quality, int] = {
    Quality.ENSEIGNANT_CHERCHEUR: 3,
    Quality.INGENIEUR: 3,
    Quality.DIRECTEUR_ETUDES: 1,
}

MIN_SITTING = 2

_ACADEMIC = (Quality.ENSEIGNANT_CHERCHEUR, Quality.DIRECTEUR_ETUDES)

#: French msgids: translated where the findings are written
_CONFLICT_LABELS = {
    "relationship": N_("lien personnel ou professionnel"),
    "coached": N_("a accompagné ou préparé le candidat"),
    "colleague": N_("collègue"),
    "other": N_("autre"),
}


def is_jury_member(m: JuryMember) -> bool:
    """President or member (not a secretary)."""
    return m.role in (Role.PRESIDENT, Role.MEMBRE)


def sitting_members(jury: Iterable[JuryMember]) -> list[JuryMember]:
    """The jury members present (secretaries excluded)."""
    return [m for m in jury if is_jury_member(m) and m.is_present]


def _conflict_label(kind: str) -> str:
    label = _CONFLICT_LABELS.get(kind)
    return _(label) if label is not None else kind


def _quality(quality: Quality) -> str:
    return _(QUALITY_LABELS[quality]).lower()


#: the qualities a VAE validation jury counts, in the plural
_QUALITY_PLURALS: dict[Quality, str] = {
    Quality.ENSEIGNANT_CHERCHEUR: N_("enseignants-chercheurs"),
    Quality.INGENIEUR: N_("ingénieurs en exercice"),
    Quality.DIRECTEUR_ETUDES: N_("directeurs des études"),
}


def _qualities(quality: Quality, n: int) -> str:
    """« 3 enseignants-chercheurs », « 1 directeur des études »: the count and the quality."""
    label = (
        _(_QUALITY_PLURALS[quality]) if n > 1 and quality in _QUALITY_PLURALS else _quality(quality)
    )
    return f"{n} {label}"


def check_composition(
    kind: SessionKind,
    jury: list[JuryMember],
    conflicts: Iterable[Conflict] = (),
    candidate_id: str | None = None,
) -> list[Finding]:
    """Everything wrong or worth noting about ``jury`` for a session of ``kind``.

    Errors first, then warnings; see the module docstring for the rules.
    """
    kind = SessionKind(kind)
    conflicts = list(conflicts)
    out: list[Finding] = []
    appointed = [m for m in jury if is_jury_member(m)]
    present = sitting_members(jury)
    if candidate_id is not None:
        # for one candidate, a member with a hard conflict does not sit
        withdrawn = {c.member_id for c in conflicts if c.hard and c.candidate_id == candidate_id}
        sitting = [m for m in present if m.id not in withdrawn]
    else:
        sitting = present

    # president
    presidents = [m for m in appointed if m.role is Role.PRESIDENT]
    if not presidents:
        out.append(Finding("error", "no-president", _("aucun président du jury n'est désigné")))
    elif len(presidents) > 1:
        names = ", ".join(m.full_name for m in presidents)
        out.append(
            Finding(
                "error",
                "several-presidents",
                _("plusieurs présidents sont désignés : {names}").format(names=names),
            )
        )
    elif not presidents[0].is_present:
        out.append(
            Finding(
                "error",
                "president-absent",
                _(
                    "le président du jury ({name}) n'est pas présent : "
                    "désigner un président de séance"
                ).format(name=presidents[0].full_name),
            )
        )

    # quorum
    if len(sitting) < MIN_SITTING:
        out.append(
            Finding(
                "error",
                "quorum",
                ngettext(
                    "{n} membre du jury présent : il en faut au moins {needed}",
                    "{n} membres du jury présents : il en faut au moins {needed}",
                    len(sitting),
                ).format(n=len(sitting), needed=MIN_SITTING),
            )
        )

    # categories (VAE validation)
    if kind is SessionKind.VAE_VALIDATION:
        for quality, needed in VAE_REQUIRED.items():
            have = sum(1 for m in appointed if m.quality is quality)
            if have < needed:
                short = needed - have
                out.append(
                    Finding(
                        "error",
                        f"missing-{quality.value}",
                        # « composition : 2 sur 3 enseignants-chercheurs requis — il en manque 1 »
                        _("composition : {have} sur {needed} requis — il en manque {short}").format(
                            have=have, needed=_qualities(quality, needed), short=short
                        ),
                    )
                )
        for quality, needed in VAE_REQUIRED.items():
            have_app = sum(1 for m in appointed if m.quality is quality)
            have_sit = sum(1 for m in sitting if m.quality is quality)
            if have_app >= needed > have_sit:
                out.append(
                    Finding(
                        "warning",
                        f"absent-{quality.value}",
                        # « du fait des absences : 3 enseignants-chercheurs prévus, 2 siègent »
                        _("du fait des absences : {needed}, {sitting}").format(
                            needed=ngettext("{who} prévu", "{who} prévus", needed).format(
                                who=_qualities(quality, needed)
                            ),
                            sitting=_("aucun ne siège")
                            if have_sit == 0
                            else ngettext("{n} siège", "{n} siègent", have_sit).format(n=have_sit),
                        ),
                    )
                )

    # hard conflicts of sitting members
    sitting_ids = {m.id for m in present}
    names = {m.id: m.full_name for m in jury}
    if candidate_id is not None:
        for c in conflicts:
            if c.candidate_id != candidate_id or c.member_id not in sitting_ids:
                continue
            label = _conflict_label(c.type.value)
            if c.hard:
                out.append(
                    Finding(
                        "error",
                        "conflict",
                        _(
                            "{name} a un conflit d'intérêts avec le candidat {candidate} "
                            "({label}) et ne siège pas pour ce candidat"
                        ).format(name=names[c.member_id], candidate=candidate_id, label=label),
                    )
                )
            else:
                out.append(
                    Finding(
                        "warning",
                        "soft-conflict",
                        _(
                            "{name} a un lien déclaré avec le candidat {candidate} "
                            "({label}) : à mentionner au procès-verbal"
                        ).format(name=names[c.member_id], candidate=candidate_id, label=label),
                    )
                )

    # --- warnings
    for m in appointed:
        if not m.is_present:
            # « Hélène Martin (enseignante-chercheuse) est excusée »
            text = _("{name} ({quality}) : {presence}").format(
                name=m.full_name,
                quality=_(quality_label_of(m)).lower(),
                presence=_(presence_label_of(m)).lower(),
            )
            if m.absence_reason:
                text += _(" — motif : {reason}").format(reason=m.absence_reason)
            out.append(Finding("warning", "member-absent", text))

    if kind is SessionKind.VAE_VALIDATION and sitting:
        academics = sum(1 for m in sitting if m.quality in _ACADEMIC)
        if academics * 2 <= len(sitting):
            out.append(
                Finding(
                    "warning",
                    "academic-majority",
                    # « 2 membres académiques (enseignants-chercheurs, directeur des études)
                    # sur 5 membres siégeants : pas de majorité académique »
                    _("{academics} sur {sitting} : pas de majorité académique").format(
                        academics=ngettext(
                            "{n} membre académique (enseignant-chercheur, directeur des études)",
                            "{n} membres académiques (enseignants-chercheurs, directeur des études)",
                            academics,
                        ).format(n=academics),
                        sitting=ngettext(
                            "{n} membre siégeant", "{n} membres siégeants", len(sitting)
                        ).format(n=len(sitting)),
                    ),
                )
            )

    known = [m for m in sitting if m.sex in (Sex.F, Sex.M)]
    if len(known) >= 3:
        women = sum(1 for m in known if m.sex is Sex.F)
        men = len(known) - women
        if min(women, men) * 3 < len(known):
            out.append(
                Finding(
                    "warning",
                    "gender-balance",
                    _(
                        "composition déséquilibrée : {women} et {men} parmi les membres "
                        "siégeants (moins d'un tiers pour l'un des sexes)"
                    ).format(
                        women=ngettext("{n} femme", "{n} femmes", women).format(n=women),
                        men=ngettext("{n} homme", "{n} hommes", men).format(n=men),
                    ),
                )
            )

    if kind is SessionKind.CQPM and not any(m.quality is Quality.PROFESSIONNEL for m in sitting):
        out.append(
            Finding(
                "warning",
                "no-professional",
                _(
                    "aucun professionnel du métier ne siège : le jury d'un CQPM "
                    "réunit des professionnels spécialistes du métier"
                ),
            )
        )

    if candidate_id is None:
        hard = [c for c in conflicts if c.hard and c.member_id in names]
        if hard:
            listed = "; ".join(
                f"{names[c.member_id]} / {c.candidate_id} ({_conflict_label(c.type.value)})"
                for c in hard
            )
            out.append(
                Finding(
                    "warning",
                    "conflicts",
                    _(
                        "conflits d'intérêts déclarés (le membre ne siège pas pour ce "
                        "candidat) : {conflicts}"
                    ).format(conflicts=listed),
                )
            )

    out.sort(key=lambda f: 0 if f.level == "error" else 1)
    return out
