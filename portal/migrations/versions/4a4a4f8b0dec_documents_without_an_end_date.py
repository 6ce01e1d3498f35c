"""documents without an end date: a result kind whose validity declares no years (an
approval decision) is in force until replaced or revoked, so `valid_until` may be empty

Revision ID: 4a4a4f8b0dec
Revises: 7c4e1a9b3d52
Create Date: 2026-12-07 09:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '4a4a4f8b0dec'
down_revision = '7c4e1a9b3d52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.alter_column('valid_until', existing_type=sa.Date(), nullable=True)


def downgrade():
    # Refused while a document without an end date exists: there is no date to invent for it.
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.alter_column('valid_until', existing_type=sa.Date(), nullable=False)
