"""incident notification: cases, their staged reports, indicators, attachments, coordination,
reminders; the incident-response unit's role

Revision ID: 7c4e1a9b3d52
Revises: f1c7d3a9e5b2
Create Date: 2026-12-07 08:52:33
"""
from alembic import op
import sqlalchemy as sa


revision = '7c4e1a9b3d52'
down_revision = 'f1c7d3a9e5b2'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('applicant', 'specialist', 'leader', 'admin', 'accountant')"
ROLES_AFTER = "role IN ('applicant', 'specialist', 'leader', 'admin', 'accountant', 'responder')"


def _roles(allowed: str) -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role_known'), allowed)


def upgrade():
    _roles(ROLES_AFTER)
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ack_code', sa.String(length=30), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('regime', sa.String(length=30), nullable=False),
    sa.Column('system', sa.String(length=300), nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('incident_type', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('impact', sa.Text(), nullable=False),
    sa.Column('actions_taken', sa.Text(), nullable=False),
    sa.Column('tlp', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("incident_type IN ('malware', 'ransomware', 'intrusion', 'ddos', 'phishing', 'data_leak', 'defacement', 'other')", name=op.f('ck_incidents_type_known')),
    sa.CheckConstraint("regime IN ('vn_circular_20_2017', 'eu_nis2')", name=op.f('ck_incidents_regime_known')),
    sa.CheckConstraint("severity IN ('critical', 'high', 'medium', 'low')", name=op.f('ck_incidents_severity_known')),
    sa.CheckConstraint("state IN ('reported', 'responding', 'questioned', 'closed_case')", name=op.f('ck_incidents_state_known')),
    sa.CheckConstraint("tlp IN ('red', 'amber_strict', 'amber', 'green', 'clear')", name=op.f('ck_incidents_tlp_known')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_incidents_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_incidents_reporter_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents')),
    sa.UniqueConstraint('ack_code', name=op.f('uq_incidents_ack_code'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_incidents_state_severity', ['state', 'severity'], unique=False)

    op.create_table('incident_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('tlp', sa.String(length=20), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("tlp IN ('red', 'amber_strict', 'amber', 'green', 'clear')", name=op.f('ck_incident_attachments_tlp_known')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_attachments_incident_id_incidents')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_incident_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_attachments'))
    )
    with op.batch_alter_table('incident_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_attachments_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_coordination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_coordination_incident_id_incidents')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_incident_coordination_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_coordination'))
    )
    with op.batch_alter_table('incident_coordination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_coordination_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_state', sa.String(length=30), nullable=False),
    sa.Column('to_state', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_incident_events_actor_id_users')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_events_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_events'))
    )
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_events_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.Column('tlp', sa.String(length=20), nullable=False),
    sa.CheckConstraint("kind IN ('ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256')", name=op.f('ck_incident_indicators_kind_known')),
    sa.CheckConstraint("tlp IN ('red', 'amber_strict', 'amber', 'green', 'clear')", name=op.f('ck_incident_indicators_tlp_known')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_indicators_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_indicators')),
    sa.UniqueConstraint('incident_id', 'kind', 'value', name=op.f('uq_incident_indicators_incident_id'))
    )
    with op.batch_alter_table('incident_indicators', schema=None) as batch_op:
        batch_op.create_index('ix_incident_indicators_kind_value', ['kind', 'value'], unique=False)

    op.create_table('incident_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('reminder', sa.String(length=60), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_reminders_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_reminders')),
    sa.UniqueConstraint('incident_id', 'reminder', name=op.f('uq_incident_reminders_incident_id'))
    )
    op.create_table('incident_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tlp', sa.String(length=20), nullable=False),
    sa.Column('filed_by_id', sa.Integer(), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("stage IN ('immediate', 'initial', 'update', 'closing', 'early_warning', 'notification', 'final')", name=op.f('ck_incident_reports_stage_known')),
    sa.CheckConstraint("tlp IN ('red', 'amber_strict', 'amber', 'green', 'clear')", name=op.f('ck_incident_reports_tlp_known')),
    sa.ForeignKeyConstraint(['filed_by_id'], ['users.id'], name=op.f('fk_incident_reports_filed_by_id_users')),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_incident_reports_incident_id_incidents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_reports'))
    )
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_reports_incident_id'), ['incident_id'], unique=False)



def downgrade():
    with op.batch_alter_table('incident_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_reports_incident_id'))

    op.drop_table('incident_reports')
    op.drop_table('incident_reminders')
    with op.batch_alter_table('incident_indicators', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_indicators_kind_value')

    op.drop_table('incident_indicators')
    with op.batch_alter_table('incident_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_events_incident_id'))

    op.drop_table('incident_events')
    with op.batch_alter_table('incident_coordination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_coordination_incident_id'))

    op.drop_table('incident_coordination')
    with op.batch_alter_table('incident_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_attachments_incident_id'))

    op.drop_table('incident_attachments')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_state_severity')
        batch_op.drop_index(batch_op.f('ix_incidents_enterprise_id'))

    op.drop_table('incidents')
    _roles(ROLES_BEFORE)
