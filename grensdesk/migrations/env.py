"""Alembic environment: always run with a connection handed in by grensdesk.schema."""

from __future__ import annotations

from alembic import context

from grensdesk.models import Base
from grensdesk.schema import comparison_options

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through 'grensdesk db upgrade', not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    **comparison_options(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
