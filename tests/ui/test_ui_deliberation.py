"""The deliberation screen on a copy of the demo session: the score sheet, the decisions,
the ranked lists, read-only for members, live updates."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import Button, Input, Static, TabbedContent
from uihelpers import settle

from juryapp.cli import bundled_sample
from juryapp.domain.aggregation import candidate_result, expected_scorers
from juryapp.domain.models import (
    Conflict,
    ConflictType,
    Decision,
    DecisionStage,
    DecisionValue,
    Score,
    ScoreStatus,
    Session,
)
from juryapp.domain.queue import in_tests
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.deliberation import (
    LIMIT_KEY,
    DecisionModal,
    DeliberationScreen,
    SheetView,
)
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.widgets import FastTable
from juryapp.ui.widgets.choice import BlocList, Choice

PRESIDENT = "prez-martin"


async def open_deliberation(pilot) -> DeliberationScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.push_screen(DeliberationScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DeliberationScreen)
    return screen


async def open_ranking(pilot) -> tuple[DeliberationScreen, FastTable]:  # type: ignore[no-untyped-def]
    """The deliberation's ranked list (« l »)."""
    screen = await open_deliberation(pilot)
    await pilot.press("l")
    await pilot.pause()
    return screen, screen.query_one("#delib-ranked", FastTable)


async def highlight(pilot, screen: DeliberationScreen, candidate_id: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one("#delib-candidates", FastTable)
    table.cursor_key = candidate_id
    await pilot.pause()
    assert table.cursor_key == candidate_id
    assert screen.sheet is not None and screen.sheet.candidate_id == candidate_id


def sheet_text(screen: DeliberationScreen) -> str:
    """The whole score sheet of the highlighted candidate, as plain text."""
    return screen.query_one("#delib-detail", SheetView).plain


def paragraph(text: str, marker: str) -> str:
    """The lines from the one holding ``marker`` to the next blank line, joined."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if marker in line)
    out = []
    for line in lines[start:]:
        if not line.strip():
            break
        out.append(line.strip())
    return " ".join(out)


def latest_submitted(session: Session, candidate_id: str) -> dict[tuple[str, str, str], Score]:
    """(who, épreuve, criterion) -> the latest submitted score, straight from the data."""
    out: dict[tuple[str, str, str], Score] = {}
    for s in session.scores:
        if s.candidate_id != candidate_id or not s.submitted:
            continue
        key = (s.who, s.epreuve_id, s.criterion_id)
        if key not in out or s.at >= out[key].at:
            out[key] = s
    return out


def fr(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def undecided(session: Session) -> list[str]:
    return [
        c.id
        for c in session.candidates
        if in_tests(session, c.id)
        and session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is None
        and session.hard_conflict(PRESIDENT, c.id) is None
    ]


# --------------------------------------------------------------------------- the sheet


async def test_grid_shows_every_members_scores(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    # the candidate scored by the most members, and one with an abstention
    by_members = {
        c.id: len({s.member_id for s in session.scores_for(c.id) if s.member_id and s.submitted})
        for c in session.candidates
    }
    busiest = max(by_members, key=lambda cid: (by_members[cid], cid))
    abstainer = next(s for s in session.scores if s.status is ScoreStatus.ABSTAINED)
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_deliberation(pilot)
        for cid in (busiest, abstainer.candidate_id):
            await highlight(pilot, screen, cid)
            sheet = screen.sheet
            assert sheet is not None
            grid_text = sheet_text(screen)
            data = latest_submitted(session, cid)
            members = {who for who, _e, _c in data if not who.startswith("ext:")}
            assert members, cid
            for m in members:
                assert session.member(m).last_name in grid_text
            for (who, epreuve_id, criterion_id), score in data.items():
                ep_sheet = next(e for e in sheet.epreuves if e.epreuve_id == epreuve_id)
                label = session.epreuve(epreuve_id).criterion(criterion_id).label
                cell = ep_sheet.cell(who, label)
                if score.status is ScoreStatus.ABSTAINED:
                    assert cell == "abst."
                elif score.status is ScoreStatus.RECUSED:
                    assert cell == "récusé"
                else:
                    assert cell == fr(score.value)
            # the statistics are those of the rules
            result = candidate_result(session, cid)
            for ep_sheet in sheet.epreuves:
                mark_row = ep_sheet.rows[-1]
                assert mark_row.stats == result.epreuves[ep_sheet.epreuve_id].marks
        assert "abst." in sheet_text(screen)


async def test_drafts_are_not_shown(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    draft = next(s for s in session.scores if not s.submitted)
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, draft.candidate_id)
        ep = next(e for e in screen.sheet.epreuves if e.epreuve_id == draft.epreuve_id)
        label = session.epreuve(draft.epreuve_id).criterion(draft.criterion_id).label
        submitted = latest_submitted(session, draft.candidate_id)
        if (draft.who, draft.epreuve_id, draft.criterion_id) not in submitted:
            assert ep.cell(draft.who, label) == "—"


async def test_the_members_overall_comments_are_on_the_sheet(demo_copy: Path) -> None:
    """A member's overall comment (« appréciation générale ») of a submitted sheet shows
    under that épreuve's grid, with the member's name."""
    import datetime as dt

    from juryapp.domain.scoring import build_scores

    store = SessionStore.open(demo_copy)
    session = store.load()
    cand, epreuve = next(
        (c, ep)
        for c in session.candidates
        if in_tests(session, c.id) and not session.conflicted_members(c.id)
        for ep in session.planned_epreuves(c)
        if not ep.external_source and "m-benali" in c.panels.get(ep.id, ["m-benali"])
    )
    values = {c.id: c.max for c in epreuve.criteria}
    scores = build_scores(
        epreuve,
        cand.id,
        "m-benali",
        values,
        {},
        "parcours solide, à l'aise à l'oral",
        submitted=True,
        at=dt.datetime.now(dt.UTC),
    )
    store.save_scores(scores, actor="m-benali")
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, cand.id)
        text = sheet_text(screen)
        assert "Appréciations générales" in text
        assert paragraph(text, "Nadia Benali :").endswith("parcours solide, à l'aise à l'oral")


async def test_divergent_candidate_is_flagged(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    divergent = {
        c.id
        for c in session.candidates
        if in_tests(session, c.id) and candidate_result(session, c.id).divergent
    }
    assert divergent, "the demo has a candidate with divergent scores"
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        table = screen.query_one("#delib-candidates", FastTable)
        flagged = {
            key for key in table.visible_keys if "⚠ écart" in str(table.get_row(key).cells[3])
        }
        assert flagged == divergent
        summary = str(screen.query_one("#delib-summary", Static).render())
        assert f"{len(divergent)} ⚠ écart" in summary
        cid = sorted(divergent)[0]
        await highlight(pilot, screen, cid)
        assert "⚠ écart" in sheet_text(screen)
        assert "⚠ écart" in sheet_text(screen)
        # filtering on the word finds them
        await pilot.press("slash", *"ecart")
        await pilot.pause()
        assert set(table.visible_keys) == divergent


async def test_conflicted_member_must_leave_the_room(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    hard = next(c for c in session.conflicts if c.hard)
    soft = next(c for c in session.conflicts if not c.hard)
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, hard.candidate_id)
        head = sheet_text(screen)
        name = session.member(hard.member_id).full_name
        assert name in paragraph(head, "doit quitter la salle")
        # the conflicted member's recusals read as such, never as 0
        grid = screen.sheet
        for ep in grid.epreuves:
            for sc in ep.scorers:
                if sc.who == hard.member_id:
                    assert sc.excluded
                    col = list(ep.scorers).index(sc)
                    assert all(r.cells[col] in ("récusé", "⊘", "") for r in ep.rows)
        await highlight(pilot, screen, soft.candidate_id)
        head = sheet_text(screen)
        assert "doit quitter la salle" not in head
        assert "lien déclaré" in head and session.member(soft.member_id).full_name in head


async def test_missing_scores_name_who(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    found = None
    for c in session.candidates:
        if not in_tests(session, c.id):
            continue
        for eid, res in candidate_result(session, c.id).epreuves.items():
            if res.missing:
                found = (c.id, eid, res.missing)
                break
        if found:
            break
    assert found
    cid, _eid, missing = found
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, cid)
        head = sheet_text(screen)
        line = paragraph(head, "Notes manquantes")
        for m in missing:
            assert session.member(m).full_name in line


# --------------------------------------------------------------------------- decisions


async def test_president_decides_admissible_and_non_admissible(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    first, second = undecided(session)[:2]
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        assert not screen.query_one("#delib-banner").display
        assert screen.query_one("#delib-actions").display

        await highlight(pilot, screen, first)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DecisionModal)
        # the choice shows by its symbol, not by colour alone: ◉ chosen, ○ the other
        buttons = {b.id: b._button.plain for b in app.screen.query(Choice)}
        assert buttons["value-admissible"] == "▐◉▌", buttons
        assert all(v == "▐○▌" for k, v in buttons.items() if k != "value-admissible"), buttons
        await pilot.press("enter")  # the reason box has the focus: Enter saves
        await settle(pilot)
        assert app.screen is screen
        stored = (
            SessionStore.open(demo_copy).load().latest_decision(first, DecisionStage.AFTER_TESTS)
        )
        assert stored is not None and stored.value is DecisionValue.ADMISSIBLE
        assert stored.decided_by == PRESIDENT
        table = screen.query_one("#delib-candidates", FastTable)
        assert table.cursor_key == first  # kept after the reload
        assert "Admissible" in str(table.get_row(first).cells[5])

        await highlight(pilot, screen, second)
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecisionModal)
        await pilot.press("enter")  # no reason: refused, the modal stays
        await pilot.pause()
        assert app.screen is modal
        problems = str(modal.query_one("#decision-problems", Static).render())
        assert "motif" in problems
        assert (
            SessionStore.open(demo_copy).load().latest_decision(second, DecisionStage.AFTER_TESTS)
            is None
        )
        assert isinstance(app.focused, Input) and app.focused.id == "decision-reason"
        await pilot.press(*"Projet peu construit", "enter")
        await settle(pilot)
        assert app.screen is screen
        stored = (
            SessionStore.open(demo_copy).load().latest_decision(second, DecisionStage.AFTER_TESTS)
        )
        assert stored is not None and stored.value is DecisionValue.NON_ADMISSIBLE
        assert stored.reason == "Projet peu construit"


async def test_decision_by_mouse_and_cancel(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    cid = undecided(session)[0]
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, cid)
        await pilot.click("#decide-non-admissible")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecisionModal)
        assert modal.chosen_value() is DecisionValue.NON_ADMISSIBLE
        await pilot.click("#value-admissible")
        await pilot.pause()
        assert modal.chosen_value() is DecisionValue.ADMISSIBLE
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.click("#decide-admissible")
        await pilot.pause()
        await pilot.click("#decision-save")
        await settle(pilot)
        stored = SessionStore.open(demo_copy).load().latest_decision(cid, DecisionStage.AFTER_TESTS)
        assert stored is not None and stored.value is DecisionValue.ADMISSIBLE


async def test_member_sees_read_only_and_is_refused(demo_copy: Path) -> None:
    before = SessionStore.open(demo_copy).load().decisions
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        banner = screen.query_one("#delib-banner", Static)
        assert banner.display and "Lecture seule" in str(banner.render())
        assert not screen.query_one("#delib-actions").display
        # the decision keys are greyed in the footer (the banner says why) and do nothing
        keys = {b.binding.action: b.enabled for b in screen.active_bindings.values()}
        assert keys["decide_favourable"] is False and keys["decide_unfavourable"] is False
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen  # no modal
        # the greyed key says why it does nothing
        said = [n for n in app._notifications if n.title == "Touche indisponible"]
        assert len(said) == 1
        assert (
            said[0].message
            == "Lecture seule : seule la présidente du jury enregistre les décisions."
        )
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        # the same reason, still shown: not stacked (a key held down repeats)
        assert len([n for n in app._notifications if n.title == "Touche indisponible"]) == 1
        # refused by the rules too, whatever the screen shows
        screen.action_decide_favourable()
        await pilot.pause()
        assert app.screen is screen
        assert any("président" in str(n.message) for n in app._notifications)
    assert SessionStore.open(demo_copy).load().decisions == before


async def test_secretary_is_read_only_too(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        assert screen.query_one("#delib-banner").display
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen


async def test_president_with_a_conflict_is_refused(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    cid = undecided(store.load())[0]
    store.add_conflict(
        Conflict(member_id=PRESIDENT, candidate_id=cid, type=ConflictType.OTHER, hard=True),
        actor="sec-roux",
    )
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, cid)
        assert "doit quitter la salle" in sheet_text(screen)
        app.clear_notifications()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
        assert any("conflit d'intérêts" in n.message for n in app._notifications)


async def test_vae_partial_validation_names_blocs(tmp_path: Path) -> None:
    name = "vae-ingenieur-2026.jury"
    dest = tmp_path / name
    shutil.copytree(bundled_sample(name), dest)
    session = SessionStore.open(dest).load()
    president = session.president.id
    cid = session.candidates[0].id
    bloc = session.info.blocs[0].id
    app = JuryApp(dest, member_id=president, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        labels = {str(b.label) for b in screen.query("#delib-actions Button").results(Button)}
        assert labels == {
            "Validation totale (a)",
            "Validation partielle",
            "Pas de validation (x)",
        }
        assert "Pas de classement" in screen.query_one("#delib-ranked", FastTable).empty_text
        # no ranking in a VAE jury: neither its tab nor its key
        tabs = screen.query_one("#delib-tabs", TabbedContent)
        assert not tabs.get_tab("delib-tab-rank").display
        assert screen.check_action("toggle_ranking", ()) is False
        await pilot.press("l")
        await pilot.pause()
        assert tabs.active == "delib-tab-main"
        await highlight(pilot, screen, cid)
        await pilot.click("#decide-partielle")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, DecisionModal)
        assert modal.chosen_value() is DecisionValue.PARTIELLE
        await pilot.press("ctrl+s")  # no bloc named: refused
        await pilot.pause()
        assert app.screen is modal
        assert "blocs" in str(modal.query_one("#decision-problems", Static).render())
        box = modal.query_one("#decision-blocs-box")
        assert box.display  # a partial validation's blocs
        bloc_list = modal.query_one("#decision-blocs", BlocList)
        bloc_list.focus()
        bloc_list.highlighted = 0
        await pilot.press("space")  # ticked: « ☑ accordé », not a colour alone
        await pilot.pause()
        assert bloc_list.selected == [bloc]
        assert "☑ accordé" in str(bloc_list.get_option_at_index(0).prompt)
        assert "☐ non accordé" in str(bloc_list.get_option_at_index(1).prompt)
        modal.query_one("#value-totale", Choice).value = True  # a total validation: no list
        await pilot.pause()
        assert not box.display
        modal.query_one("#value-partielle", Choice).value = True
        await pilot.pause()
        assert box.display and bloc_list.selected == [bloc]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    stored = SessionStore.open(dest).load().latest_decision(cid, DecisionStage.VAE)
    assert stored is not None and stored.value is DecisionValue.PARTIELLE
    assert stored.blocs_granted == [bloc] and stored.decided_by == president


async def test_contrat_pro_decisions_read_valide(tmp_path: Path) -> None:
    name = "contrat-pro-s9-2026.jury"
    dest = tmp_path / name
    shutil.copytree(bundled_sample(name), dest)
    session = SessionStore.open(dest).load()
    app = JuryApp(dest, member_id=session.president.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        table = screen.query_one("#delib-candidates", FastTable)
        assert table.row_count == len(session.candidates)
        for c in session.candidates:
            d = session.latest_decision(c.id, DecisionStage.CONTRAT_PRO)
            cell = str(table.get_row(c.id).cells[5])
            assert ("Non validé" in cell) == (d is not None and d.value is DecisionValue.NON_VALIDE)
        summary = str(screen.query_one("#delib-summary", Static).render())
        assert "Validé :" in summary and "admissible" not in summary
        # the session is closed: no decision is recorded or changed any more
        assert "close" in str(screen.query_one("#delib-banner", Static).render())
        assert screen.check_action("decide_unfavourable", ()) is None  # greyed
        decisions = len(SessionStore.open(dest).load().decisions)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen  # no decision form opened
        # the key says why it does nothing, and nothing was recorded
        toasts = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Lecture seule") and "close" in m for m in toasts), toasts
        assert len(SessionStore.open(dest).load().decisions) == decisions


# --------------------------------------------------------------------------- ranked list


async def test_ranked_list_excellence_first_and_places_line(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    excellence = {
        c.id
        for c in session.candidates
        if (d := session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW))
        and d.value is DecisionValue.EXCELLENCE
    }
    admissible = {
        c.id
        for c in session.candidates
        if (d := session.latest_decision(c.id, DecisionStage.AFTER_TESTS))
        and d.value is DecisionValue.ADMISSIBLE
    }
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await pilot.press("l")
        await pilot.pause()
        tabs = screen.query_one("#delib-tabs", TabbedContent)
        assert tabs.active == "delib-tab-rank"
        ranked = screen.query_one("#delib-ranked", FastTable)
        keys = ranked.visible_keys
        assert set(keys[: len(excellence)]) == excellence
        assert set(keys) - {LIMIT_KEY} == excellence | admissible
        places = session.info.places
        assert len(excellence | admissible) <= places
        assert keys[-1] == LIMIT_KEY  # fewer admissibles than places: the line at the end
        limit = ranked.get_row(LIMIT_KEY)
        assert f"limite des {places} places" in str(limit.cells[1])
        totals = [candidate_result(session, k).total for k in keys[len(excellence) : -1]]
        assert totals == sorted(totals, reverse=True)
        summary = str(screen.query_one("#delib-summary", Static).render())
        # the excellence admissions have no decision after the tests: said, so that the
        # count of admissibles and of decisions do not seem to disagree
        assert (
            f"{len(excellence | admissible)} admissibles (dont {len(excellence)} par "
            f"excellence) pour {places} places"
        ) in summary.replace("\n", " ")
        rule = str(screen.query_one("#delib-rank-rule", Static).render())
        assert "ex æquo" in rule and "médianes" in rule
        ranked.sort_by("name")  # the order of merit cannot be re-sorted
        assert ranked.visible_keys == keys
        await pilot.press("l")
        await pilot.pause()
        assert tabs.active == "delib-tab-main"


async def test_complementary_list_and_ties(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    # two undecided candidates with the same total, declared admissible: a tie
    totals: dict[float, list[str]] = {}
    for cid in undecided(session):
        total = candidate_result(session, cid).total
        if total is not None:
            totals.setdefault(round(total, 6), []).append(cid)
    tied = next(ids for ids in totals.values() if len(ids) >= 2)[:2]
    for cid in tied:
        store.record_decision(
            Decision(
                candidate_id=cid,
                stage=DecisionStage.AFTER_TESTS,
                value=DecisionValue.ADMISSIBLE,
                decided_by=PRESIDENT,
                at=dt.datetime.now(dt.UTC),
            ),
            actor=PRESIDENT,
        )
    places = 5
    store.update_info(session.info.model_copy(update={"places": places}), actor="sec-roux")
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, ranked = await open_ranking(pilot)
        keys = ranked.visible_keys
        assert keys[places] == LIMIT_KEY
        assert "limite des 5 places" in str(ranked.get_row(LIMIT_KEY).cells[1])
        for key in keys[:places]:
            assert str(ranked.get_row(key).cells[3]) == "principale"
        for key in keys[places + 1 :]:
            assert str(ranked.get_row(key).cells[3]) == "complémentaire"
        for cid in tied:
            row = ranked.get_row(cid)
            assert "ex æquo" in str(row.cells[4])
            assert str(row.cells[5])  # the rule that separated them
        summary = str(screen.query_one("#delib-summary", Static).render())
        assert "pour 5 places" in summary and "liste complémentaire" in summary


# --------------------------------------------------------------------------- live, keys


async def test_scores_saved_elsewhere_appear(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    target = None
    for c in session.candidates:
        if not in_tests(session, c.id):
            continue
        for eid, res in candidate_result(session, c.id).epreuves.items():
            missing = [m for m in res.missing if m in expected_scorers(session, c.id, eid)]
            if missing:
                target = (c.id, eid, missing[0])
                break
        if target:
            break
    assert target
    cid, eid, member = target
    epreuve = session.epreuve(eid)
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        await highlight(pilot, screen, cid)
        sheet = next(e for e in screen.sheet.epreuves if e.epreuve_id == eid)
        crit = epreuve.criteria[0]
        assert sheet.cell(member, crit.label) == "—"
        # another terminal: the member saves the sheet
        other = SessionStore.open(demo_copy)
        other.save_scores(
            [
                Score(
                    candidate_id=cid,
                    epreuve_id=eid,
                    criterion_id=c.id,
                    member_id=member,
                    value=c.max,
                    at=dt.datetime.now(dt.UTC),
                )
                for c in epreuve.criteria
            ],
            actor=member,
        )
        version = app.session_version
        app.load_session()
        for _ in range(100):
            await asyncio.sleep(0.02)
            await pilot.pause()
            if app.session_version > version:
                break
        await settle(pilot)
        table = screen.query_one("#delib-candidates", FastTable)
        assert table.cursor_key == cid
        sheet = next(e for e in screen.sheet.epreuves if e.epreuve_id == eid)
        assert sheet.cell(member, crit.label) == fr(crit.max)


async def test_keys_tab_escape_and_help(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        table = screen.query_one("#delib-candidates", FastTable)
        assert app.focused is table
        await pilot.press("tab")
        assert app.focused is screen.query_one("#delib-detail")
        await pilot.press("tab")
        assert app.focused is table
        await pilot.press("down")
        second = table.cursor_key
        assert screen.sheet is not None and screen.sheet.candidate_id == second
        await pilot.press("f1")
        await pilot.pause()
        from juryapp.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)


async def test_leaving_while_computing_is_safe(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            app.push_screen(DeliberationScreen())
            await pilot.pause()
            await pilot.press("escape")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert app.is_running


async def test_queue_d_key_opens_it(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeliberationScreen)


# --------------------------------------------------------------------------- snapshots


def _snapshot_app(demo_copy: Path, ranked: bool = False):  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_deliberation(pilot)
        if ranked:
            await pilot.press("l")
        else:
            # the divergent candidate: the sheet shows the flags
            session = pilot.app.session
            cid = min(
                c.id
                for c in session.candidates
                if in_tests(session, c.id) and candidate_result(session, c.id).divergent
            )
            await highlight(pilot, pilot.app.screen, cid)
        pilot.app.clear_notifications()
        await pilot.pause()

    return app, run_before


def test_snapshot_deliberation(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot_app(demo_copy)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_deliberation_small_terminal(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot_app(demo_copy)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_ranked_list(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot_app(demo_copy, ranked=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_ranked_list_small_terminal(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot_app(demo_copy, ranked=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_pending_rows_say_so() -> None:
    from juryapp.domain.deliberation import DeliberationEntry
    from juryapp.domain.models import SessionKind
    from juryapp.ui.screens.deliberation import candidate_row

    entry = DeliberationEntry(
        "c1", "NOM Prénom", None, None, False, 2, 0, None, "", ("nom", "prenom", "c1"), True
    )
    row = candidate_row(entry, SessionKind.ADMISSION_1A)
    assert [str(c) for c in row.cells[1:5]] == ["…", "…", "", "…"]
    assert str(row.cells[5]) == "à décider"


async def test_no_after_tests_decision_for_an_admission_by_excellence(demo_copy: Path) -> None:
    """The ranking lists the admissibles by excellence first; « x » on one of them opened
    a decision form that could never be saved: now it says why at once."""
    session = SessionStore.open(demo_copy).load()
    excellence = next(
        c.id
        for c in session.candidates
        if (d := session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW))
        and d.value is DecisionValue.EXCELLENCE
    )
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, ranked = await open_ranking(pilot)
        ranked.cursor_key = excellence
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen  # no form
        said = [str(n.message) for n in app._notifications if n.title == "Pas de délibération"]
        assert len(said) == 1 and "n'a pas passé les épreuves" in said[0]
        assert "Excellence académique" in said[0]


async def test_a_filter_that_hides_everyone_says_so(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id=PRESIDENT, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_deliberation(pilot)
        table = screen.query_one("#delib-candidates", FastTable)
        assert table.visible_keys
        assert screen.query_one("#delib-actions").display
        await pilot.press("slash", *"zzzz")
        await settle(pilot)
        assert not table.visible_keys
        assert table.empty_text == "Aucun candidat ne correspond au filtre"
        assert not screen.query_one("#delib-actions").display  # no buttons for nobody
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert table.visible_keys and table.empty_text == "Aucun candidat en délibération"
        assert screen.query_one("#delib-actions").display
