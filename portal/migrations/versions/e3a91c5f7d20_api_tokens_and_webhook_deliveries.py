"""personal access tokens for the API; signed webhook deliveries; longer dossier codes

Dossier codes follow a configurable pattern (DOSSIER_CODE_PATTERN), and the national format is
longer than the portal's own.

Revision ID: e3a91c5f7d20
Revises: e4f2b7a9c1d3
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e3a91c5f7d20'
down_revision = 'e4f2b7a9c1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('scopes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    op.create_index(op.f('ix_api_tokens_user_id'), 'api_tokens', ['user_id'])
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscriber', sa.String(length=40), nullable=False),
        sa.Column('stream', sa.String(length=60), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('set_aside_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
    )
    op.create_index('ix_webhook_deliveries_stream', 'webhook_deliveries', ['subscriber', 'stream', 'id'])
    op.create_index('ix_webhook_deliveries_pending', 'webhook_deliveries', ['delivered_at', 'next_attempt_at'])
    with op.batch_alter_table('dossiers') as batch:
        batch.alter_column('code', type_=sa.String(length=40), existing_type=sa.String(length=20))


def downgrade():
    with op.batch_alter_table('dossiers') as batch:
        batch.alter_column('code', type_=sa.String(length=20), existing_type=sa.String(length=40))
    op.drop_index('ix_webhook_deliveries_pending', table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_stream', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_index(op.f('ix_api_tokens_user_id'), table_name='api_tokens')
    op.drop_table('api_tokens')
