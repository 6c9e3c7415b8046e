"""Alembic environment: qcode passes its engine in ``config.attributes['engine']``."""

from __future__ import annotations

from alembic import context

from qcode.models import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copy-and-move
    )
    context.run_migrations()
