"""The physician's findings: one answer per field, with the form id and version it was given under.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('finding_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.String(length=300), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('form_key', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_finding_answers_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_answers')),
    sa.UniqueConstraint('case_id', 'field_id', name='uq_finding_answers_case_field')
    )
    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_answers_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('finding_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_answers_case_id'))

    op.drop_table('finding_answers')
