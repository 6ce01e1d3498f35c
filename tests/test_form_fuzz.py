"""Every form in the portal, posted with arbitrary text, numbers, Unicode and huge values
by the people allowed to use it: the answer is a page or a message, never a 500."""
import inspect

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from portal.web import forms
from procedures import PROCEDURES
from tests.summary import count
from tests.test_authorization import A, ANON, MATRIX, world  # noqa: F401  (fixture)

FIELD_NAMES = sorted(
    {name for _, cls in inspect.getmembers(forms, inspect.isclass)
     for name, value in inspect.getmembers(cls) if isinstance(value, UnboundField)}
    | {f.name for p in PROCEDURES.values() for f in p.fields}
    | {"note", "version", "requirement", "lang", "next", "document", "ticked", "u1-role", "u1-active",
       "product_lines-0-name", "product_lines-0-quantity", "product_lines-0-hs_code"})
VALUES = st.one_of(st.text(max_size=300), st.integers().map(str), st.floats().map(str),
                   st.just("9" * 5000), st.just("2026-02-30"), st.just("../../etc/passwd"),
                   st.just("<script>alert(1)</script>"), st.just("'; DROP TABLE users; --"))
FORMS = st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(min_size=1, max_size=20), VALUES,
                        max_size=12)


def post_routes(app):
    """(endpoint, rule) for every POST route but signing out, with the visitor allowed to use it."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "POST" in rule.methods and rule.endpoint != "auth.logout":
            allowed = sorted(MATRIX[rule.endpoint] - {ANON}) or [ANON]
            yield rule, (A if A in allowed else allowed[0])


def test_every_form_answers_arbitrary_input_without_a_server_error(app, client, auth, world):
    people, values = world
    errors = []
    for rule, visitor in post_routes(app):
        url = rule.build(values, append_unknown=False)[1]
        client.post("/auth/logout")
        if visitor != ANON:
            auth.login(people[visitor].email)

        @settings(max_examples=12, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(data=FORMS)
        def post(data):
            response = client.post(url, data=data)
            count("fuzz cases run")
            if response.status_code >= 500:
                errors.append(f"{visitor} POST {url} {data!r}: {response.status_code}")

        post()
    assert errors == [], "\n".join(errors[:10])
