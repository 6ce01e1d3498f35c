"""The declarations' labels in one language, as the pages draw them.

Built once a process for each language: a label looked up where it is drawn cost a twentieth
of a queue page and most of an applicant's list. Built again when a declaration is replaced,
which the tests do.
"""
from typing import NamedTuple

from markupsafe import Markup, escape

from procedures import PROCEDURES


class Labels(NamedTuple):
    procedures: dict[str, str]  # a procedure's code: its short name
    states: dict[str, str]  # a state's name: its label (the same in every procedure declaring it)
    actions: dict[str, dict[str, str]]  # a procedure's code: its actions' labels
    escaped: dict[tuple[str, str | None], Markup]  # (code, None): short name; (code, state): label


_BUILT: dict[str, tuple[dict, Labels]] = {}


def in_language(locale: str) -> Labels:
    declared, labels = _BUILT.get(locale, (None, None))
    if declared != PROCEDURES:
        declared = dict(PROCEDURES)
        labels = _labels(declared, locale)
        _BUILT[locale] = declared, labels
    return labels


def _labels(declared: dict, locale: str) -> Labels:
    names = {code: p.short_name.get(locale) for code, p in declared.items()}
    states = {(code, s.name): s.label.get(locale) for code, p in declared.items() for s in p.flow.states}
    escaped = {(code, None): escape(name) for code, name in names.items()}
    escaped.update((key, escape(label)) for key, label in states.items())
    return Labels(procedures=names, states={name: label for (_, name), label in states.items()},
                  actions={code: {t.action: t.label.get(locale) for t in p.flow.transitions}
                           for code, p in declared.items()},
                  escaped=escaped)
