"""The pages `make bench` measures cost a fixed number of queries, however many rows they show:
no page issues a query per row."""
from datetime import date, timedelta

from portal.extensions import db
from portal.models import DossierNote, IssuedDocument, WorkflowEvent
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import make_user
from tests.test_queues import count_queries, many


def office():
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
            LEADER: make_user(LEADER)}


def documents(dossiers, start=0):
    """An active licence for each of `dossiers`, rows written directly for speed."""
    rows = [IssuedDocument(kind="business_licence", number=f"BENCH-T-{start + i:05d}", dossier=d,
                           enterprise=d.enterprise, valid_from=date.today(),
                           valid_until=date.today() + timedelta(days=365),
                           data={"holder": {"name": d.enterprise.name, "code": d.enterprise.code}})
            for i, d in enumerate(dossiers)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def history(dossier, actor, n):
    """`n` history rows and `n` notes on `dossier`, each by a different officer."""
    for i in range(n):
        db.session.add(WorkflowEvent(dossier=dossier, actor=make_user(SPECIALIST) if i else actor,
                                     action="accept", from_state="submitted", to_state="in_appraisal"))
        db.session.add(DossierNote(dossier=dossier, author=make_user(LEADER), body=f"Ghi chú {i}"))
    db.session.commit()


def test_the_applicants_dossier_list_costs_the_same_queries_for_3_or_50_rows(app, client, auth):
    people = office()
    documents(many(people[APPLICANT], 3, state="issued"))
    auth.login(people[APPLICANT].email)
    few = count_queries(app, client, "/applicant/")
    documents(many(people[APPLICANT], 60, state="issued"), start=3)
    for filed in many(make_user(APPLICANT), 5):  # filed for clients: their names come along
        filed.agent_id = people[APPLICANT].enterprise_id
    db.session.commit()
    assert count_queries(app, client, "/applicant/") == few <= 3


def test_a_dossier_page_costs_the_same_queries_for_a_short_or_long_history(app, client, auth):
    people = office()
    short, long = many(people[APPLICANT], 2, state="in_appraisal")
    history(short, people[SPECIALIST], 1)
    history(long, people[SPECIALIST], 30)
    auth.login(people[SPECIALIST].email)
    assert (count_queries(app, client, f"/officer/dossiers/{short.id}")
            == count_queries(app, client, f"/officer/dossiers/{long.id}") <= 9)  # one: the fee's payment


def test_the_verification_page_costs_a_few_queries_and_none_once_read_and_rendered(app, client):
    people = office()
    document, = documents(many(people[APPLICANT], 1, state="issued"))
    assert count_queries(app, client, f"/verify/{document.number}") <= 3
    assert count_queries(app, client, f"/verify/{document.number}") == 0
