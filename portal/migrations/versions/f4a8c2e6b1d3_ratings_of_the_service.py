"""applicants' ratings of the service, one per dossier

Revision ID: f4a8c2e6b1d3
Revises: e3c9b7a1f2d5
Create Date: 2026-12-03 09:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f4a8c2e6b1d3'
down_revision = 'e3c9b7a1f2d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=20), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level IN ('satisfied', 'acceptable', 'dissatisfied')",
                           name=op.f('ck_ratings_level_known')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_ratings_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ratings_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
        sa.UniqueConstraint('dossier_id', name=op.f('uq_ratings_dossier_id')),
    )


def downgrade():
    op.drop_table('ratings')
