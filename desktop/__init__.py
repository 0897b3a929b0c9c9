"""Nianbao core: the 2021 template, the report model, rules, files, import/export, command line.

This package never imports Qt.
"""

__version__ = "0.1.0"
