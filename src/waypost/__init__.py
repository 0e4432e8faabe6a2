"""Waypost: an open information system to protect migrants in transit."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version is looked up when first read, not at every import of the package: the
    # lookup scans the installed distributions, and most `waypost` commands never print it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("waypost")
        except PackageNotFoundError:  # running from a source tree that was never installed
            found = "0.0.0+source"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
