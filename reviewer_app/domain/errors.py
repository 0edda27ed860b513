"""Expected failures: each carries a message a physician can act on."""

from __future__ import annotations


class ReviewerError(Exception):
    """A failure the user can understand and act on; its message is shown as is."""


class NotFound(ReviewerError):
    """A case, record or file the user named does not exist."""


class InvalidInput(ReviewerError):
    """Values the user gave are not acceptable; ``problems`` names each one."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        full = message if not self.problems else message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(full)


class BundleRefused(ReviewerError):
    """A case bundle that cannot be imported; every problem found is listed together."""

    def __init__(self, bundle_name: str, problems: list[str]) -> None:
        self.bundle_name = bundle_name
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"The case bundle {bundle_name} cannot be imported:\n{lines}")


class CaseAlreadyImported(BundleRefused):
    """The bundle's case (same vendor and reference) is in the data folder already."""

    def __init__(self, bundle_name: str, reference: str, vendor: str) -> None:
        self.reference = reference
        from_vendor = f" from {vendor}" if vendor else ""
        super().__init__(
            bundle_name,
            [
                f"case.reference: case {reference}{from_vendor} is already imported; "
                "import it as a new version to add its records to that case"
            ],
        )


class ManifestMissing(ReviewerError):
    """The bundle has no case.json: the case's details must be entered by hand."""

    def __init__(self, bundle_name: str) -> None:
        self.bundle_name = bundle_name
        super().__init__(
            f"The case bundle {bundle_name} has no case.json manifest. Open it in the application, "
            "which asks for the case's details, or ask the vendor for a complete bundle."
        )


class Cancelled(ReviewerError):
    """The user cancelled long work; nothing of it was kept."""

    def __init__(self, what: str = "The operation") -> None:
        super().__init__(f"{what} was cancelled; nothing was changed.")
