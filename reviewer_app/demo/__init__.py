"""Synthetic demo cases (a peer review and the IME that follows it) for ``reviewer demo``.

Everything is generated from the texts in ``resources/demo/``; no real patient data.
"""

from reviewer_app.demo.bundles import demo_references, write_demo_bundles

__all__ = ["demo_references", "write_demo_bundles"]
