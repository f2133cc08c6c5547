"""Where the fixed test corpus lives."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CONTENT = FIXTURES / "content"
