"""Each page's duplicate fingerprint, computed where its text is read (issue 10).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('file_pages', schema=None) as batch_op:
        # records.fingerprints.text_fingerprint of the page's text. Empty for pages stored before
        # (NULL): they are filled in from their text the first time duplicates are counted.
        batch_op.add_column(sa.Column('text_fingerprint', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('file_pages', schema=None) as batch_op:
        batch_op.drop_column('text_fingerprint')
