"""What the authority issues: documents in force, their PDFs, letters and decisions,
signatures, identifier names and the register. Importing the package registers the result
kinds' lifecycles with the engine."""
from portal.documents import lifecycle  # noqa: F401
