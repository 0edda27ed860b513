"""The physician's acknowledgements of conflicts of interest found in a case, with the reason (issue 14).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conflict_acknowledgements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('conflict', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_conflict_acknowledgements_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_acknowledgements'))
    )
    with op.batch_alter_table('conflict_acknowledgements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_acknowledgements_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conflict_acknowledgements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_acknowledgements_case_id'))
    op.drop_table('conflict_acknowledgements')
