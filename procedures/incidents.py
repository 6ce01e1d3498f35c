"""Cybersecurity incident notification, as data: the reporting regimes and their staged
reports, the severities, the incident types, the kinds of indicator, the Traffic Light
Protocol 2.0 labels, and the case's workflow in the procedures' vocabulary. No Flask.

What the issue cites: Directive 33 of 2024 makes notifying incidents mandatory; Decision
05/2017 sets the national emergency-response plan; Circular 20/2017 Art. 9 (a report within 5
days of detection, serious incidents at once, then updates and a closing report); NIS2
Directive Art. 23 (an early warning within 24 hours, a notification within 72 hours, a final
report within one month). Everything else here is marked as the portal's assumption.

Deadlines run in hours and calendar days from the moment of detection (or from the stage
before), never in working days: an incident does not wait for Monday.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from ._base import APPLICANT as REPORTER, RESPONDER, Flow, Label, State, Transition


@dataclass(frozen=True)
class Severity:
    code: str
    label: Label
    rank: int  # 0 is the most severe: the unit's queue sorts by it
    serious: bool  # Circular 20/2017 Art. 9: serious incidents are reported at once
    triage_within: timedelta  # the unit's own deadline to triage a new case


# The scale and the unit's triage deadlines are the portal's assumption: the issue names
# "serious" incidents but no scale.
SEVERITIES = {s.code: s for s in (
    Severity("critical", Label("Đặc biệt nghiêm trọng", "Critical"), 0, True, timedelta(hours=2)),
    Severity("high", Label("Nghiêm trọng", "Serious"), 1, True, timedelta(hours=8)),
    Severity("medium", Label("Trung bình", "Medium"), 2, False, timedelta(hours=24)),
    Severity("low", Label("Thấp", "Low"), 3, False, timedelta(hours=72)),
)}
SERIOUS = frozenset(code for code, s in SEVERITIES.items() if s.serious)
EVERY_SEVERITY = frozenset(SEVERITIES)

# The portal's assumption: a short list of common kinds, "other" for the rest.
INCIDENT_TYPES = {code: label for code, label in (
    ("malware", Label("Mã độc", "Malware")),
    ("ransomware", Label("Mã độc tống tiền", "Ransomware")),
    ("intrusion", Label("Xâm nhập trái phép", "Intrusion")),
    ("ddos", Label("Tấn công từ chối dịch vụ", "Denial of service")),
    ("phishing", Label("Lừa đảo (phishing)", "Phishing")),
    ("data_leak", Label("Lộ, mất dữ liệu", "Data leak")),
    ("defacement", Label("Thay đổi giao diện trang web", "Defacement")),
    ("other", Label("Khác", "Other")),
)}

# Indicators of compromise, with the STIX 2.1 pattern path each becomes.
INDICATOR_KINDS = {code: (label, path) for code, label, path in (
    ("ipv4", Label("Địa chỉ IPv4", "IPv4 address"), "ipv4-addr:value"),
    ("ipv6", Label("Địa chỉ IPv6", "IPv6 address"), "ipv6-addr:value"),
    ("domain", Label("Tên miền", "Domain name"), "domain-name:value"),
    ("url", Label("Địa chỉ URL", "URL"), "url:value"),
    ("md5", Label("Mã băm MD5", "MD5 hash"), "file:hashes.MD5"),
    ("sha1", Label("Mã băm SHA-1", "SHA-1 hash"), "file:hashes.'SHA-1'"),
    ("sha256", Label("Mã băm SHA-256", "SHA-256 hash"), "file:hashes.'SHA-256'"),
)}


@dataclass(frozen=True)
class Tlp:
    """A Traffic Light Protocol 2.0 label (FIRST, 2022) and the STIX 2.1 marking that carries it
    (the OASIS TLP 2.0 marking definitions)."""

    code: str
    label: Label
    rank: int  # 0 is the most restricted
    exportable: bool  # may leave the portal in a STIX bundle for the response alliance
    stix_id: str


# Who may see a case is always the unit and the reporting organisation. Which labels may go
# to the alliance is the portal's assumption: RED is for its named recipients only and
# AMBER+STRICT for the recipient's own organisation, so neither leaves; AMBER, GREEN and CLEAR
# do, each marked so the alliance knows how far it may pass them on.
TLP_LABELS = {t.code: t for t in (
    Tlp("red", Label("TLP:RED", "TLP:RED"), 0, False,
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"),
    Tlp("amber_strict", Label("TLP:AMBER+STRICT", "TLP:AMBER+STRICT"), 1, False,
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    Tlp("amber", Label("TLP:AMBER", "TLP:AMBER"), 2, True,
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    Tlp("green", Label("TLP:GREEN", "TLP:GREEN"), 3, True,
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    Tlp("clear", Label("TLP:CLEAR", "TLP:CLEAR"), 4, True,
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
)}


@dataclass(frozen=True)
class Period:
    """A span in hours, calendar days and calendar months; never working days."""

    hours: int = 0
    days: int = 0
    months: int = 0

    def after(self, moment: datetime) -> datetime:
        return add_months(moment, self.months) + timedelta(days=self.days, hours=self.hours)

    @property
    def at_once(self) -> bool:
        return self == Period()


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, or the month's last day if it has no such day."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month,
                          day=min(moment.day, calendar.monthrange(year, month)[1]))


DETECTION = "detection"


@dataclass(frozen=True)
class Stage:
    """One report a regime asks for: due `within` after detection or after the stage named in
    `after` (its filing, or its due time while not filed); `within` None: no fixed time."""

    code: str
    label: Label
    within: Period | None
    after: str = DETECTION
    severities: frozenset[str] = EVERY_SEVERITY
    # Reminders, before the due time (the portal's assumption): each sent once.
    remind_before: tuple[timedelta, ...] = ()
    # The report that ends the case's reporting: no stage follows it.
    closing: bool = False


@dataclass(frozen=True)
class Regime:
    code: str
    label: Label
    legal_basis: Label
    stages: tuple[Stage, ...]

    def stages_for(self, severity: str) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if severity in s.severities)


VN = Regime(
    "vn_circular_20_2017",
    Label("Quy định của Việt Nam", "Vietnamese rules"),
    Label("Thông tư 20/2017, Điều 9", "Circular 20/2017, Article 9"),
    (
        Stage("immediate", Label("Báo cáo ngay (sự cố nghiêm trọng)", "Immediate report (serious incident)"),
              Period(), severities=SERIOUS),
        Stage("initial", Label("Báo cáo ban đầu", "Initial report"), Period(days=5),
              severities=EVERY_SEVERITY - SERIOUS, remind_before=(timedelta(days=1),)),
        # "then updates and a closing report": the issue states no time for either.
        Stage("update", Label("Báo cáo cập nhật", "Update"), None),
        Stage("closing", Label("Báo cáo kết thúc", "Closing report"), None, closing=True),
    ))

NIS2 = Regime(
    "eu_nis2",
    Label("Chỉ thị NIS2 của EU (mô hình tham chiếu)", "EU NIS2 Directive (the model to beat)"),
    Label("Chỉ thị NIS2 của EU, Điều 23", "EU NIS2 Directive, Article 23"),
    (
        Stage("early_warning", Label("Cảnh báo sớm", "Early warning"), Period(hours=24),
              remind_before=(timedelta(hours=6),)),
        Stage("notification", Label("Thông báo sự cố", "Incident notification"), Period(hours=72),
              remind_before=(timedelta(hours=12),)),
        # "Within one month", counted from the notification: the portal's reading.
        Stage("final", Label("Báo cáo cuối cùng", "Final report"), Period(months=1), after="notification",
              remind_before=(timedelta(days=3),), closing=True),
    ))

REGIMES = {r.code: r for r in (VN, NIS2)}
STAGE_CODES = tuple(dict.fromkeys(s.code for r in REGIMES.values() for s in r.stages))


# The case's workflow. The reporting organisation files staged reports at any time while the
# case is open; these are the unit's steps and the reporter's answers.
RESPONDERS, REPORTERS = frozenset({RESPONDER}), frozenset({REPORTER})
CASE_FLOW = Flow(
    states=(
        State("reported", Label("Đã tiếp nhận, chờ phân loại", "Received, awaiting triage"),
              waiting_on=RESPONDER, queue="triage"),
        State("responding", Label("Đang xử lý", "Being handled"), waiting_on=RESPONDER, queue="open"),
        State("questioned", Label("Chờ tổ chức trả lời", "Awaiting the organisation's answer"),
              waiting_on=REPORTER, queue="open"),
        State("closed_case", Label("Đã đóng", "Closed"), final=True),
    ),
    transitions=(
        Transition("triage", ("reported",), "responding", RESPONDERS,
                   Label("Phân loại, tiếp nhận xử lý", "Triage and take up"), optional_note=True),
        Transition("ask", ("reported", "responding", "questioned"), "questioned", RESPONDERS,
                   Label("Đặt câu hỏi cho tổ chức", "Ask the organisation"), needs_note=True),
        Transition("answer", ("questioned",), "responding", REPORTERS,
                   Label("Trả lời câu hỏi", "Answer the question"), needs_note=True),
        Transition("close_case", ("reported", "responding", "questioned"), "closed_case", RESPONDERS,
                   Label("Đóng sự cố", "Close the case"), needs_note=True),
    ),
    initial="reported")


def stages_due(regime: Regime, severity: str, detected_at: datetime,
               filed: dict[str, datetime]) -> list[tuple[Stage, datetime | None]]:
    """Each stage the case owes, with its due time: from detection, or from the stage it
    follows (when that stage was filed, else when it was due)."""
    due: dict[str, datetime | None] = {}
    for stage in regime.stages_for(severity):
        if stage.within is None:
            due[stage.code] = None
            continue
        start = detected_at if stage.after == DETECTION else filed.get(stage.after) or due.get(stage.after)
        due[stage.code] = stage.within.after(start) if start else None
    return [(s, due[s.code]) for s in regime.stages_for(severity)]
