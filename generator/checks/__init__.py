"""Checks: JSON Schema per file, then rules on the typed model."""
