"""A shared team project on a PostgreSQL server (Qt-free).

A project lives either in a file (``study.qcode``) or in a PostgreSQL database, named by a URL
``postgresql://[user@]host[:port]/database``. The tables are the same (the same Alembic
migrations build them); on a server each analyst logs in as their own PostgreSQL role, and what
that role may do is enforced by the database itself (grants and row-level security).

- :mod:`qcode.server.url`: telling a URL from a path, parsing it, never keeping a password;
- :mod:`qcode.server.connect`: opening a server project (checks, the login role's rights);
- :mod:`qcode.server.errors`: PostgreSQL failures as one plain line;
- :mod:`qcode.server.members`: who may do what (the ``server_members`` table).
"""
from __future__ import annotations
