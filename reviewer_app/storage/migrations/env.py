"""Alembic environment: always run from :func:`reviewer_app.storage.database.upgrade_schema`."""

from __future__ import annotations

from alembic import context

from reviewer_app.storage.models import Base
from reviewer_app.storage.search_index import include_name

connection = context.config.attributes["connection"]


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
