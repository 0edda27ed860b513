"""Initial schema: cases, referral questions, requested services, records, warnings, profile.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 (first released schema)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('vendor_name', sa.String(length=300), nullable=False),
    sa.Column('vendor', sa.JSON(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('form', sa.String(length=100), nullable=True),
    sa.Column('line_of_business', sa.String(length=40), nullable=True),
    sa.Column('jurisdiction', sa.String(length=20), nullable=True),
    sa.Column('specialty_requested', sa.String(length=200), nullable=True),
    sa.Column('received_at', sa.String(length=40), nullable=True),
    sa.Column('due_at', sa.String(length=40), nullable=True),
    sa.Column('related_reference', sa.String(length=200), nullable=True),
    sa.Column('instructions', sa.Text(), nullable=True),
    sa.Column('exam', sa.JSON(), nullable=False),
    sa.Column('claim', sa.JSON(), nullable=False),
    sa.Column('parties', sa.JSON(), nullable=False),
    sa.Column('billing', sa.JSON(), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('claimant_given', sa.String(length=200), nullable=False),
    sa.Column('claimant_family', sa.String(length=200), nullable=False),
    sa.Column('claimant_date_of_birth', sa.Date(), nullable=True),
    sa.Column('claimant_sex', sa.String(length=40), nullable=True),
    sa.Column('claim_number', sa.String(length=100), nullable=True),
    sa.Column('date_of_injury', sa.Date(), nullable=True),
    sa.Column('employer', sa.String(length=300), nullable=True),
    sa.Column('occupation', sa.String(length=300), nullable=True),
    sa.Column('mechanism_of_injury', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('imported_at', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('vendor_name', 'reference', name='uq_cases_vendor_reference')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_reference'), ['reference'], unique=False)

    op.create_table('physician_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_physician_profile'))
    )
    op.create_table('stored_files',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('state_detail', sa.Text(), nullable=False),
    sa.Column('scanned_pages', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_files'))
    )
    op.create_table('case_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_warnings_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_warnings'))
    )
    with op.batch_alter_table('case_warnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_warnings_case_id'), ['case_id'], unique=False)

    op.create_table('records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=True),
    sa.Column('provider', sa.String(length=300), nullable=True),
    sa.Column('date_from', sa.Date(), nullable=True),
    sa.Column('date_to', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_records_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sha256'], ['stored_files.sha256'], name=op.f('fk_records_sha256_stored_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_records')),
    sa.UniqueConstraint('case_id', 'path', 'version', name='uq_records_case_path_version')
    )
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_records_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_records_sha256'), ['sha256'], unique=False)

    op.create_table('referral_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('service_keys', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referral_questions_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_questions'))
    )
    with op.batch_alter_table('referral_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_questions_case_id'), ['case_id'], unique=False)

    op.create_table('requested_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('code_system', sa.String(length=40), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=100), nullable=True),
    sa.Column('requested_by', sa.String(length=300), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_requested_services_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requested_services'))
    )
    with op.batch_alter_table('requested_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requested_services_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('requested_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requested_services_case_id'))

    op.drop_table('requested_services')
    with op.batch_alter_table('referral_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_questions_case_id'))

    op.drop_table('referral_questions')
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_records_sha256'))
        batch_op.drop_index(batch_op.f('ix_records_case_id'))

    op.drop_table('records')
    with op.batch_alter_table('case_warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_warnings_case_id'))

    op.drop_table('case_warnings')
    op.drop_table('stored_files')
    op.drop_table('physician_profile')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_reference'))

    op.drop_table('cases')
