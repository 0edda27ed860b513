"""The physician's corrections of the chronology: split, merge, date, type, provider, summary (issue 14).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chronology_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('first_page', sa.Integer(), nullable=False),
    sa.Column('last_page', sa.Integer(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_chronology_corrections_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_chronology_corrections_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_corrections'))
    )
    with op.batch_alter_table('chronology_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_corrections_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('chronology_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_corrections_case_id'))
    op.drop_table('chronology_corrections')
