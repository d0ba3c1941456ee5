"""Textual stylesheets (.tcss) of juryapp, shipped as package data."""
