"""Random actions by random people through every procedure: the engine never leaves
the declaration, writes one history row per change, and never issues twice."""
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from portal.extensions import db
from portal.models import Dossier, IssuedDocument
from portal.engine import Conflict, InvalidAction, Refused, fire
from procedures import ADMIN, APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import make_dossier, make_issued, make_user

ACTORS = (APPLICANT, SPECIALIST, LEADER, ADMIN, "stranger")
REACHED: set[str] = set()  # states entered during the run, to show the walk goes deep
ALL_ACTIONS = sorted({t.action for p in PROCEDURES.values() for t in p.flow.transitions})


def next_step(flow, state, goal):
    """The first transition of a shortest way from `state` to `goal`, or None."""
    first = {}
    for t in flow.from_state(state):
        first.setdefault(t.target, t)
    frontier = list(first)
    while frontier:
        here = frontier.pop(0)
        if here == goal:
            return first[here]
        for t in flow.from_state(here):
            if t.target not in first:
                first[t.target] = first[here]
                frontier.append(t.target)
    return None


class DossierLives(RuleBasedStateMachine):
    dossiers = Bundle("dossiers")

    @initialize()
    def people(self):
        applicant = make_user(APPLICANT)
        self.actors = {APPLICANT: applicant, SPECIALIST: make_user(SPECIALIST),
                       LEADER: make_user(LEADER), ADMIN: make_user(ADMIN),
                       "stranger": make_user(APPLICANT)}
        # Examples share the database, and an identifier name has one holder: each its own.
        self.names = {"identifier_names": [f"SV{applicant.id}"]}
        self.subjects = {kind: make_issued(kind, self.actors, **self.names)
                         for kind in ("business_licence", "import_permit", "identifier_certificate")}
        db.session.commit()
        self.changes = Counter()  # successful transitions per dossier id
        self.ids = {d.dossier_id for d in self.subjects.values()}
        self.baseline = {d: len(db.session.get(Dossier, d).events) for d in self.ids}

    @rule(target=dossiers, code=st.sampled_from(list(PROCEDURES)))
    def apply(self, code):
        subject_kind = PROCEDURES[code].starts_from
        subject = self.subjects[subject_kind] if subject_kind else None
        dossier = make_dossier(code, self.actors[APPLICANT], subject=subject,
                               **(self.names if code == "id_grant" else {}))
        db.session.commit()
        self.ids.add(dossier.id)
        return dossier.id

    @rule(dossier_id=dossiers, data=st.data())
    def act(self, dossier_id, data):
        """Anyone tries anything."""
        self.attempt(dossier_id, data.draw(st.sampled_from(ALL_ACTIONS)), data.draw(st.sampled_from(ACTORS)))

    @rule(dossier_id=dossiers, goal=st.sampled_from(["issued", "refused", "withdrawn", "abandoned"]))
    def advance(self, dossier_id, goal):
        """Whoever's turn it is takes the next step towards `goal`, until it is reached or blocked."""
        for _ in range(10):
            dossier = db.session.get(Dossier, dossier_id)
            step = next_step(PROCEDURES[dossier.procedure].flow, dossier.state, goal)
            if step is None or not self.attempt(dossier_id, step.action, sorted(step.roles)[0]):
                return

    def attempt(self, dossier_id, action, who):
        dossier = db.session.get(Dossier, dossier_id)
        before = dossier.state
        try:
            fire(dossier, action, self.actors[who], note="Ghi chú")
        except (InvalidAction, Refused, Conflict):
            db.session.rollback()
            assert db.session.get(Dossier, dossier_id).state == before
            return False
        db.session.commit()
        self.changes[dossier_id] += 1
        REACHED.add(dossier.state)
        transition = PROCEDURES[dossier.procedure].flow.find(before, action)
        assert dossier.state == transition.target
        assert who in transition.roles
        return True

    @invariant()
    def every_dossier_is_in_a_declared_state_with_its_history(self):
        for dossier_id in getattr(self, "ids", ()):
            dossier = db.session.get(Dossier, dossier_id)
            flow = PROCEDURES[dossier.procedure].flow
            assert dossier.state in flow.state_names
            states = [flow.initial] + [e.to_state for e in dossier.events]
            assert [e.from_state for e in dossier.events] == states[:-1]
            assert states[-1] == dossier.state
            expected = self.baseline.get(dossier.id, 0) + self.changes[dossier.id]
            assert len(dossier.events) == expected
            issued = db.session.query(IssuedDocument).filter_by(dossier_id=dossier.id).count()
            assert issued == (1 if dossier.state == "issued" else 0)




def test_random_journeys_stay_within_the_declarations(app):
    # The same walk each run: whether a random one happened to pass through every state
    # below was luck (one run in a few dozen missed awaiting_payment).
    DossierLives.TestCase.settings = settings(
        max_examples=30, stateful_step_count=40, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    DossierLives.TestCase().runTest()
    assert {"issued", "refused", "withdrawn", "awaiting_payment"} <= REACHED, REACHED
