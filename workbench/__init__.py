"""The translation & alignment workbench: offline sv→en MT, alignment, review and export."""

__version__ = "0.1.0"
