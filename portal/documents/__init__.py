"""What the authority issues: documents in force, their PDFs, letters and decisions,
signatures, identifier names and the register. Importing the package registers the result
kinds' lifecycles with the engine."""
from procedures import RESULT_KINDS

from portal import engine
from portal.documents import letters, lifecycle
from portal.models import IssuedDocument

engine.register(IssuedDocument, engine.Machine(
    flow=lambda document: RESULT_KINDS[document.kind].lifecycle, record=lifecycle.record,
    target=lambda document: f"document:{document.number}", announce=lifecycle.announce,
    write_letter=letters.write_for, publish=lifecycle.publish))
