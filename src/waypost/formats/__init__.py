"""Exchange formats: plain-Python readers and writers (no Django), one module per format.

Each module turns a file format into plain data (dataclasses, dicts) and back, with
round-trip tests on real files. The Django apps adapt that plain data to their models.
"""
