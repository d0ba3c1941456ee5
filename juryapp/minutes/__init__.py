"""The PDF documents (procès-verbal, attendance sheet, annex) and their signatures."""
