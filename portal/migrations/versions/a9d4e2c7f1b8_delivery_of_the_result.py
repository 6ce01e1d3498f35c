"""how the result reaches the applicant: download, counter or post, and its hand-over

Revision ID: a9d4e2c7f1b8
Revises: f4a8c2e6b1d3
Create Date: 2026-12-03 09:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a9d4e2c7f1b8'
down_revision = 'f4a8c2e6b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('method', sa.String(length=10), nullable=False),
        sa.Column('address', sa.String(length=500), nullable=False),
        sa.Column('handed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('proof', sa.String(length=200), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("method IN ('download', 'counter', 'post')", name=op.f('ck_deliveries_method_known')),
        sa.CheckConstraint("method NOT IN ('post') OR address <> ''", name=op.f('ck_deliveries_posted_has_address')),
        sa.CheckConstraint("(handed_at IS NULL) = (proof = '')", name=op.f('ck_deliveries_handed_with_proof')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_deliveries_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_deliveries_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
        sa.UniqueConstraint('dossier_id', name=op.f('uq_deliveries_dossier_id')),
    )


def downgrade():
    op.drop_table('deliveries')
