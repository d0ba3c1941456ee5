"""The jury's documents and their signatures.

* :mod:`.content` — what the procès-verbal says, as plain data (preview: ``as_text``);
* :mod:`.checklist` — what must be in order before a signable PV is produced;
* :mod:`.fingerprint` — the SHA-256 of the canonical record of the decisions (printed on
  every page, checked by ``juryapp verify --session``);
* :mod:`.documents` — the PDFs: PV, attendance sheet, confidential annex, decision letters
  (and their e-mail drafts);
* :mod:`.layout` — the small page-layout engine over reportlab (DejaVu Sans embedded);
* :mod:`.signing` — keys (PKCS#12), PAdES signatures (pyHanko), verification;
* :mod:`.commands` — the command line (``minutes``, ``attendance``, ``annex``, ``letters``,
  ``keygen``, ``sign``, ``verify``, ``reopen``).

Nothing here is imported at the application's or the command line's start but
:mod:`.commands` (click only); reportlab, pyHanko and cryptography are imported when a
document is made, signed or verified.
"""
