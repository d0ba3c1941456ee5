"""The documents and signatures: how long they take.

    /work/venv/bin/python benchmarks/bench_minutes.py [--candidates 2000] [--runs 3]
        [--signers 7] [--out DIR]

Measured, in one process, after one warm-up of each step (the imports of reportlab and
pyHanko and the loading of the fonts are not counted; they are printed apart):

* **PV** and **annex** of a generated 1st-year admission session
  (:func:`juryapp.samples.generate_admission_session`: N dossiers, 3 members scoring 4
  épreuves, 108,000 scores for 2,000 dossiers).  The generator classifies every dossier
  *standard*; here two dossiers in three are then declared *admissible* and one in three
  *non admissible* after the tests, so the PV carries a ranked list of ~1,333 admissibles
  for 40 places (a long complementary list).  Timed: from the loaded ``Session`` to the PDF's
  bytes (the figures, the ranking, the fingerprint, the layout and the PDF).  Targets: < 3 s.
* **one signature**: a member signs the PV of the bundled VAE session (its 7 signatories:
  the president and 6 members) — from the PKCS#12 bytes and the passphrase to the signed
  PDF's bytes (key loading, appearance, PAdES signature, incremental update).  Target:
  < 300 ms.
* **verify** of that PV once the 7 have signed (every signature: integrity, certificate,
  the modifications after each one; the fields, the revisions).  Target: < 1 s.

Side by side with the annex, in the same run, a **baseline**: reportlab's ordinary canvas
calls writing the same strings (every cell of every annex table, the labels and the
statistics, computed beforehand) with ``drawString`` / ``drawCentredString`` at fixed
places, the same embedded font, one page per 40 lines, no wrapping, no rules, no shading:
what the plain way of writing that much text costs, against which the layout engine
(:mod:`juryapp.minutes.layout`, which writes the PDF operators itself) is measured.

No figure is asserted: the numbers are printed (median and best of ``--runs``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    fn()  # warm-up
    times = []
    result: object = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def _line(label: str, times: list[float], target: float | None, extra: str = "") -> None:
    med, best = statistics.median(times), min(times)
    goal = ""
    if target is not None:
        goal = f"  (target < {target:g} s: {'met' if med < target else 'MISSED'})"
    print(f"{label:<44} median {med:7.3f} s   best {best:7.3f} s{goal}{extra}")


def admission_session(n: int):  # type: ignore[no-untyped-def]
    from juryapp.domain.models import Decision, DecisionStage, DecisionValue
    from juryapp.samples import generate_admission_session

    session = generate_admission_session(n)
    at = dt.datetime(2026, 4, 21, 16, 0, tzinfo=dt.UTC)
    extra = [
        Decision(
            candidate_id=c.id,
            stage=DecisionStage.AFTER_TESTS,
            value=DecisionValue.NON_ADMISSIBLE if i % 3 == 0 else DecisionValue.ADMISSIBLE,
            reason="Résultats insuffisants aux épreuves probatoires" if i % 3 == 0 else "",
            decided_by="prez-bench",
            at=at + dt.timedelta(seconds=i),
        )
        for i, c in enumerate(session.candidates)
    ]
    return session.model_copy(update={"decisions": [*session.decisions, *extra]})


def annex_strings(session) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Every line of the annex's tables as its strings (label, cells, statistics)."""
    from juryapp.domain.aggregation import candidate_result
    from juryapp.minutes.documents import annex_sheets
    from juryapp.minutes.text import num

    lines: list[list[str]] = []
    for c in session.candidates:
        result = candidate_result(session, c.id)
        for sheet in annex_sheets(session, c.id, result):
            lines.append([sheet.name, *sheet.scorers, "Moy.", "Méd.", "Écart", "σ"])
            for row in sheet.rows:
                st = row.stats
                stats = [num(st.mean), num(st.median), num(st.spread), num(st.stdev)]
                lines.append([row.label, *row.cells, *stats])
    return lines


def baseline_canvas(lines: list[list[str]]) -> bytes:
    """reportlab's canvas alone: ``lines`` drawn with drawString, 40 lines a page."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from juryapp.minutes import layout

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=1, pageCompression=1)
    y = 560.0
    for line in lines:
        canvas.setFont(layout.REGULAR, 7.8)
        canvas.drawString(40, y, line[0][:60])
        for k, cell in enumerate(line[1:]):
            canvas.drawCentredString(420 + k * 44, y, cell)
        y -= 13
        if y < 40:
            canvas.showPage()
            y = 560.0
    canvas.save()
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the PDFs in this folder")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    import reportlab.pdfgen.canvas  # noqa: F401

    from juryapp.minutes import layout

    layout.register_fonts()
    t1 = time.perf_counter()
    import pyhanko.sign  # noqa: F401
    import pyhanko.sign.validation  # noqa: F401

    t2 = time.perf_counter()
    print(f"imports: reportlab + fonts {t1 - t0:.3f} s, pyHanko {t2 - t1:.3f} s (not counted)")

    from juryapp.minutes.documents import annex_pdf, pv_pdf

    t = time.perf_counter()
    session = admission_session(args.candidates)
    print(
        f"session: {len(session.candidates)} dossiers, {len(session.scores)} scores, "
        f"{len(session.decisions)} decisions (generated in {time.perf_counter() - t:.1f} s)"
    )
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-minutes-"))
    out.mkdir(parents=True, exist_ok=True)

    times, pv = _timed(lambda: pv_pdf(session), args.runs)
    assert isinstance(pv, bytes)
    (out / "pv-2000.pdf").write_bytes(pv)
    _line(f"PV, {len(session.candidates)} dossiers", times, 3.0, f"   {len(pv) // 1024} KiB")
    times, annex = _timed(lambda: annex_pdf(session), args.runs)
    assert isinstance(annex, bytes)
    (out / "annex-2000.pdf").write_bytes(annex)
    _line(
        f"confidential annex, {len(session.scores)} scores",
        times,
        3.0,
        f"   {len(annex) // 1024} KiB",
    )
    lines = annex_strings(session)
    base_times, base = _timed(lambda: baseline_canvas(lines), args.runs)
    assert isinstance(base, bytes)
    ratio = statistics.median(times) / statistics.median(base_times)
    _line(
        f"  baseline: reportlab canvas, {len(lines)} lines",
        base_times,
        None,
        f"   {len(base) // 1024} KiB   (annex = {ratio:.2f} × baseline)",
    )

    # ---- signatures: the VAE sample, 7 signatories
    from juryapp.domain.deliberation import make_decision
    from juryapp.domain.models import DecisionStage, DecisionValue
    from juryapp.minutes.content import signatories
    from juryapp.minutes.signing import load_signer, make_key, sign_pdf, verify_pdf
    from juryapp.samples import build_vae_ingenieur

    vae = build_vae_ingenieur()
    pres = vae.president
    assert pres is not None
    decisions = [make_decision(vae, c.id, DecisionValue.TOTALE, pres.id) for c in vae.candidates]
    vae = vae.model_copy(update={"decisions": decisions})
    assert all(d.stage is DecisionStage.VAE for d in decisions)
    pdf = pv_pdf(vae)
    signers = signatories(vae)
    keys = {
        s.member_id: make_key(vae.member(s.member_id), vae.info.institution, "bench-pass")[0]
        for s in signers
    }  # type: ignore[arg-type]
    sign_times = []
    for k, s in enumerate(signers):

        def one(s=s, data=pdf):  # type: ignore[no-untyped-def]
            signer, _ki = load_signer(keys[s.member_id], "bench-pass")
            return sign_pdf(data, signer, s.member_id, name=s.name, quality=s.quality).data

        if k == 0:
            one()  # warm-up (the appearance's font, pyHanko's first use)
        t = time.perf_counter()
        pdf = one()
        sign_times.append(time.perf_counter() - t)
    _line(f"one signature (PV of {len(signers)} signatories)", sign_times, 0.3)
    (out / "pv-vae-signed.pdf").write_bytes(pdf)
    times, report = _timed(lambda: verify_pdf(pdf), args.runs)
    ok = getattr(report, "ok", False)
    _line(f"verify, {len(signers)} signatures", times, 1.0, f"   ({'intact' if ok else 'FAILED'})")
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)
    else:
        print(f"PDFs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
