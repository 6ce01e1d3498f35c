"""The audit trail: append-only records, each chained to the previous one by SHA-256."""
import hashlib
import json
from datetime import timezone

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models import AuditHead, AuditRecord, User, now

GENESIS = "0" * 64


def digest(record: AuditRecord) -> str:
    """The hash over everything a record says, and the hash of the record before it."""
    at = record.at if record.at.tzinfo else record.at.replace(tzinfo=timezone.utc)
    body = json.dumps([record.seq, at.astimezone(timezone.utc).isoformat(), record.actor_id,
                       record.actor, record.verb, record.target, record.payload, record.ip,
                       record.prev_hash], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def record(verb: str, target: str = "", actor: User | None = None, **payload) -> AuditRecord:
    """Append a record in the caller's transaction (it commits with the act it records)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    head = db.session.execute(
        db.update(AuditHead).where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1).returning(AuditHead.seq, AuditHead.hash)).first()
    if head is None:  # the migration seeds the head; only an emptied table lacks it
        db.session.add(AuditHead(id=1, seq=1, hash=GENESIS))
        db.session.flush()
        head = (1, GENESIS)
    entry = AuditRecord(seq=head[0], at=now(), actor_id=actor.id if actor else None,
                        actor=actor.email if actor else "", verb=verb, target=target,
                        payload=payload, ip=(request.remote_addr or "") if has_request_context() else "",
                        prev_hash=head[1])
    entry.hash = digest(entry)
    db.session.add(entry)
    db.session.execute(db.update(AuditHead).where(AuditHead.id == 1).values(hash=entry.hash))
    return entry


def first_broken(batch: int = 1000) -> tuple[int, str] | None:
    """The first record whose chain does not hold, and why; None if the trail is intact."""
    expected_prev, expected_seq = GENESIS, 1
    last_seq = 0
    while True:
        rows = db.session.execute(db.select(AuditRecord).where(AuditRecord.seq > last_seq)
                                  .order_by(AuditRecord.seq).limit(batch)).scalars().all()
        for row in rows:
            if row.seq != expected_seq:
                return expected_seq, "missing"
            if row.prev_hash != expected_prev:
                return row.seq, "does not follow the record before it"
            if digest(row) != row.hash:
                return row.seq, "was changed"
            expected_prev, expected_seq, last_seq = row.hash, row.seq + 1, row.seq
        if len(rows) < batch:
            break
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq, head.hash) != (last_seq, expected_prev):
        return last_seq + 1, "missing at the end of the trail"
    return None
