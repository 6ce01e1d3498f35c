"""a dossier keeps the version of its procedure it was submitted under

Revision ID: e7b3c1d9a846
Revises: d5e1a9c7b342
Create Date: 2026-12-02 20:30:00

Dossiers already submitted take the version in force on their submission day: the first
version (from 1 March 2025) or, from 1 July 2026, the one under the Law on Cybersecurity
116/2025, which every procedure declares (procedures/_common.py LAW_116).
"""
from alembic import op
import sqlalchemy as sa


revision = 'e7b3c1d9a846'
down_revision = 'd5e1a9c7b342'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('procedure_version', sa.String(length=10), nullable=True))
    op.execute("UPDATE dossiers SET procedure_version = CASE WHEN submitted_at >= '2026-07-01' "
               "THEN '2026-07-01' ELSE '2025-03-01' END WHERE code IS NOT NULL")
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_check_constraint('submitted_under_a_version',
                                         'code IS NULL OR procedure_version IS NOT NULL')


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint('submitted_under_a_version', type_='check')
        batch_op.drop_column('procedure_version')
