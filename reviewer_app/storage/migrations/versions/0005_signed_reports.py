"""Signed reports: the original and its addenda, with the findings as signed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signed_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('signed_at', sa.String(length=40), nullable=False),
    sa.Column('signer', sa.String(length=300), nullable=False),
    sa.Column('case_version', sa.Integer(), nullable=False),
    sa.Column('form_key', sa.String(length=120), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('history_events', sa.Integer(), nullable=True),
    sa.Column('history_head', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_signed_reports_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_reports')),
    sa.UniqueConstraint('case_id', 'number', name='uq_signed_reports_case_number')
    )
    with op.batch_alter_table('signed_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_reports_case_id'), ['case_id'], unique=False)
    with op.batch_alter_table('records', schema=None) as batch_op:
        # Set by `reviewer purge`: the record is still listed in the report, its file and text are gone.
        batch_op.add_column(sa.Column('purged', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('records', schema=None) as batch_op:
        batch_op.drop_column('purged')
    with op.batch_alter_table('signed_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_reports_case_id'))
    op.drop_table('signed_reports')
