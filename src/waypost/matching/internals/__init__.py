"""Internals of :mod:`waypost.matching`; import from the package facade instead."""
