"""a workflow event keeps the date its act states (a supplementation deadline asked for or given)

Revision ID: d5e1a9c7b342
Revises: c5e1a9d3b7f2
Create Date: 2026-12-02 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd5e1a9c7b342'
down_revision = 'c5e1a9d3b7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('until', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('workflow_events', schema=None) as batch_op:
        batch_op.drop_column('until')
