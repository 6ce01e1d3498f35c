"""declared lifecycles: the date the result is due, any declared kind, the portal's own acts

Revision ID: a7c3e91d5f20
Revises: 4d7e1f0c2b9a
Create Date: 2026-12-02 17:30:00

A document's kind and a history row's action are checked against the declarations in
procedures/ (a new kind is a declaration, not a migration); the portal itself supersedes and
expires documents, so a history row may have no person as its actor.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c3e91d5f20'
down_revision = '4d7e1f0c2b9a'
branch_labels = None
depends_on = None

SERIES = {"business_licence": "GPKD", "import_permit": "GPNK", "identifier_certificate": "TDD"}


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('result_due', sa.Date(), nullable=True))
    # The receipts' date for dossiers under way: the handling's due date where it runs;
    # during the intake check the next start of handling sets it.
    op.execute("UPDATE dossiers SET result_due = due_on WHERE submitted_at IS NOT NULL "
               "AND state NOT IN ('draft', 'submitted')")
    # Document numbers count per series (the kind's declared prefix), no longer per kind name.
    for kind, series in SERIES.items():
        op.execute(f"UPDATE counters SET name = '{series}' WHERE name = '{kind}'")
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_constraint('kind_known', type_='check')
    with op.batch_alter_table('document_events', schema=None) as batch_op:
        batch_op.drop_constraint('action_known', type_='check')
        batch_op.alter_column('actor_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table('document_events', schema=None) as batch_op:
        batch_op.alter_column('actor_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint('action_known', "action IN ('suspend', 'lift', 'revoke')")
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'kind_known', "kind IN ('business_licence', 'import_permit', 'identifier_certificate')")
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('result_due')
    for kind, series in SERIES.items():
        op.execute(f"UPDATE counters SET name = '{kind}' WHERE name = '{series}'")
