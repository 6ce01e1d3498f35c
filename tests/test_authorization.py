"""Every route, every method, against every kind of visitor, on objects of enterprise A.

The table below says who reaches each view; everyone else must be stopped at the door
(a login redirect, 403, or 404 for another enterprise's objects). A route added to the
app without a line here fails this test.
"""
import pytest

from portal.documents import letters
from portal.extensions import db
from portal.fees import payments
from portal.infra import api_tokens, files
from portal.models import BankTransfer, CalendarDay
from portal.incidents import cases
from portal.models import IncidentAttachment
from procedures import ACCOUNTANT, ADMIN, APPLICANT, LEADER, RESPONDER, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, make_user
from tests.summary import count

ANON, A, B = "anonymous", "applicant_a", "applicant_b"
VISITORS = (ANON, A, B, SPECIALIST, LEADER, ADMIN, ACCOUNTANT, RESPONDER)
EVERYONE = set(VISITORS)
SIGNED_IN = EVERYONE - {ANON}
APPLICANTS = {A, B}
OWNER = {A}
OFFICERS = {SPECIALIST, LEADER}
HOLDER_AND_OFFICERS = {A, SPECIALIST, LEADER, ADMIN}

# endpoint: who reaches the view (for every method the route has)
MATRIX = {
    "static": EVERYONE, "public.healthz": EVERYONE, "public.home": EVERYONE, "public.procedure": EVERYONE,
    "public.readyz": EVERYONE, "public.workflow": EVERYONE, "public.track": EVERYONE,
    "public.blank_form": EVERYONE,
    "public.language": EVERYONE, "verify.document": EVERYONE, "verify.register": EVERYONE,
    "verify.revoked_names": EVERYONE,
    "auth.login": EVERYONE, "auth.register": EVERYONE, "auth.reset_request": EVERYONE,
    "auth.reset_password": EVERYONE, "auth.logout": SIGNED_IN,
    # The second step needs a right password first (a pending sign-in); anyone signed in may
    # enrol a second factor. Without an identity provider configured, its routes are 404.
    "two_factor.verify": set(), "two_factor.enrol": SIGNED_IN,
    "identity.login": set(), "identity.callback": set(),
    "applicant.dossiers": APPLICANTS, "account.colleagues": APPLICANTS,
    "account.profile": APPLICANTS,
    "account.notifications": APPLICANTS, "applicant.start": APPLICANTS,
    "applicant.create": APPLICANTS,
    "applicant.act": OWNER, "applicant.delete_draft": OWNER, "applicant.delete_upload": OWNER,
    "applicant.dossier": OWNER, "applicant.download_upload": OWNER, "applicant.edit": OWNER,
    "applicant.history": OWNER, "applicant.receipt": OWNER, "applicant.upload": OWNER,
    "applicant.rate": OWNER, "applicant.report": {A}, "applicant.choose_delivery": OWNER, "officer.hand_over": OFFICERS,
    "downloads.issued": HOLDER_AND_OFFICERS, "downloads.letter": HOLDER_AND_OFFICERS,
    "downloads.written_letter": HOLDER_AND_OFFICERS, "downloads.application_form": HOLDER_AND_OFFICERS,
    "officer.index": OFFICERS, "officer.queue": OFFICERS, "officer.dossier": OFFICERS,
    "officer.upload": OFFICERS, "officer.upload_page": OFFICERS,
    # Only whoever may take the granting decision now: nobody, for the world's dossier in
    # appraisal (tests/test_what_people_see.py shows the leader reading a proposed grant's).
    "officer.draft": set(), "officer.act": OFFICERS, "officer.assign": OFFICERS,
    "officer.checklist": OFFICERS, "officer.claim": OFFICERS, "officer.note": OFFICERS,
    "officer.reschedule": OFFICERS, "register.documents": OFFICERS, "register.document": OFFICERS,
    "register.act": OFFICERS, "officer.ratings_page": {LEADER},
    "register.reports": OFFICERS, "register.record_charge": OFFICERS,
    # The one-stop desk is the specialists'; A's dossier was filed online, so none of the
    # desk's pages is about it (tests/test_paper_dossiers.py).
    "desk.receive": {SPECIALIST}, "desk.dossier": set(), "desk.upload": set(), "desk.act": set(),
    "admin.index": {ADMIN}, "admin.users": {ADMIN}, "admin.create_user": {ADMIN},
    "admin.update_user": {ADMIN}, "admin.calendar": {ADMIN}, "admin.save_day": {ADMIN},
    "admin.delete_day": {ADMIN}, "admin.audit_trail": {ADMIN}, "admin.outbox": {ADMIN},
    "account.api_tokens_page": APPLICANTS, "account.revoke_api_token": OWNER,
    # The API: the catalogue, the register and public status for anyone; the rest only with a
    # personal access token, never with the session cookie (tests/test_api.py).
    "api-docs.openapi_json": EVERYONE, "api_reference": EVERYONE, "api.procedures": EVERYONE,
    "api.procedure": EVERYONE, "api.register_entry": EVERYONE, "api.status": EVERYONE,
    "api.dossiers": set(), "api.dossier": set(), "api.history": set(), "api.document": set(),
    "api.create": set(), "api.attach": set(), "api.act": set(),
    # A's dossier has paid its fee: its receipt is there, no code nor gateway is offered for
    # it any more (tests/test_fees.py shows who gets the code of a fee still owed).
    "payments.receipt": OWNER, "payments.vietqr_png": set(), "payments.online": set(),
    # Without a gateway configured, nothing answers its callbacks.
    "gateway.callback": set(),
    "accountant.index": {ACCOUNTANT}, "accountant.upload": {ACCOUNTANT},
    "accountant.settle": {ACCOUNTANT}, "accountant.refund": {ACCOUNTANT},
    # An incident A reported (TLP:GREEN, so the unit may export it): A's staff and the
    # incident-response unit, nobody else; the API lists A's own with a token only.
    "reporting.incidents": APPLICANTS, "reporting.new": APPLICANTS, "reporting.incident": OWNER,
    "reporting.file_report": OWNER, "reporting.attach": OWNER, "reporting.attachment": OWNER,
    "reporting.act": OWNER, "public.incident_notification": EVERYONE,
    "response.queue": {RESPONDER}, "response.case": {RESPONDER}, "response.coordinate": {RESPONDER},
    "response.export": {RESPONDER}, "response.attachment": {RESPONDER}, "response.act": {RESPONDER},
    "api.incidents": set(), "api.incident": set(),
    # The leaders' reports; the on-time rate of each procedure is public.
    "reports.index": {LEADER, ADMIN}, "reports.xlsx": {LEADER, ADMIN}, "reports.pdf": {LEADER, ADMIN},
    "reports.csv": {LEADER, ADMIN}, "public.statistics": EVERYONE,
}
# Posted by the payment gateway, whose signature is the credential: no CSRF token.
CSRF_EXEMPT = {"gateway.callback"}


def test_every_route_has_an_entry_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(MATRIX)) == [], "add the new routes to MATRIX"
    assert sorted(set(MATRIX) - endpoints) == []


@pytest.fixture
def world(app):
    """Enterprise A's dossier, upload and licence; people of every kind."""
    people = {A: make_user(APPLICANT), B: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER), ADMIN: make_user(ADMIN), ACCOUNTANT: make_user(ACCOUNTANT),
              RESPONDER: make_user(RESPONDER)}
    actors = {APPLICANT: people[A], SPECIALIST: people[SPECIALIST], LEADER: people[LEADER]}
    licence = make_issued("business_licence", actors)
    dossier = drive(make_dossier("id_grant", people[A]), actors, "submit", "accept")
    day = CalendarDay(day=licence.valid_from, kind="day_off", note="x")
    transfer = BankTransfer(bank_reference="FT1", booked_on=licence.valid_from, amount=200_000,
                            dossier=dossier, outcome="matched", uploaded_by_id=people[ACCOUNTANT].id)
    paid = payments.record(dossier, 200_000, "transfer", transfer=transfer)
    db.session.add_all([day, transfer])
    token, _ = api_tokens.create(people[A], "x", ["read"], 30)
    incident = cases.report(people[A], regime="eu_nis2", system="Web", detected_at=licence.issued_at,
                            incident_type="malware", severity="low", impact="x", actions_taken="x",
                            tlp="green", summary="x", indicators=[("ipv4", "192.0.2.1")])
    incident.attachments.append(IncidentAttachment(filename="a.log", content_type="text/plain", size=1,
                                                   sha256=files.store_upload(b"x\n"), tlp="green", uploaded_by_id=people[A].id))
    db.session.commit()
    values = {"token_id": token.id, "requirement": "application",
              "dossier_id": dossier.id, "upload_id": dossier.uploads[0].id, "document_id": licence.id,
              "number": licence.number, "user_id": people[SPECIALIST].id, "day_id": day.id,
              "code": "id_grant", "key": "declaration", "name": "intake", "kind": "receipt", "action": "withdraw",
              "token": "not-a-token", "page": 1, "filename": "css/portal.css",
              "letter_code": letters.latest("receipt", dossier).code,
              "transfer_id": transfer.id, "payment_id": paid.id, "incident_id": incident.id,
              "attachment_id": incident.attachments[0].id}
    return people, values


def outcome(response) -> str:
    """'in' if the request reached the view; 'stopped' if it was turned away at the door."""
    if response.status_code in (401, 403, 404):
        return "stopped"
    if response.status_code in (302, 303) and "/auth/login" in response.headers.get("Location", ""):
        return "stopped"
    return "in"


def test_each_visitor_reaches_exactly_the_views_meant_for_them(app, client, auth, world):
    people, values = world
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.endpoint))
    wrong, checked = [], 0
    for visitor in VISITORS:
        if visitor != ANON:
            auth.login(people[visitor].email)
        for rule in rules:
            url = rule.build(values, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={})
                checked += 1
                expected = "in" if visitor in MATRIX[rule.endpoint] else "stopped"
                if outcome(response) != expected:
                    wrong.append(f"{visitor} {method} {url}: {response.status_code}, expected {expected}")
        auth.logout()
    assert wrong == [], "\n".join(wrong)
    count("route x method x visitor checks", checked)


def test_every_state_changing_request_without_its_csrf_token_is_refused(app, client, auth, world):
    people, values = world
    auth.login(people[A].email)  # signed in before CSRF is on; the posts below carry no token
    app.config["WTF_CSRF_ENABLED"] = True
    refused = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in CSRF_EXEMPT:
            url = rule.build(values, append_unknown=False)[1]
            response = client.post(url, data={"note": "x", "version": 1})
            # The API reads no cookie, so a forged post carries nothing it accepts: 401.
            expected = 401 if rule.endpoint.startswith("api.") else 400
            count("POSTs refused without a CSRF token", response.status_code == expected)
            if response.status_code != expected:
                refused.append(f"{url}: {response.status_code}")
    assert refused == []
