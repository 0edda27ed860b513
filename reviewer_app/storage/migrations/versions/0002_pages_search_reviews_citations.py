"""Record pages with their text, the full-text index (SQLite FTS5), page reviews and citations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE file_pages_fts USING fts5(text, content='file_pages', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER file_pages_fts_insert AFTER INSERT ON file_pages BEGIN "
    "INSERT INTO file_pages_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER file_pages_fts_delete AFTER DELETE ON file_pages BEGIN "
    "INSERT INTO file_pages_fts(file_pages_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER file_pages_fts_update AFTER UPDATE OF text ON file_pages BEGIN "
    "INSERT INTO file_pages_fts(file_pages_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO file_pages_fts(rowid, text) VALUES (new.id, new.text); END",
)


def upgrade() -> None:
    op.create_table('file_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_source', sa.String(length=10), nullable=False),
    sa.Column('image_hash', sa.String(length=16), nullable=True),
    sa.Column('ocr_state', sa.String(length=12), nullable=False),
    sa.Column('ocr_error', sa.Text(), nullable=False),
    sa.Column('ocr_pdf_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['sha256'], ['stored_files.sha256'], name=op.f('fk_file_pages_sha256_stored_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_file_pages')),
    sa.UniqueConstraint('sha256', 'page_index', name='uq_file_pages_sha256_page')
    )
    with op.batch_alter_table('file_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_file_pages_ocr_state'), ['ocr_state'], unique=False)
        batch_op.create_index(batch_op.f('ix_file_pages_sha256'), ['sha256'], unique=False)

    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('question_key', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_citations_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_citations_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citations_case_id'), ['case_id'], unique=False)

    op.create_table('page_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('page_index', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_page_reviews_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['record_id'], ['records.id'], name=op.f('fk_page_reviews_record_id_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_reviews')),
    sa.UniqueConstraint('record_id', 'page_index', name='uq_page_reviews_record_page')
    )
    with op.batch_alter_table('page_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_reviews_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('viewable_sha256', sa.String(length=64), nullable=True))

    if op.get_bind().dialect.name == "sqlite":
        # The search index (storage/search_index.py); triggers keep it in step with file_pages
        # inside the same transaction, so a crash never leaves the two apart.
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("file_pages_fts_insert", "file_pages_fts_delete", "file_pages_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS file_pages_fts")
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_column('viewable_sha256')

    with op.batch_alter_table('page_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_reviews_case_id'))

    op.drop_table('page_reviews')
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_case_id'))

    op.drop_table('citations')
    with op.batch_alter_table('file_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_file_pages_sha256'))
        batch_op.drop_index(batch_op.f('ix_file_pages_ocr_state'))

    op.drop_table('file_pages')
