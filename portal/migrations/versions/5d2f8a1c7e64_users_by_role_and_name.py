"""users by role and name: the officers of a role without a scan of every applicant's account

Revision ID: 5d2f8a1c7e64
Revises: cb9cad23bf3b
Create Date: 2026-12-07 11:50:00
"""
from alembic import op


revision = '5d2f8a1c7e64'
down_revision = 'cb9cad23bf3b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_users_role_full_name', 'users', ['role', 'full_name'])


def downgrade():
    op.drop_index('ix_users_role_full_name', table_name='users')
