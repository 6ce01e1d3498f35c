"""The procedures, the ten of the domain reference §1.0 table in its order and the security-level
approval after them, and what they issue."""
from . import (bl_amend, bl_grant, bl_grant_sec, bl_reissue, bl_renew, id_grant, id_reissue,
               id_renew, imp_grant, imp_reissue, sl_approval)
from ._base import (ACCOUNTANT, ADMIN, APPLICANT, BASE_FLOW, CLOCK_CHANGES, LEADER, OFFICERS, RESPONDER,
                    ROLES, SERVICES, SPECIALIST,
                    SYSTEM, Flow, InvalidAction, Label, LegalText, Letter, Procedure, Reminder,
                    ResultKind, Revision, Transition, Validity, Version, to_dot, to_mermaid)
from .applicants import APPLICANT_CHOICES
from .results import APOLOGY, AUTHORITY_COMPETENCE, EXPIRE, LETTERS, RESULT_KINDS, SUPERSEDE

PROCEDURES: dict[str, Procedure] = {m.PROCEDURE.code: m.PROCEDURE for m in (
    bl_grant, bl_grant_sec, bl_amend, bl_renew, bl_reissue,
    imp_grant, imp_reissue,
    id_grant, id_reissue, id_renew,
    sl_approval,
)}

# The label of every code a form or a registration stores from a pick-list: every declared
# field's choices, and the kinds of applicant (codes are unique across them).
CHOICES: dict[str, Label] = {code: label for choices in (
    APPLICANT_CHOICES, *(f.choices for p in PROCEDURES.values() for f in p.fields))
    for code, label in choices}

# Every action that waits for a fee, for the guard that asks whether it is paid.
FEE_DUE_BEFORE = frozenset(v.fee.due_before for p in PROCEDURES.values() for v in p.versions
                           if v.fee.due_before)

# Every status any document can have, for the database's check constraint.
DOCUMENT_STATUSES = tuple(dict.fromkeys(s.name for k in RESULT_KINDS.values()
                                        for s in k.lifecycle.states))

__all__ = ["PROCEDURES", "CHOICES", "RESULT_KINDS", "LETTERS", "APOLOGY", "AUTHORITY_COMPETENCE", "SUPERSEDE", "EXPIRE", "DOCUMENT_STATUSES", "Procedure",
           "ResultKind", "Letter", "Flow", "to_mermaid", "to_dot", "BASE_FLOW", "Label", "APPLICANT",
           "SPECIALIST", "LEADER", "ADMIN", "ACCOUNTANT", "RESPONDER", "SYSTEM", "OFFICERS", "ROLES", "CLOCK_CHANGES", "InvalidAction",
           "SERVICES", "Transition", "Validity", "Version", "Revision", "LegalText", "Reminder"]
