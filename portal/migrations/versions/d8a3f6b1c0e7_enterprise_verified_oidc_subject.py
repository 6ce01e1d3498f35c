"""enterprises proven by the identity provider or at intake; users' identity-provider subject

Enterprises registered before the rule keep their accounts as they were: they count as verified.

Revision ID: d8a3f6b1c0e7
Revises: c5e0a1f7d2b4
Create Date: 2026-12-02 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd8a3f6b1c0e7'
down_revision = 'c5e0a1f7d2b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enterprises') as batch:
        batch.add_column(sa.Column('verified', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text("UPDATE enterprises SET verified = :yes").bindparams(yes=True))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('oidc_subject', sa.String(length=255), nullable=True))
        batch.create_unique_constraint(batch.f('uq_users_oidc_subject'), ['oidc_subject'])


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(batch.f('uq_users_oidc_subject'), type_='unique')
        batch.drop_column('oidc_subject')
    with op.batch_alter_table('enterprises') as batch:
        batch.drop_column('verified')
