"""reminders before a document lapses, each sent once

Revision ID: e3c9b7a1f2d5
Revises: d8a3f6b1c0e7
Create Date: 2026-12-03 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'e3c9b7a1f2d5'
down_revision = 'd8a3f6b1c0e7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('reminder', sa.String(length=30), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'],
                                name=op.f('fk_document_reminders_document_id_issued_documents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_reminders')),
        sa.UniqueConstraint('document_id', 'reminder', name=op.f('uq_document_reminders_document_id')),
    )


def downgrade():
    op.drop_table('document_reminders')
