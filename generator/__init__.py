"""绩效公开: budget-performance reports of justice bureaus as a searchable static site."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("disclosure")
except PackageNotFoundError:  # run from a checkout that was not installed
    __version__ = "0+unknown"
