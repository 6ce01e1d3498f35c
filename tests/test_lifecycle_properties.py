"""Random acts on issued documents, by leaders, specialists and the portal itself: a document
only ever moves along its kind's declared lifecycle, one history row per change, and an act
that is refused changes nothing."""
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.engine import InvalidAction, Refused, fire
from portal.extensions import db
from portal.infra import workdays
from portal.models import DocumentEvent, IssuedDocument
from procedures import LEADER, RESULT_KINDS, SPECIALIST, SYSTEM
from tests.builders import make_dossier, make_user

ACTIONS = sorted({t.action for k in RESULT_KINDS.values() for t in k.lifecycle.transitions})
GROUNDS = sorted({key for k in RESULT_KINDS.values() for t in k.lifecycle.transitions
                  for key, _ in t.grounds}) + ["made_up"]

acts = st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from((LEADER, SPECIALIST, None)),
                          st.sampled_from(GROUNDS), st.integers(-5, 250)), max_size=8)


def a_document(kind: str, people) -> IssuedDocument:
    """A row as issuance leaves it (the lifecycle never reads the PDF)."""
    dossier = make_dossier("bl_grant", people["applicant"], complete=False)
    document = IssuedDocument(kind=kind, number=f"T-{dossier.id}", dossier=dossier,
                              enterprise_id=dossier.enterprise_id, valid_from=workdays.today(),
                              valid_until=workdays.today() + timedelta(days=365), data={})
    db.session.add(document)
    db.session.flush()
    return document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(RESULT_KINDS)), steps=acts)
def test_a_document_moves_only_as_its_lifecycle_declares(app, kind, steps):
    people = {"applicant": make_user("applicant"), LEADER: make_user(LEADER),
              SPECIALIST: make_user(SPECIALIST)}
    document = a_document(kind, people)
    lifecycle = RESULT_KINDS[kind].lifecycle
    for action, role, ground, days in steps:
        before, history = document.status, len(document.events)
        actor = people[role] if role else None
        try:
            fire(document, action, actor, ground=ground,
                 until=workdays.today() + timedelta(days=days))
        except (InvalidAction, Refused):
            db.session.refresh(document)
            assert (document.status, len(document.events)) == (before, history)
            continue
        transition = lifecycle.find(before, action)
        assert document.status == transition.target
        assert (role or SYSTEM) in transition.roles
        event = db.session.execute(db.select(DocumentEvent).where(DocumentEvent.document_id == document.id)
                                   .order_by(DocumentEvent.id.desc())).scalars().first()
        assert (event.action, event.from_status, event.to_status) == (action, before, document.status)
        assert (document.suspended_until is not None) == (document.status == "suspended")
    db.session.rollback()
