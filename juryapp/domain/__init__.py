"""The jury's domain: models and rules. Pure: no I/O, no Textual."""
