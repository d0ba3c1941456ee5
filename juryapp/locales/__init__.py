"""Translation catalogs (package data): ``<lang>/LC_MESSAGES/juryapp.po`` and ``.mo``.

See :mod:`juryapp.i18n` for the commands that extract, update, compile and check them.
"""
