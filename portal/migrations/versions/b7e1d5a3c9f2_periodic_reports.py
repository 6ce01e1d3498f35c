"""holders' periodic reports on their documents, one a document and year

Revision ID: b7e1d5a3c9f2
Revises: a9d4e2c7f1b8
Create Date: 2026-12-03 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e1d5a3c9f2'
down_revision = 'a9d4e2c7f1b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'periodic_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('form_data', sa.JSON(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'],
                                name=op.f('fk_periodic_reports_document_id_issued_documents')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'],
                                name=op.f('fk_periodic_reports_submitted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_reports')),
        sa.UniqueConstraint('document_id', 'year', name=op.f('uq_periodic_reports_document_id')),
    )


def downgrade():
    op.drop_table('periodic_reports')
