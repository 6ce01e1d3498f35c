"""The declarations are complete and consistent: every state reachable, every
open state has a way out, every name the engine looks up exists."""
import re
from pathlib import Path

import pytest

from portal import documents, dossiers  # noqa: F401 (they register their guards and effects)
from portal.dossiers.guards import PRECONDITIONS
from portal.engine import EFFECTS, GUARDS
from procedures import BASE_FLOW, LETTERS, PROCEDURES, RESULT_KINDS, ROLES, SYSTEM, to_mermaid

CODES = list(PROCEDURES)
FIELD_KINDS = {"text", "textarea", "date", "integer", "choice", "multichoice", "email", "phone",
               "identifier_names", "product_lines"}


def reachable(flow):
    seen, frontier = {flow.initial}, [flow.initial]
    while frontier:
        for t in flow.from_state(frontier.pop()):
            if t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    return seen


def test_there_are_the_ten_licensing_procedures_and_the_security_level_approval():
    assert CODES == ["bl_grant", "bl_grant_sec", "bl_amend", "bl_renew", "bl_reissue",
                     "imp_grant", "imp_reissue", "id_grant", "id_reissue", "id_renew", "sl_approval"]
    assert {p.service for p in PROCEDURES.values()} == {
        "business_licence", "import_permit", "identifier_name", "security_level"}


@pytest.mark.parametrize("code", CODES)
def test_every_state_is_reachable_and_every_open_state_has_an_exit(code):
    flow = PROCEDURES[code].flow
    assert reachable(flow) == set(flow.state_names)
    for state in flow.states:
        assert state.final == (not flow.from_state(state.name)), state.name
    assert "issued" in flow.final_states and "refused" in flow.final_states


@pytest.mark.parametrize("code", CODES)
def test_every_transition_names_known_states_roles_guards_and_effects(code):
    procedure = PROCEDURES[code]
    states = set(procedure.flow.state_names)
    for t in procedure.flow.transitions:
        assert set(t.sources) <= states and t.target in states, t.action
        assert t.roles and t.roles <= {*ROLES, SYSTEM}, t.action
        assert all(g in GUARDS for g in t.guards), t.action
        assert all(e in EFFECTS for e in t.effects), t.action
    assert all(p.check in PRECONDITIONS for p in procedure.preconditions)


TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pdf"


@pytest.mark.parametrize("code", CODES)
def test_every_letter_a_transition_names_is_declared_with_its_template(code):
    for t in PROCEDURES[code].flow.transitions:
        assert t.letter is None or (TEMPLATES / LETTERS[t.letter].template).is_file(), t.action
    assert PROCEDURES[code].result.kind in RESULT_KINDS


@pytest.mark.parametrize("kind", list(RESULT_KINDS))
def test_every_result_kind_has_a_template_and_a_lifecycle_the_engine_can_run(kind):
    declared = RESULT_KINDS[kind]
    assert (TEMPLATES / declared.template).is_file()
    assert declared.rests_on in (None, *RESULT_KINDS)
    lifecycle = declared.lifecycle
    assert reachable(lifecycle) == set(lifecycle.state_names)
    for t in lifecycle.transitions:
        assert t.roles <= set(ROLES) | {SYSTEM}, t.action
        assert all(g in GUARDS for g in t.guards) and all(e in EFFECTS for e in t.effects), t.action
        assert t.letter is None or (TEMPLATES / LETTERS[t.letter].template).is_file(), t.action
        assert not t.max_months or "period_allowed" in t.guards, t.action
        assert not t.grounds or "ground_cited" in t.guards, t.action
    assert len({d.series for d in RESULT_KINDS.values()}) == len(RESULT_KINDS)


def test_a_result_kinds_lifecycle_is_drawn_by_the_cli(runner):
    result = runner.invoke(args=["procedures", "diagram", "identifier_certificate"])
    assert result.exit_code == 0
    assert "active --> revoked: revoke" in result.output and "suspend" not in result.output
    assert result.output == to_mermaid(RESULT_KINDS["identifier_certificate"].lifecycle)


@pytest.mark.parametrize("code", CODES)
def test_an_action_leads_to_one_place_from_each_state(code):
    pairs = [(s, t.action) for t in PROCEDURES[code].flow.transitions for s in t.sources]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize("code", CODES)
def test_issuing_happens_only_on_entering_issued(code):
    for t in PROCEDURES[code].flow.transitions:
        assert ("issue_document" in t.effects) == (t.target == "issued"), t.action


@pytest.mark.parametrize("code", CODES)
def test_what_a_business_reads_is_declared_in_both_languages(code):
    p = PROCEDURES[code]
    labels = [p.name, p.short_name, p.applicants, p.result.label,
              *(t.label for v in p.versions for t in v.legal_basis),
              *(v.note for v in p.versions if v.note),
              *(x.label for x in (*p.checklist, *p.fields, *p.preconditions)),
              *(s.label for s in p.flow.states), *(t.label for t in p.flow.transitions)]
    for label in labels:
        assert label.vi.strip() and label.en.strip()
    assert all(f.kind in FIELD_KINDS for f in p.fields)
    assert all(set(r.types) <= {"pdf", "jpeg", "png"} for r in p.checklist)
    assert any(r.required for r in p.checklist)
    assert p.time_limits.handling > 0


@pytest.mark.parametrize("code", CODES)
def test_follow_on_procedures_start_from_a_document_and_check_it(code):
    p = PROCEDURES[code]
    checks = {c.check for c in p.preconditions}
    assert (p.starts_from is not None) == ("subject_active" in checks)
    if p.result.validity.base == "subject_expiry":
        assert p.starts_from == p.result.kind


def test_business_licence_allows_one_supplementation_and_import_permits_any():
    assert PROCEDURES["bl_grant"].time_limits.supplement_limit == 1
    assert PROCEDURES["bl_grant"].time_limits.supplement_answer == 10
    assert PROCEDURES["imp_grant"].time_limits.supplement_limit is None
    assert "request_supplement" not in {t.action for t in PROCEDURES["id_grant"].flow.transitions}


def test_the_readme_carries_the_generated_base_flow_diagram():
    readme = Path(__file__).parents[1].joinpath("README.md").read_text(encoding="utf-8")
    block = re.search(r"```mermaid\n(stateDiagram-v2\n.*?)```", readme, re.S)
    assert block, "README.md has no mermaid stateDiagram-v2 block"
    assert block.group(1) == to_mermaid(BASE_FLOW)


def test_diagram_and_list_commands_print_the_declarations(runner):
    import json
    listed = json.loads(runner.invoke(args=["procedures", "list", "--json"]).output)
    assert [p["code"] for p in listed] == CODES
    approve = next(t for t in listed[0]["transitions"] if t["action"] == "approve")
    assert approve["roles"] == ["leader"] and approve["to"] == "issued"
    result = runner.invoke(args=["procedures", "diagram", "id_grant"])
    assert result.output == to_mermaid(PROCEDURES["id_grant"].flow)
    assert "awaiting_payment --> issued: confirm_payment" in result.output
    assert runner.invoke(args=["procedures", "diagram", "nope"]).exit_code != 0
