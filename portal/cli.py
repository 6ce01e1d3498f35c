"""Commands for users and operators: `flask --app portal ...`."""
import json
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from procedures import APPLICANT, BASE_FLOW, PROCEDURES, RESULT_KINDS, to_mermaid

from portal.infra import workdays

procedures_cli = AppGroup("procedures", help="The procedures as declared.")


def describe(procedure) -> dict:
    """A procedure's declaration as plain JSON-able data, with the terms in force today."""
    flow, terms = procedure.flow, procedure.in_force(workdays.today())
    return {
        "code": procedure.code,
        "name": {"vi": procedure.name.vi, "en": procedure.name.en},
        "service": procedure.service,
        "starts_from": procedure.starts_from,
        "version": terms.key,
        "time_limits": {"intake": terms.time_limits.intake,
                        "handling": terms.time_limits.handling,
                        "supplement_answer": terms.time_limits.supplement_answer,
                        "supplement_limit": terms.time_limits.supplement_limit},
        "fee": terms.fee.amount,
        "result": procedure.result.kind,
        "checklist": [r.key for r in terms.checklist],
        "fields": [f.name for f in procedure.fields],
        "states": [{"name": s.name, "final": s.final, "waiting_on": s.waiting_on} for s in flow.states],
        "transitions": [{"action": t.action, "from": list(t.sources), "to": t.target,
                         "roles": sorted(t.roles), "guards": list(t.guards),
                         "effects": list(t.effects), "letter": t.letter, "clock": t.clock}
                        for t in flow.transitions],
    }


@procedures_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the declarations as JSON.")
def list_procedures(as_json: bool) -> None:
    """List the declared procedures."""
    if as_json:
        click.echo(json.dumps([describe(p) for p in PROCEDURES.values()], ensure_ascii=False, indent=2))
        return
    for p in PROCEDURES.values():
        click.echo(f"{p.code:<12} {p.in_force(workdays.today()).time_limits.handling:>3} WD  {p.name.vi}")


@procedures_cli.command("diagram")
@click.argument("code")
def diagram(code: str) -> None:
    """Print CODE's workflow as a Mermaid stateDiagram-v2: a procedure's, 'base' for the
    shared flow, or a result kind's lifecycle (e.g. business_licence)."""
    flows = {"base": BASE_FLOW, **{c: p.flow for c, p in PROCEDURES.items()},
             **{k: kind.lifecycle for k, kind in RESULT_KINDS.items()}}
    if code not in flows:
        raise click.BadParameter(f"unknown; one of: {', '.join(flows)}", param_hint="CODE")
    click.echo(to_mermaid(flows[code]), nl=False)


@procedures_cli.command("due")
@click.argument("code")
@click.option("--submitted", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the dossier is submitted (YYYY-MM-DD).")
def due(code: str, submitted) -> None:
    """When the result of a CODE dossier submitted that day is due, every step taking its full
    time and nothing pausing the clock (working days, with the admins' calendar)."""
    from portal.dossiers.clock import full_time_due
    if code not in PROCEDURES:
        raise click.BadParameter(f"unknown procedure; one of: {', '.join(PROCEDURES)}", param_hint="CODE")
    procedure = PROCEDURES[code]
    limits = procedure.in_force(submitted.date()).time_limits
    click.echo(f"{procedure.name.en}: intake {limits.intake or 0} + handling {limits.handling} working days")
    click.echo(full_time_due(procedure, submitted.date()).isoformat())


@click.command("demo")
def demo_command() -> None:
    """Load the demo enterprise, officers and dossiers (safe to run again)."""
    from portal.demo import ACCOUNTS, OTHER_APPLICANTS, PASSWORD, load
    created = load()
    click.echo("Demo data loaded." if created else "Demo data already present.")
    for email, role in ACCOUNTS:
        click.echo(f"  {role:<10} {email:<28} password: {PASSWORD}")
    for email, kind, *_ in OTHER_APPLICANTS:
        click.echo(f"  {APPLICANT:<10} {email:<28} password: {PASSWORD} ({kind})")


outbox_cli = AppGroup("outbox", help="E-mail waiting to be sent.")


@outbox_cli.command("send")
def send_outbox() -> None:
    """Send the e-mail that is due over SMTP; what fails stays queued for a later try."""
    from portal.infra.outbox import send_pending
    sent, failed = send_pending()
    click.echo(f"sent {sent}, postponed {failed}")
    if failed:
        raise SystemExit(1)


webhooks_cli = AppGroup("webhooks", help="Status changes for the national systems (signed webhooks).")


@webhooks_cli.command("send")
def send_webhooks() -> None:
    """Deliver the status changes that are due, in order per dossier; run it every minute."""
    from portal.infra.webhooks import send_pending
    sent, failed = send_pending()
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)


@webhooks_cli.command("resend")
@click.option("--id", "delivery_id", type=int, help="Only this delivery (default: every one set aside).")
def resend_webhooks(delivery_id: int | None) -> None:
    """Put deliveries set aside after repeated failure back in line, then send what is due."""
    from portal.infra.webhooks import resend, send_pending
    click.echo(f"{resend(delivery_id)} put back")
    sent, failed = send_pending()
    click.echo(f"sent {sent}, failed {failed}")


audit_cli = AppGroup("audit", help="The hash-chained audit trail.")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Check every record's hash and link; exit 1 naming the first broken record."""
    from portal.infra.audit import first_broken
    from portal.models import AuditRecord
    from portal.extensions import db
    broken = first_broken()
    if broken:
        click.echo(f"audit trail broken at record {broken[0]}: {broken[1]}", err=True)
        raise SystemExit(1)
    click.echo(f"audit trail intact: {db.session.query(AuditRecord).count()} records")


documents_cli = AppGroup("documents", help="Issued documents.")


@documents_cli.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_document(file: Path) -> None:
    """Check FILE's signature and that it is, byte for byte, a document in the register."""
    from portal.documents.issued import find_by_hash
    from portal.documents.signing import signature_problems
    pdf = file.read_bytes()
    problems = signature_problems(pdf)
    for problem in problems:
        click.echo(f"signature: FAILED, {problem}")
    if not problems:
        click.echo("signature: valid, by the portal's signing certificate")
    document = find_by_hash(pdf)
    if document is None:
        click.echo("register: FAILED, no issued document has exactly this content")
    else:
        click.echo(f"register: matches {document.number} ({document.kind}, status {document.status}, "
                   f"valid {document.valid_from} to {document.valid_until})")
    if problems or document is None:
        raise SystemExit(1)


@documents_cli.command("samples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def samples(folder: Path) -> None:
    """Write FOLDER/<kind>.pdf for every document, letter and decision, with the longest
    realistic content; nothing is kept in the database or the stored files."""
    from portal.documents.samples import write
    for path in write(folder):
        click.echo(str(path))


@documents_cli.command("write-letters")
def write_letters() -> None:
    """Write, number, sign and store the letters of events that happened before letters were
    written at their event (once, after upgrading); each is dated as of its event."""
    from portal.documents.letters import write_missing
    from portal.extensions import db
    made = write_missing()
    db.session.commit()
    click.echo(f"{len(made)} letters written" + "".join(f"\n  {r.number} {r.name}" for r in made))


register_cli = AppGroup("register", help="The register of issued documents.")


@register_cli.command("record-expiries")
def expire_register() -> None:
    """Record the end of every document whose validity has run out (run it daily, from cron)."""
    from portal.documents.register import expire_lapsed
    from portal.extensions import db
    lapsed = expire_lapsed()
    db.session.commit()
    click.echo(f"{len(lapsed)} documents expired" + "".join(f"\n  {d.number}" for d in lapsed))


@register_cli.command("remind")
@click.option("--within-days", default=5, show_default=True, type=click.IntRange(min=0),
              help="Working days ahead to look for suspensions ending.")
def remind_register(within_days: int) -> None:
    """E-mail the leaders the suspensions that end soon or have ended (run it daily, from cron)."""
    from portal.extensions import db
    from portal.documents.register import remind_leaders
    count = remind_leaders(within_days)
    db.session.commit()
    click.echo(f"{count} suspensions to decide on; leaders will be e-mailed" if count
               else "no suspension ends soon")


@register_cli.command("remind-holders")
def remind_holders_command() -> None:
    """Tell holders' staff of renewals to file, documents expiring and periodic reports due,
    each reminder once (run it daily, from cron; twice, or on two instances, sends nothing twice)."""
    from portal.documents.reminders import remind_holders, remind_reporters
    from portal.extensions import db
    sent, reports = remind_holders(), remind_reporters()
    db.session.commit()
    click.echo(f"reminders sent: {len(sent)}" + "".join(f"\n  {d.number}: {r.name}" for d, r in sent))
    click.echo(f"reports due: {len(reports)}" + "".join(f"\n  {o.document.number}: {o.year}" for o in reports))


incidents_cli = AppGroup("incidents", help="Incident cases and their staged reports.")


@incidents_cli.command("remind")
def remind_incidents() -> None:
    """Remind reporting organisations of staged reports due soon, each reminder once (run it
    hourly, from cron; twice, or on two instances, sends nothing twice)."""
    from portal.extensions import db
    from portal.incidents.reminders import remind
    sent = remind()
    db.session.commit()
    click.echo(f"reminders sent: {len(sent)}" + "".join(f"\n  {i.ack_code}: {stage}" for i, stage in sent))


storage_cli = AppGroup("storage", help="Stored uploads and issued PDFs.")


@storage_cli.command("prune")
@click.option("--older-than-hours", default=24, show_default=True, type=click.IntRange(min=1),
              help="Leave younger files alone: an issuance writes its PDF just before it commits.")
@click.option("--dry-run", is_flag=True, help="List the files, delete nothing.")
def prune_storage(older_than_hours: int, dry_run: bool) -> None:
    """Delete stored files no upload or issued document refers to (rolled-back issuances,
    interrupted writes, replaced uploads)."""
    from portal.infra.files import leftovers, prune
    age = timedelta(hours=older_than_hours)
    files = leftovers(age) if dry_run else prune(age)
    for path in files:
        click.echo(str(path))
    click.echo(f"{len(files)} files {'would be ' if dry_run else ''}deleted")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Write the database and the stored files to FILE (a .tar.gz)."""
    from portal.infra.backup import create
    counts = create(file)
    click.echo(f"backup written to {file}: {sum(counts.values())} rows in {len(counts)} tables")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Load FILE into this instance, which must be migrated and empty."""
    from portal.infra.backup import RestoreRefused, restore
    try:
        counts = restore(file)
    except RestoreRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"restored {sum(counts.values())} rows from {file}")


reports_cli = AppGroup("reports", help="The reports' summary of the history.")


@reports_cli.command("rebuild")
def rebuild_reports() -> None:
    """Recount the summary from the history (after the migration, or to check it)."""
    from portal.extensions import db
    from portal.reports import summary
    counts, due = summary.rebuild()
    db.session.commit()
    click.echo(f"{counts} monthly rows and {due} due-date rows recounted")


class MigrationCommands(click.Group):
    """`flask db ...`: Flask-Migrate's commands, imported only when one is run (Alembic is a
    fifth of start-up, which no request needs). Its options are Flask-Migrate's own."""

    def __init__(self):
        super().__init__("db", help="Database migrations (Flask-Migrate).", params=[
            click.Option(["-d", "--directory"], default=None),
            click.Option(["-x", "--x-arg"], multiple=True)])

    @staticmethod
    def _commands() -> click.Group:
        from flask_migrate.cli import db
        return db

    def invoke(self, ctx):
        ctx.invoke(self._commands().callback, **ctx.params)  # what Flask-Migrate's group sets
        return super().invoke(ctx)

    def list_commands(self, ctx):
        return self._commands().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._commands().get_command(ctx, name)


def init_app(app: Flask) -> None:
    app.cli.add_command(MigrationCommands())
    app.cli.add_command(procedures_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(documents_cli)
    app.cli.add_command(storage_cli)
    app.cli.add_command(register_cli)
    app.cli.add_command(incidents_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(webhooks_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(reports_cli)
