"""Reviewer: the desk of an independent reviewing physician (peer reviews and IMEs)."""

__version__ = "0.1.0"
