"""An incident case from the report to its closing: the acknowledgement code, the staged
reports owed and when, the indicators that link cases, and who may see a case at all. The
case's steps are declared in procedures/incidents.CASE_FLOW and taken by the engine
(portal/incidents/__init__.py registers it)."""
import ipaddress
import re
from urllib.parse import urlsplit
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy.orm import joinedload, selectinload

from procedures import APPLICANT, RESPONDER
from procedures.incidents import CASE_FLOW, INDICATOR_KINDS, REGIMES, SEVERITIES, Stage, stages_due

from portal.engine import Refused
from portal.extensions import db
from portal.infra import audit, numbering
from portal.models import Incident, IncidentCoordination, IncidentIndicator, IncidentReport, User, now

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
HEX_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64}
MAX_INDICATOR = 500  # the column's length


def utc(moment: datetime) -> datetime:
    """A stored moment as aware UTC (SQLite hands back naive UTC)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def normalise(kind: str, value: str) -> str:
    """The indicator as stored and compared (hashes, names and a URL's scheme and host in lower
    case); ValueError if it is not one of its kind."""
    value = value.strip()
    if kind not in INDICATOR_KINDS or not value or len(value) > MAX_INDICATOR:
        raise ValueError(value)
    if kind in ("ipv4", "ipv6"):
        address = ipaddress.ip_address(value)
        if address.version != int(kind[-1]):
            raise ValueError(value)
        return str(address)
    if kind == "url":
        parts = urlsplit(value)
        if not parts.hostname or any(c.isspace() for c in value):
            raise ValueError(value)
        return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()
    value = value.lower()
    if kind in HEX_LENGTHS and not re.fullmatch(rf"[0-9a-f]{{{HEX_LENGTHS[kind]}}}", value):
        raise ValueError(value)
    if kind == "domain" and not DOMAIN.match(value.rstrip(".")):
        raise ValueError(value)
    return value.rstrip(".") if kind == "domain" else value


def classify(value: str) -> tuple[str, str]:
    """The kind of an indicator typed on a line of its own, and its stored form; ValueError if
    it is none of them."""
    value = value.strip()
    guesses = (("ipv4", "ipv6") if re.fullmatch(r"[0-9a-fA-F:.]+", value) and not value.isalnum() else ())
    guesses += tuple(k for k, n in HEX_LENGTHS.items() if len(value) == n)
    guesses += ("url",) if re.match(r"(?i)^(https?|ftp)://\S+$", value) else ("domain",)
    for kind in guesses:
        try:
            return kind, normalise(kind, value)
        except ValueError:
            continue
    raise ValueError(value)


def report(reporter: User, *, regime: str, system: str, detected_at: datetime, incident_type: str,
           severity: str, impact: str, actions_taken: str, tlp: str, summary: str,
           indicators: list[tuple[str, str]]) -> Incident:
    """Open a case with its first report (the first stage its regime asks for) and an
    acknowledgement code. The caller commits."""
    moment = now()
    incident = Incident(ack_code=f"SC-{moment.year}-{numbering.next_value('incident', moment.year):06d}",
                        enterprise_id=reporter.enterprise_id, reporter=reporter, regime=regime,
                        system=system, detected_at=detected_at, reported_at=moment,
                        incident_type=incident_type, severity=severity, impact=impact,
                        actions_taken=actions_taken, tlp=tlp, state=CASE_FLOW.initial)
    first = REGIMES[regime].stages_for(severity)[0]
    incident.reports.append(IncidentReport(stage=first.code, body=summary, tlp=tlp, filed_by=reporter,
                                           filed_at=moment))
    for kind, value in dict.fromkeys(indicators):
        incident.indicators.append(IncidentIndicator(kind=kind, value=value, tlp=tlp))
    db.session.add(incident)
    db.session.flush()
    audit.record("incident_reported", incident.ack_code, actor=reporter, severity=severity, tlp=tlp)
    return incident


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    due: datetime | None
    filed_at: datetime | None

    def late(self, at: datetime) -> bool:
        """Not filed by its due time (or filed after it); "at once" is met by being first."""
        if self.due is None or self.stage.within.at_once:
            return False
        return (self.filed_at or at) > self.due


def schedule(incident: Incident) -> list[StageStatus]:
    """Each stage the case owes: when it is due, and when it was filed."""
    filed: dict[str, datetime] = {}
    for r in incident.reports:
        filed.setdefault(r.stage, utc(r.filed_at))
    due = stages_due(REGIMES[incident.regime], incident.severity, utc(incident.detected_at), filed)
    return [StageStatus(stage, when, filed.get(stage.code)) for stage, when in due]


def next_due(incident: Incident) -> StageStatus | None:
    """The first stage with a due time not filed yet, while the case is open."""
    if is_closed(incident):
        return None
    return next((s for s in schedule(incident) if s.filed_at is None and s.due is not None), None)


def is_late(incident: Incident, at: datetime | None = None) -> bool:
    return not is_closed(incident) and any(s.late(at or now()) for s in schedule(incident)
                                           if s.filed_at is None)


def fileable(incident: Incident) -> list[Stage]:
    """The stages a report may be filed for now: those not filed yet, and those without a
    fixed time (updates), while the case is open."""
    if is_closed(incident):
        return []
    return [s.stage for s in schedule(incident) if s.filed_at is None or s.stage.within is None]


def file_report(incident: Incident, reporter: User, stage: str, body: str, tlp: str) -> IncidentReport:
    if stage not in {s.code for s in fileable(incident)}:
        raise Refused(["stage"])
    entry = IncidentReport(stage=stage, body=body, tlp=tlp, filed_by=reporter, filed_at=now())
    incident.reports.append(entry)
    audit.record("incident_report_filed", incident.ack_code, actor=reporter, stage=stage)
    return entry


def is_closed(incident: Incident) -> bool:
    return CASE_FLOW.state(incident.state).final


def coordinate(incident: Incident, officer: User, team: str, note: str) -> IncidentCoordination:
    entry = IncidentCoordination(incident=incident, team=team, note=note, recorded_by=officer)
    db.session.add(entry)
    audit.record("incident_coordinated", incident.ack_code, actor=officer, team=team)
    return entry


def visible(user: User):
    """The cases `user` may see at all: every case for the unit, its own organisation's for a
    reporter, none for anyone else, whatever its TLP label."""
    if user.role == RESPONDER:
        return db.true()
    if user.role == APPLICANT:
        return Incident.enterprise_id == user.enterprise_id
    return db.false()


def get_visible(user: User, incident_id: int) -> Incident | None:
    return db.session.execute(db.select(Incident).where(Incident.id == incident_id, visible(user))
                              ).scalar_one_or_none()


def triage_due(incident: Incident) -> datetime:
    """The unit's own deadline to triage the case (procedures/incidents.SEVERITIES)."""
    return utc(incident.reported_at) + SEVERITIES[incident.severity].triage_within


def listed() -> tuple:
    """What a list of cases loads with each: its organisation, and its reports for what is due.
    Built when a list is drawn, not at import: an option on a relationship configures all the
    mappers, a tenth of start-up."""
    return joinedload(Incident.enterprise), selectinload(Incident.reports)


def queue() -> list[Incident]:
    """The open cases, most severe first, then the one whose triage is due soonest."""
    open_states = [s.name for s in CASE_FLOW.states if not s.final]
    cases = db.session.execute(db.select(Incident).where(Incident.state.in_(open_states))
                               .options(*listed())).scalars()
    return sorted(cases, key=lambda i: (SEVERITIES[i.severity].rank, triage_due(i), i.id))


def linked(incident: Incident) -> dict[Incident, list[IncidentIndicator]]:
    """Other cases that reported one of this case's indicators, with the indicators shared."""
    pairs = [(i.kind, i.value) for i in incident.indicators]
    if not pairs:
        return {}
    found = db.session.execute(db.select(IncidentIndicator).where(
        db.tuple_(IncidentIndicator.kind, IncidentIndicator.value).in_(pairs),
        IncidentIndicator.incident_id != incident.id).order_by(IncidentIndicator.incident_id)).scalars()
    links: dict[Incident, list[IncidentIndicator]] = {}
    for indicator in found:
        links.setdefault(indicator.incident, []).append(indicator)
    return links
