"""Server project addresses: ``postgresql://[user@]host[:port]/database[?host=/socket/dir]``.

A password is never part of what qcode keeps: :meth:`ServerAddress.display` (what the recent
projects list and messages show) leaves it out. libpq finds it where PostgreSQL users keep it
(``~/.pgpass``, ``PGPASSWORD``); the app asks for it and holds it in memory only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from qcode.errors import InputError

SCHEMES = ("postgresql", "postgres")


#: libpq parameters an address may carry in its query string. Not ``user``, ``dbname``,
#: ``password`` or ``service``: they would connect somewhere other than the address shows.
OPTIONS = frozenset({"host", "port", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl",
                     "gssencmode", "target_session_attrs"})


def is_server_url(target: str | Path | None) -> bool:
    """True for ``postgresql://...`` (or ``postgres://``, or a driver's ``postgresql+x://``,
    which :func:`parse` then refuses plainly); a Path is never a URL."""
    if not isinstance(target, str):
        return False
    scheme, sep, _ = target.strip().partition("://")
    return bool(sep) and scheme.lower().split("+")[0] in SCHEMES


@dataclass(frozen=True)
class ServerAddress:
    """Where a server project lives. ``options`` are libpq parameters from the query string
    (``host`` for a socket folder, ``sslmode`` ...), kept in order."""

    database: str
    user: str | None = None
    host: str | None = None
    port: int | None = None
    options: tuple[tuple[str, str], ...] = ()

    def display(self) -> str:
        """The URL without any password: safe to show and to remember."""
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        host = quote(self.host, safe="") if self.host else ""
        port = f":{self.port}" if self.port else ""
        query = f"?{urlencode(self.options, safe='/')}" if self.options else ""
        return f"postgresql://{user}{host}{port}/{quote(self.database, safe='')}{query}"

    @property
    def label(self) -> str:
        """``database on host`` for titles and messages."""
        socket = dict(self.options).get("host")
        where = self.host or socket or "this computer"
        return f"{self.database} on {where}"

    def __str__(self) -> str:
        return self.display()


def parse(url: str) -> tuple[ServerAddress, str | None]:
    """The address in ``url`` and the password it carried (None if none): the caller may use
    the password to connect but never stores it."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"{_shown(url)}: not a server address (write postgresql://host/"
                         "database; qcode chooses the driver itself)")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in unquote(url)):
        raise InputError(f"{_shown(url)}: the address holds control characters")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise InputError(f"{_shown(url)}: name the database after the host "
                         "(postgresql://host/database)")
    try:
        port = parts.port
    except ValueError:
        raise InputError(f"{_shown(url)}: the port must be a number") from None
    options = _options(url, parts.query, has_host=bool(parts.hostname), has_port=port is not None)
    address = ServerAddress(
        database=database,
        user=unquote(parts.username) if parts.username else None,
        host=unquote(parts.hostname) if parts.hostname else None,
        port=port,
        options=options,
    )
    password = unquote(parts.password) if parts.password is not None else None
    return address, password


def _options(url: str, query: str, *, has_host: bool, has_port: bool
             ) -> tuple[tuple[str, str], ...]:
    """The query string's libpq options, refusing any that would make the connection differ
    from what the address shows (another user, database or host) or that libpq rejects."""
    options = tuple(parse_qsl(query, keep_blank_values=False))
    for key, value in options:
        lowered = key.lower()
        if lowered in ("password", "passfile"):
            raise InputError(f"{_shown(url)}: give the password in ~/.pgpass or PGPASSWORD, "
                             "not in the address")
        if lowered not in OPTIONS:
            raise InputError(f"{_shown(url)}: {key!r} cannot be given in the address (it may "
                             f"carry {', '.join(sorted(OPTIONS))})")
        if (lowered == "host" and has_host) or (lowered == "port" and has_port):
            raise InputError(f"{_shown(url)}: the {lowered} is given twice")
        if lowered == "port" and not (value.isdigit() and 0 < int(value) < 65536):
            raise InputError(f"{_shown(url)}: the port must be a number")
    return options


def _shown(url: str) -> str:
    """``url`` with any password blotted out, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def sqlalchemy_url(address: ServerAddress, password: str | None = None):  # -> sqlalchemy URL
    """The SQLAlchemy URL of ``address`` on the psycopg driver; ``password`` in memory only."""
    from sqlalchemy.engine import URL

    return URL.create("postgresql+psycopg", username=address.user, password=password,
                      host=address.host, port=address.port, database=address.database,
                      query=dict(address.options))
