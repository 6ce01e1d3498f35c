"""A case as a STIX 2.1 bundle (the `stix2` package), for sharing with the response alliance.

Every object carries the TLP 2.0 marking of what it came from (the OASIS TLP 2.0 marking
definitions, by their published ids). A case whose own label may not leave the portal
(procedures/incidents.Tlp.exportable) is not exported at all; in a case that may leave, a
report, indicator or attachment labelled stricter than that is left out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from procedures.incidents import INCIDENT_TYPES, INDICATOR_KINDS, SEVERITIES, TLP_LABELS

from portal.incidents.cases import utc
from portal.models import Incident

if TYPE_CHECKING:
    import stix2

TLP_2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_2_AUTHOR = "identity--a0c22599-9e58-4da4-96ac-7051603fa951"
TLP_2_VALUES = {"red": "red", "amber_strict": "amber+strict", "amber": "amber", "green": "green",
                "clear": "clear"}


def _marking(tlp: str) -> stix2.MarkingDefinition:
    import stix2
    label = TLP_LABELS[tlp]
    return stix2.MarkingDefinition(
        id=label.stix_id, created="2022-10-01T00:00:00.000Z", created_by_ref=TLP_2_AUTHOR,
        name=label.label.en, extensions={TLP_2_EXTENSION: {"extension_type": "property-extension",
                                                           "tlp_2_0": TLP_2_VALUES[tlp]}})


def exportable(incident: Incident) -> bool:
    return TLP_LABELS[incident.tlp].exportable


def _shared(tlp: str) -> bool:
    return TLP_LABELS[tlp].exportable


def bundle(incident: Incident) -> stix2.Bundle:
    """The case, its indicators and reports, each marked with its label; what may not leave is
    not in it. The caller checks `exportable` first."""
    if not exportable(incident):
        raise PermissionError(incident.ack_code)
    import stix2  # on the first export: a sixth of start-up otherwise
    marks = lambda tlp: [TLP_LABELS[tlp].stix_id]  # noqa: E731
    case = stix2.v21.Incident(
        name=f"{incident.ack_code}: {INCIDENT_TYPES[incident.incident_type].en}",
        description=incident.impact, created=utc(incident.reported_at),
        labels=[incident.incident_type, f"severity:{SEVERITIES[incident.severity].code}"],
        external_references=[{"source_name": "cyberlicence-portal", "external_id": incident.ack_code}],
        object_marking_refs=marks(incident.tlp), allow_custom=False)
    objects = [case]
    for indicator in (i for i in incident.indicators if _shared(i.tlp)):
        label, path = INDICATOR_KINDS[indicator.kind]
        value = indicator.value.replace("\\", "\\\\").replace("'", "\\'")
        found = stix2.Indicator(name=f"{label.en}: {indicator.value}", pattern_type="stix",
                                description=f"Reported in {incident.ack_code}",
                                pattern=f"[{path} = '{value}']", valid_from=utc(incident.detected_at),
                                object_marking_refs=marks(indicator.tlp))
        # "related-to": STIX suggests "indicates" only for threats (malware, campaigns...), and
        # a report of an incident names none.
        objects += [found, stix2.Relationship(found, "related-to", case, object_marking_refs=marks(indicator.tlp))]
    for entry in (r for r in incident.reports if _shared(r.tlp)):
        objects.append(stix2.Note(content=entry.body, abstract=entry.stage, created=utc(entry.filed_at),
                                  object_refs=[case.id], object_marking_refs=marks(entry.tlp)))
    used = {ref for o in objects for ref in o.object_marking_refs}
    return stix2.Bundle(*objects, *(_marking(t) for t in TLP_LABELS if TLP_LABELS[t].stix_id in used))
