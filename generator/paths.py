"""Where the project's own files live, next to the package."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_ROOT / "templates"
SCHEMAS_DIR = PROJECT_ROOT / "schemas"
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_OUT = PROJECT_ROOT / "site"
