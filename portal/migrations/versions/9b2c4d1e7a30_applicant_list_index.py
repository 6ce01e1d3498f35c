"""an enterprise's dossiers newest first: one index on (enterprise_id, id)

Revision ID: 9b2c4d1e7a30
Revises: 531ef791a02e
Create Date: 2026-11-23 15:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9b2c4d1e7a30'
down_revision = '531ef791a02e'
branch_labels = None
depends_on = None


def upgrade():
    # The composite index also serves every lookup the single-column one did.
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_enterprise_id_id', ['enterprise_id', 'id'], unique=False)
        batch_op.drop_index('ix_dossiers_enterprise_id')


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_enterprise_id', ['enterprise_id'], unique=False)
        batch_op.drop_index('ix_dossiers_enterprise_id_id')
