"""juryapp: the juries of an engineering school, in the terminal."""

__version__ = "0.1.0"
