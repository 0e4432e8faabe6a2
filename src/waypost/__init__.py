"""Waypost: an open information system to protect migrants in transit."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("waypost")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
