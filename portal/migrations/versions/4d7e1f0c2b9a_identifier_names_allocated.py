"""identifier names allocated to one holder each, backfilled from certificates in force

Revision ID: 4d7e1f0c2b9a
Revises: 9b2c4d1e7a30
Create Date: 2026-11-23 15:30:00

"""
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d7e1f0c2b9a'
down_revision = '9b2c4d1e7a30'
branch_labels = None
depends_on = None


def upgrade():
    names = op.create_table('identifier_names',
    sa.Column('name', sa.String(length=11), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('allocated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_identifier_names_dossier_id_dossiers')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_identifier_names_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_identifier_names'))
    )
    with op.batch_alter_table('identifier_names', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identifier_names_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_identifier_names_enterprise_id'), ['enterprise_id'], unique=False)
    # Names on certificates still in force, oldest certificate first.
    documents = sa.table('issued_documents', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                         sa.column('status', sa.String), sa.column('enterprise_id', sa.Integer),
                         sa.column('dossier_id', sa.Integer), sa.column('data', sa.JSON))
    rows = op.get_bind().execute(
        sa.select(documents.c.enterprise_id, documents.c.dossier_id, documents.c.data)
        .where(documents.c.kind == 'identifier_certificate',
               documents.c.status.in_(('active', 'suspended')))
        .order_by(documents.c.id)).all()
    allocated, moment = {}, datetime.now(timezone.utc)
    for enterprise_id, dossier_id, data in rows:
        data = json.loads(data) if isinstance(data, str) else data
        for name in (data or {}).get('identifier_names') or ():
            allocated.setdefault(name, {'name': name, 'enterprise_id': enterprise_id,
                                        'dossier_id': dossier_id, 'allocated_at': moment})
    if allocated:
        op.bulk_insert(names, list(allocated.values()))


def downgrade():
    with op.batch_alter_table('identifier_names', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_identifier_names_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_identifier_names_dossier_id'))
    op.drop_table('identifier_names')
