"""Nianbao's Qt layer. Imports ``desktop``; never the reverse.

This package's ``__init__`` and ``launcher`` import no Qt, so command-line use stays fast.
"""
