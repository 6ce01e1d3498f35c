"""fees paid and receipted: bank statements' transfers, payments, the accountant's role

The portal may take a dossier's step itself (a workflow event without an actor).

Revision ID: e4f2b7a9c1d3
Revises: d2b8f4c6a1e9
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e4f2b7a9c1d3'
down_revision = 'd2b8f4c6a1e9'
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('applicant', 'specialist', 'leader', 'admin')"
ROLES_AFTER = "role IN ('applicant', 'specialist', 'leader', 'admin', 'accountant')"


def _roles(allowed: str) -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch.create_check_constraint(op.f('ck_users_role_known'), allowed)


def upgrade():
    _roles(ROLES_AFTER)
    with op.batch_alter_table('workflow_events') as batch:  # the portal acts too
        batch.alter_column('actor_id', existing_type=sa.Integer(), nullable=True)
    op.create_table(
        'bank_transfers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bank_reference', sa.String(length=60), nullable=False),
        sa.Column('booked_on', sa.Date(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('payer', sa.String(length=200), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('statement', sa.String(length=255), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('settled_by_id', sa.Integer(), nullable=True),
        sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('settle_note', sa.Text(), nullable=False),
        sa.CheckConstraint("outcome IN ('matched', 'wrong_amount', 'unknown_reference', "
                           "'duplicate', 'settled')", name=op.f('ck_bank_transfers_outcome_known')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                                name=op.f('fk_bank_transfers_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                                name=op.f('fk_bank_transfers_uploaded_by_id_users')),
        sa.ForeignKeyConstraint(['settled_by_id'], ['users.id'],
                                name=op.f('fk_bank_transfers_settled_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_transfers')),
        sa.UniqueConstraint('bank_reference', name=op.f('uq_bank_transfers_bank_reference')),
    )
    op.create_index(op.f('ix_bank_transfers_dossier_id'), 'bank_transfers', ['dossier_id'])
    op.create_index('ix_bank_transfers_outcome', 'bank_transfers', ['outcome'])
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('transfer_id', sa.Integer(), nullable=True),
        sa.Column('gateway_transaction', sa.String(length=80), nullable=True),
        sa.Column('paid_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('receipt_number', sa.String(length=40), nullable=False),
        sa.Column('receipt_sha256', sa.String(length=64), nullable=True),
        sa.Column('refunded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('refund_note', sa.Text(), nullable=False),
        sa.CheckConstraint("method IN ('transfer', 'gateway')", name=op.f('ck_payments_method_known')),
        sa.CheckConstraint('amount > 0', name=op.f('ck_payments_amount_positive')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                                name=op.f('fk_payments_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['transfer_id'], ['bank_transfers.id'],
                                name=op.f('fk_payments_transfer_id_bank_transfers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
        sa.UniqueConstraint('dossier_id', name=op.f('uq_payments_dossier_id')),
        sa.UniqueConstraint('transfer_id', name=op.f('uq_payments_transfer_id')),
        sa.UniqueConstraint('gateway_transaction', name=op.f('uq_payments_gateway_transaction')),
        sa.UniqueConstraint('receipt_number', name=op.f('uq_payments_receipt_number')),
        sa.UniqueConstraint('receipt_sha256', name=op.f('uq_payments_receipt_sha256')),
    )


def downgrade():
    op.drop_table('payments')
    op.drop_index('ix_bank_transfers_outcome', table_name='bank_transfers')
    op.drop_index(op.f('ix_bank_transfers_dossier_id'), table_name='bank_transfers')
    op.drop_table('bank_transfers')
    # workflow_events.actor_id stays nullable: the steps the portal took are history, and no
    # person could be named for them.
    _roles(ROLES_BEFORE)
