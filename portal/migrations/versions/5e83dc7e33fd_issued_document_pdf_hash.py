"""issued documents: the SHA-256 of the signed PDF stored at issuance

Revision ID: 5e83dc7e33fd
Revises: 5b1863a28418
Create Date: 2026-11-23 12:12:46.108144

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e83dc7e33fd'
down_revision = '5b1863a28418'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        # Nullable: documents issued before this revision have no stored PDF.
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_issued_documents_sha256'), ['sha256'])


def downgrade():
    with op.batch_alter_table('issued_documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_issued_documents_sha256'), type_='unique')
        batch_op.drop_column('sha256')
