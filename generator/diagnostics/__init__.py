"""Diagnostics: codes with their level and explanation, located problems, output formats."""

from .codes import CODES, Code, Level
from .diagnostic import START, Diagnostic, Pos, Where, diagnostic, has_errors, summary

__all__ = ["CODES", "START", "Code", "Diagnostic", "Level", "Pos", "Where", "diagnostic", "has_errors", "summary"]
