"""Where the project's own files live: beside the package in a checkout, or where `pip install`
put them (the default templates and schemas travel with the package as data files)."""

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "templates").is_dir()
_INSTALLED = Path(sys.prefix) / "share" / "disclosure"  # pyproject.toml's data-files
TEMPLATES_DIR = PROJECT_ROOT / "templates" if IN_CHECKOUT else _INSTALLED / "templates"
SCHEMAS_DIR = PROJECT_ROOT / "schemas" if IN_CHECKOUT else _INSTALLED / "schemas"
# In a checkout the site's folders are the checkout's; installed, they are the working folder's.
DEFAULT_CONTENT = PROJECT_ROOT / "content" if IN_CHECKOUT else Path("content")
DEFAULT_OUT = PROJECT_ROOT / "site" if IN_CHECKOUT else Path("site")
# The web editor's packages (package.json), where `npm ci` puts them.
NODE_MODULES = PROJECT_ROOT / "node_modules" if IN_CHECKOUT else Path("node_modules")
