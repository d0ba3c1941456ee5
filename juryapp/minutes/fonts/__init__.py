"""The TrueType fonts embedded in the PDF documents (DejaVu Sans; licence in ``LICENSE``)."""
