"""Alembic environment: always run with a connection handed in by grensdesk.schema."""

from __future__ import annotations

from alembic import context

from grensdesk.models import Base
from grensdesk.models.knowledge import is_search_index_table

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through 'grensdesk db upgrade', not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    # The SQLite full-text indexes are virtual tables the models cannot describe.
    include_name=lambda name, type_, parents: not is_search_index_table(name),
)
with context.begin_transaction():
    context.run_migrations()
