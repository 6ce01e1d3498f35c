"""recurring charges paid per document and period (the identifier-name maintenance charge)

Revision ID: c3f7a9e1d5b4
Revises: b7e1d5a3c9f2
Create Date: 2026-12-03 10:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3f7a9e1d5b4'
down_revision = 'b7e1d5a3c9f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'charge_payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'],
                                name=op.f('fk_charge_payments_document_id_issued_documents')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_charge_payments_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_charge_payments')),
        sa.UniqueConstraint('document_id', 'due_on', name=op.f('uq_charge_payments_document_id')),
    )


def downgrade():
    op.drop_table('charge_payments')
