"""The workflow's knowledge lives in the declarations: code asks them, it never spells an
action or a state. And the package says what kind of thing each module is."""
import ast
import re
from pathlib import Path

from procedures import PROCEDURES, RESULT_KINDS
from procedures.incidents import CASE_FLOW

ROOT = Path(__file__).resolve().parent.parent
# The declarations are procedures/; the engine is the one place that may name the vocabulary.
ENGINE = ROOT / "portal" / "engine.py"
ALLOWED_LITERALS = 6
MODULES_IN_PORTAL = 12

FLOWS = [p.flow for p in PROCEDURES.values()] + [k.lifecycle for k in RESULT_KINDS.values()] + [CASE_FLOW]
NAMES = ({t.action for f in FLOWS for t in f.transitions}
         | {s.name for f in FLOWS for s in f.states})
JINJA_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.S)
JINJA_STRING = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def python_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    return [f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in NAMES]


def template_literals(path: Path) -> list[str]:
    """String literals inside Jinja expressions and statements (HTML attributes such as
    type="submit" are markup, not workflow)."""
    text = path.read_text()
    found = []
    for tag in JINJA_TAG.finditer(text):
        for match in JINJA_STRING.finditer(tag.group()):
            value = match.group(1) if match.group(1) is not None else match.group(2)
            if value in NAMES:
                line = text.count("\n", 0, tag.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line} {value!r}")
    return found


def workflow_literals() -> list[str]:
    code = [p for p in (ROOT / "portal").rglob("*.py") if "migrations" not in p.parts and p != ENGINE]
    templates = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    return ([hit for p in sorted(code) for hit in python_literals(p)]
            + [hit for p in sorted(templates) for hit in template_literals(p)])


def test_no_action_or_state_name_is_spelled_outside_the_declarations_and_the_engine():
    found = workflow_literals()
    assert len(found) <= ALLOWED_LITERALS, "\n".join(found)


def test_the_check_sees_a_name_spelled_in_code_or_a_template(tmp_path):
    module, template = tmp_path / "m.py", tmp_path / "t.html"
    module.write_text('if dossier.state == "pending_approval":\n    pass\n')
    template.write_text('<button type="submit">{% if event.action == "approve" %}x{% endif %}</button>')
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert len(python_literals(module)) == 1 and len(template_literals(template)) == 1
    finally:
        ROOT = saved


def test_the_portal_package_holds_few_modules_and_the_rest_by_concern():
    modules = sorted(p.name for p in (ROOT / "portal").glob("*.py"))
    assert len(modules) <= MODULES_IN_PORTAL, modules
    for package in ("web", "dossiers", "documents", "infra"):
        assert (ROOT / "portal" / package / "__init__.py").is_file()
