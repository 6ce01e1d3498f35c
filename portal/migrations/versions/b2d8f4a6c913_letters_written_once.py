"""letters and decisions written once: numbered, signed and stored at their event

Revision ID: b2d8f4a6c913
Revises: a7c3e91d5f20
Create Date: 2026-12-02 18:20:00

Dossiers already under way get their letters with `flask --app portal documents write-letters`.
"""
from alembic import op
import sqlalchemy as sa


revision = 'b2d8f4a6c913'
down_revision = 'a7c3e91d5f20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'issued_letters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('workflow_event_id', sa.Integer(), nullable=True),
        sa.Column('document_event_id', sa.Integer(), nullable=True),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'],
                                name=op.f('fk_issued_letters_dossier_id_dossiers')),
        sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'],
                                name=op.f('fk_issued_letters_document_id_issued_documents')),
        sa.ForeignKeyConstraint(['workflow_event_id'], ['workflow_events.id'],
                                name=op.f('fk_issued_letters_workflow_event_id_workflow_events')),
        sa.ForeignKeyConstraint(['document_event_id'], ['document_events.id'],
                                name=op.f('fk_issued_letters_document_event_id_document_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_letters')),
        sa.UniqueConstraint('code', name=op.f('uq_issued_letters_code')),
        sa.UniqueConstraint('sha256', name=op.f('uq_issued_letters_sha256')),
        sa.UniqueConstraint('workflow_event_id', name=op.f('uq_issued_letters_workflow_event_id')),
        sa.UniqueConstraint('document_event_id', name=op.f('uq_issued_letters_document_event_id')),
        sa.UniqueConstraint('year', 'number', name='number_once_a_year'),
    )
    with op.batch_alter_table('issued_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_letters_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_letters_document_id'), ['document_id'], unique=False)


def downgrade():
    with op.batch_alter_table('issued_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_letters_document_id'))
        batch_op.drop_index(batch_op.f('ix_issued_letters_dossier_id'))
    op.drop_table('issued_letters')
