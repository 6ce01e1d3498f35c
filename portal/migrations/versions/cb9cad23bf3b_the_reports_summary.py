"""the reports' summary: counts by month, procedure and specialist, and open dossiers by due date

Revision ID: cb9cad23bf3b
Revises: 4a4a4f8b0dec
Create Date: 2026-12-07 09:20:00

The due-date counts are filled here from the dossiers as they stand (every later change keeps
them); the monthly counts need the working-day calendar: run `flask --app portal reports
rebuild` once after upgrading a database that has dossiers.
"""
from alembic import op
import sqlalchemy as sa

from procedures import LEADER, PROCEDURES, SPECIALIST


revision = 'cb9cad23bf3b'
down_revision = '4a4a4f8b0dec'
branch_labels = None
depends_on = None

MEASURES = ("received", "granted", "refused", "abandoned", "withdrawn", "on_time", "late",
            "rescheduled", "supplemented", "handling_days", "digital_results", "rated",
            "satisfied")


def upgrade():
    op.create_table(
        'service_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('procedure', sa.String(length=30), nullable=False),
        sa.Column('specialist_id', sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES),
        sa.Column('fees', sa.BigInteger(), nullable=False),
        sa.CheckConstraint('handling_days >= 0', name=op.f('ck_service_counts_handling_days_positive')),
        sa.ForeignKeyConstraint(['specialist_id'], ['users.id'],
                                name=op.f('fk_service_counts_specialist_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_service_counts')),
    )
    op.create_index('ux_service_counts_key', 'service_counts',
                    ['month', 'procedure', sa.text('coalesce(specialist_id, 0)')], unique=True)
    due = op.create_table(
        'due_counts',
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('procedure', sa.String(length=30), nullable=False),
        sa.Column('dossiers', sa.Integer(), nullable=False),
        sa.CheckConstraint('dossiers >= 0', name=op.f('ck_due_counts_dossiers_positive')),
        sa.PrimaryKeyConstraint('due_on', 'procedure', name=op.f('pk_due_counts')),
    )
    dossiers = sa.table('dossiers', sa.column('procedure'), sa.column('state'), sa.column('due_on'))
    for procedure in PROCEDURES.values():
        officers = [s.name for s in procedure.flow.states if s.waiting_on in (SPECIALIST, LEADER)]
        op.execute(due.insert().from_select(
            ['due_on', 'procedure', 'dossiers'],
            sa.select(dossiers.c.due_on, dossiers.c.procedure, sa.func.count())
            .where(dossiers.c.procedure == procedure.code, dossiers.c.state.in_(officers),
                   dossiers.c.due_on.is_not(None))
            .group_by(dossiers.c.due_on, dossiers.c.procedure)))


def downgrade():
    op.drop_table('due_counts')
    op.drop_index('ux_service_counts_key', table_name='service_counts')
    op.drop_table('service_counts')
