"""a document may be corrected: editions of one dossier's document, one of each

Revision ID: d2b8f4c6a1e9
Revises: c3f7a9e1d5b4
Create Date: 2026-12-03 10:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd2b8f4c6a1e9'
down_revision = 'c3f7a9e1d5b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issued_documents') as batch:
        batch.add_column(sa.Column('edition', sa.Integer(), nullable=False, server_default='1'))
        batch.drop_constraint('uq_issued_documents_dossier_id', type_='unique')
        batch.create_unique_constraint('uq_issued_documents_dossier_id', ['dossier_id', 'edition'])
    with op.batch_alter_table('issued_documents') as batch:
        batch.alter_column('edition', server_default=None)


def downgrade():
    with op.batch_alter_table('issued_documents') as batch:
        batch.drop_constraint('uq_issued_documents_dossier_id', type_='unique')
        batch.create_unique_constraint('uq_issued_documents_dossier_id', ['dossier_id'])
        batch.drop_column('edition')
