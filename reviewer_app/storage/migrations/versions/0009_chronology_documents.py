"""Each file's documents as the chronology found them, kept under a digest of what they came from (issue 14).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only a cache: a row whose key no longer matches the file's text, the rules or the
    # patient's date of birth is ignored and replaced; an empty table is filled as cases are read.
    op.create_table('chronology_documents',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['stored_files.sha256'], name=op.f('fk_chronology_documents_sha256_stored_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_chronology_documents'))
    )


def downgrade() -> None:
    op.drop_table('chronology_documents')
