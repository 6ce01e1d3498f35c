"""Schemathesis drives every operation of the OpenAPI document with generated requests, signed
in with a personal access token of an enterprise that has dossiers and an issued licence: no
request makes a server error, and every answer matches what the document promises."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from procedures import APPLICANT
from portal.extensions import db
from portal.incidents import cases
from portal.infra import api_tokens
from portal.models import now
from tests.builders import drive, make_dossier, make_issued


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}  # hundreds of requests a minute on one token, on purpose


@pytest.fixture
def token(actors) -> str:
    """A token of an enterprise with a draft, a dossier being handled, a licence and an
    incident it reported."""
    make_issued("business_licence", actors)
    drive(make_dossier("imp_grant", actors[APPLICANT]), actors, "submit")
    make_dossier("bl_grant", actors[APPLICANT])
    cases.report(actors[APPLICANT], regime="vn_circular_20_2017", system="Web", detected_at=now(),
                 incident_type="ddos", severity="high", impact="x", actions_taken="x", tlp="amber",
                 summary="x", indicators=[("ipv4", "192.0.2.1")])
    _, secret = api_tokens.create(actors[APPLICANT], "fuzz", ["read", "submit"], 30)
    db.session.commit()
    return secret


def test_the_api_keeps_the_promises_of_its_openapi_document(app, token):
    """Each operation in turn (Schemathesis's pytest plugin cannot take the suite's fixtures
    under this pytest, so its strategies are driven by Hypothesis directly)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def keeps_its_promises(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                                   checks=[not_a_server_error, response_schema_conformance])
        keeps_its_promises()
