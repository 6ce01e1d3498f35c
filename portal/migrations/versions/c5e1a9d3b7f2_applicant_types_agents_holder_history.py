"""who applies: applicant types, authorised representatives, the holder's history

Revision ID: c5e1a9d3b7f2
Revises: b2d8f4a6c913
Create Date: 2026-12-02 20:30:00

Every enterprise registered so far is an enterprise (or, with a 13-digit code, a dependent
unit); each gets its registration revision from its current details.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c5e1a9d3b7f2'
down_revision = 'b2d8f4a6c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enterprises') as batch:
        batch.add_column(sa.Column('applicant_type', sa.String(length=20),
                                   server_default='enterprise', nullable=False))
        batch.drop_constraint('code_length', type_='check')
        batch.drop_constraint(op.f('uq_enterprises_code'), type_='unique')
        batch.alter_column('code', type_=sa.String(length=40), existing_type=sa.String(length=13),
                           existing_nullable=False)
        batch.create_unique_constraint(op.f('uq_enterprises_applicant_type'), ['applicant_type', 'code'])
    op.execute("UPDATE enterprises SET applicant_type = 'dependent_unit' WHERE length(code) = 13")
    op.create_table(
        'enterprise_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('foreign_name', sa.String(length=300), nullable=True),
        sa.Column('address', sa.String(length=500), nullable=False),
        sa.Column('legal_representative', sa.String(length=200), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                                name=op.f('fk_enterprise_revisions_enterprise_id_enterprises')),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                                name=op.f('fk_enterprise_revisions_dossier_id_dossiers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_revisions')),
        sa.UniqueConstraint('dossier_id', name=op.f('uq_enterprise_revisions_dossier_id')),
    )
    op.create_index(op.f('ix_enterprise_revisions_enterprise_id'), 'enterprise_revisions',
                    ['enterprise_id'])
    op.execute("INSERT INTO enterprise_revisions (enterprise_id, name, foreign_name, address, "
               "legal_representative, recorded_at) SELECT id, name, foreign_name, address, "
               "legal_representative, created_at FROM enterprises")
    with op.batch_alter_table('dossiers') as batch:
        batch.add_column(sa.Column('agent_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_dossiers_agent_id_enterprises'), 'enterprises',
                                 ['agent_id'], ['id'])
        batch.create_index('ix_dossiers_agent_id_id', ['agent_id', 'id'])


def downgrade():
    with op.batch_alter_table('dossiers') as batch:
        batch.drop_index('ix_dossiers_agent_id_id')
        batch.drop_constraint(op.f('fk_dossiers_agent_id_enterprises'), type_='foreignkey')
        batch.drop_column('agent_id')
    op.drop_index(op.f('ix_enterprise_revisions_enterprise_id'), table_name='enterprise_revisions')
    op.drop_table('enterprise_revisions')
    with op.batch_alter_table('enterprises') as batch:
        batch.drop_constraint(op.f('uq_enterprises_applicant_type'), type_='unique')
        batch.alter_column('code', type_=sa.String(length=13), existing_type=sa.String(length=40),
                           existing_nullable=False)
        batch.create_unique_constraint(op.f('uq_enterprises_code'), ['code'])
        batch.create_check_constraint('code_length', 'length(code) IN (10, 13)')
        batch.drop_column('applicant_type')
