"""paper dossiers: handed in at the counter or posted, and the day the desk received them

Revision ID: f1c7d3a9e5b2
Revises: e3a91c5f7d20
Create Date: 2026-12-07 09:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f1c7d3a9e5b2'
down_revision = 'e3a91c5f7d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'paper_intakes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reference', sa.String(length=40), nullable=False),
        sa.Column('form_key', sa.String(length=32), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("channel IN ('counter', 'post')", name=op.f('ck_paper_intakes_channel_known')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_paper_intakes_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_paper_intakes_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_intakes')),
        sa.UniqueConstraint('dossier_id', name=op.f('uq_paper_intakes_dossier_id')),
        sa.UniqueConstraint('form_key', name=op.f('uq_paper_intakes_form_key')),
    )


def downgrade():
    op.drop_table('paper_intakes')
