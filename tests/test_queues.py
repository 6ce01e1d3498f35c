"""The officers' queues: every dossier once, soonest due first, a bounded number of queries."""
import re
from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa

from portal.infra.workdays import today
from portal.extensions import db
from portal.models import Dossier
from portal.dossiers.queues import QUEUES, Filters, page
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_enterprise, make_ready, make_user


@pytest.fixture
def office(app):
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
            LEADER: make_user(LEADER)}


_codes = count(1)


def many(applicant, n, state="submitted", procedure="bl_grant", start=None, enterprise=None,
         assignee=None):
    """`n` open dossiers, three falling due each day, rows written directly for speed."""
    start = start or today() - timedelta(days=5)
    rows = [Dossier(procedure=procedure, state=state, enterprise=enterprise or applicant.enterprise,
                    created_by=applicant, assignee=assignee, form_data={},
                    code=f"ATTT-T-{next(_codes):06d}",
                    procedure_version=PROCEDURES[procedure].in_force(start).key,
                    due_on=start + timedelta(days=i // 3)) for i in range(n)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def walk(queue, filters, size):
    seen, after = [], None
    while True:
        rows, after = page(queue, filters, after, size=size)
        seen += rows
        if after is None:
            return seen


def test_keyset_pages_return_every_dossier_once_in_due_date_order(office):
    rows = many(office[APPLICANT], 23)
    many(office[APPLICANT], 4, state="in_appraisal")
    seen = walk(QUEUES["intake"], Filters(), size=5)
    assert [d.id for d in seen] == [d.id for d in sorted(rows, key=lambda d: (d.due_on, d.id))]


def test_the_overdue_queue_holds_only_what_is_late_and_waits_on_officers(office):
    rows = many(office[APPLICANT], 9, start=today() - timedelta(days=1))
    many(office[APPLICANT], 3, state="supplement_requested", start=today() - timedelta(days=30))
    late = [d.id for d in rows if d.due_on < today()]
    assert [d.id for d in walk(QUEUES["overdue"], Filters(), size=50)] == late


def test_filters_by_procedure_state_assignee_enterprise_and_code(office):
    specialist = office[SPECIALIST]
    other = make_enterprise(name="Công ty Khác")
    many(office[APPLICANT], 3)
    imports = many(office[APPLICANT], 2, procedure="imp_grant")
    mine = many(office[APPLICANT], 2, state="consultation", assignee=specialist)
    theirs = many(office[APPLICANT], 2, procedure="bl_renew", enterprise=other)
    appraisal = QUEUES["appraisal"]

    def ids(queue, **kw):
        return {d.id for d in walk(queue, Filters(**kw), size=50)}

    assert ids(QUEUES["intake"], procedure="imp_grant") == {d.id for d in imports}
    assert ids(appraisal, state="consultation") == {d.id for d in mine}
    assert ids(appraisal, assignee_id=specialist.id) == {d.id for d in mine}
    assert ids(QUEUES["intake"], enterprise="khác") == {d.id for d in theirs}
    assert ids(QUEUES["intake"], enterprise=other.code) == {d.id for d in theirs}
    assert ids(QUEUES["intake"], code=imports[0].code.lower()) == {imports[0].id}
    assert len(ids(QUEUES["intake"], unassigned=True)) == 7


def count_queries(app, client, url) -> int:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements)


def test_a_queue_page_costs_the_same_few_queries_for_3_or_50_rows(app, office, client, auth):
    many(office[APPLICANT], 3, assignee=office[SPECIALIST])
    auth.login(office[SPECIALIST].email)
    few = count_queries(app, client, "/officer/queues/intake")
    many(office[APPLICANT], 80, procedure="imp_grant", enterprise=make_enterprise(),
         assignee=make_user(SPECIALIST))
    full = count_queries(app, client, "/officer/queues/intake")
    assert full == few <= 4


def test_what_applicants_and_officers_typed_is_shown_escaped_in_the_queue(office, client, auth):
    """The rows are drawn without autoescape (it was most of the page): every name is escaped
    by hand, so markup typed into one is shown as text."""
    enterprise = make_enterprise(name='<script>alert("dn")</script> & Co')
    assignee = make_user(SPECIALIST, full_name="<b>Cán bộ</b>")
    many(office[APPLICANT], 1, enterprise=enterprise, assignee=assignee)
    many(office[APPLICANT], 1, enterprise=enterprise)
    auth.login(office[SPECIALIST].email)
    html = client.get("/officer/queues/intake").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Cán bộ</b>" not in html
    assert "&lt;script&gt;alert(&#34;dn&#34;)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;Cán bộ&lt;/b&gt;" in html
    assert html.count(">Nhận xử lý</button>") == 1  # the unassigned one may be claimed


def test_the_next_page_link_walks_the_whole_queue_over_http(office, client, auth):
    rows = many(office[APPLICANT], 120)
    auth.login(office[LEADER].email)
    url, seen = "/officer/queues/intake?procedure=bl_grant", []
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += [int(i) for i in re.findall(r'<th scope="row"><a href="/officer/dossiers/(\d+)"', html)]
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == [d.id for d in sorted(rows, key=lambda d: (d.due_on, d.id))]


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_a_submitted_dossier_of_every_procedure_waits_in_the_intake_queue_then_in_appraisal(
        code, actors, client, auth):
    dossier = drive(make_ready(code, actors), actors, "submit")
    db.session.commit()
    auth.login(actors[SPECIALIST].email)
    assert dossier.code in client.get(f"/officer/queues/intake?procedure={code}").get_data(as_text=True)
    drive(dossier, actors, "accept")
    db.session.commit()
    assert dossier.code not in client.get(f"/officer/queues/intake?procedure={code}").get_data(as_text=True)
    assert dossier.code in client.get(f"/officer/queues/appraisal?procedure={code}").get_data(as_text=True)


def test_each_queue_holds_the_states_the_declarations_say_wait_on_its_people():
    assert QUEUES["intake"].states == ("submitted",)
    assert set(QUEUES["appraisal"].states) == {"in_appraisal", "consultation", "extension_requested"}
    assert QUEUES["approval"].states == ("pending_approval",)
    assert set(QUEUES["applicant"].states) == {"returned", "supplement_requested", "awaiting_payment"}
    assert "draft" not in QUEUES["overdue"].states and "returned" not in QUEUES["overdue"].states


def test_officers_see_which_dossiers_have_not_paid_the_fee_the_portal_takes(office):
    from tests.builders import pay
    from portal.dossiers.queues import TAKING_FEES
    owing = many(office[APPLICANT], 3)  # business-licence grants: the appraisal fee with the application
    pay(owing[0])
    free = [p for p in PROCEDURES if p not in TAKING_FEES][0]
    many(office[APPLICANT], 2, procedure=free)
    db.session.commit()
    assert {d.id for d in walk(QUEUES["intake"], Filters(unpaid=True), size=50)} == {d.id for d in owing[1:]}
