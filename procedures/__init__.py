"""The ten procedures, in the order of the domain reference §1.0 table."""
from . import (bl_amend, bl_grant, bl_grant_sec, bl_reissue, bl_renew, id_grant, id_reissue,
               id_renew, imp_grant, imp_reissue)
from ._base import (ADMIN, APPLICANT, BASE_FLOW, DOCUMENT_KINDS, DOCUMENT_STATUSES, LEADER, ROLES,
                    SERVICES, SPECIALIST,
                    InvalidAction, Label, Procedure, Transition, Validity, to_mermaid)

PROCEDURES: dict[str, Procedure] = {m.PROCEDURE.code: m.PROCEDURE for m in (
    bl_grant, bl_grant_sec, bl_amend, bl_renew, bl_reissue,
    imp_grant, imp_reissue,
    id_grant, id_reissue, id_renew,
)}

__all__ = ["PROCEDURES", "Procedure", "to_mermaid", "BASE_FLOW", "Label", "APPLICANT", "SPECIALIST",
           "LEADER", "ADMIN", "ROLES", "InvalidAction", "SERVICES", "Transition", "Validity", "DOCUMENT_KINDS", "DOCUMENT_STATUSES"]
