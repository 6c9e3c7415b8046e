"""Server addresses: told apart from paths, parsed, and never shown or kept with a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.cli.common import project_target
from qcode.errors import InputError
from qcode.server.url import ServerAddress, is_server_url, parse, sqlalchemy_url


@pytest.mark.parametrize("text", ["postgresql://db.example.org/study",
                                  "postgres://amira@db/study", "POSTGRESQL://h/d"])
def test_server_urls_are_told_from_paths(text):
    assert is_server_url(text)
    assert project_target(text) == text  # kept whole: a Path would fold the "//"


@pytest.mark.parametrize("text", ["study.qcode", "postgresql.qcode", "/tmp/postgresql:/x",
                                  "C:/study.qcode"])
def test_paths_stay_paths(text):
    assert not is_server_url(text)
    assert project_target(text) == Path(text)


def test_a_url_names_user_host_port_database_and_socket_options():
    address, password = parse("postgresql://amira@db.example.org:5433/libya%20study"
                              "?sslmode=require")
    assert address == ServerAddress(database="libya study", user="amira",
                                    host="db.example.org", port=5433,
                                    options=(("sslmode", "require"),))
    assert password is None
    assert address.label == "libya study on db.example.org"
    url = sqlalchemy_url(address)
    assert (url.drivername, url.username, url.host, url.port, url.database) == (
        "postgresql+psycopg", "amira", "db.example.org", 5433, "libya study")


def test_a_password_in_the_url_is_used_but_never_shown():
    address, password = parse("postgresql://amira:s3cret@db/study")
    assert password == "s3cret"
    assert "s3cret" not in address.display() and "s3cret" not in address.label
    assert address.display() == "postgresql://amira@db/study"
    assert parse(address.display())[0] == address


def test_a_socket_folder_is_a_host_option():
    address, _ = parse("postgresql://lead@/study?host=/var/run/postgresql")
    assert address.host is None and address.label == "study on /var/run/postgresql"
    assert parse(address.display())[0] == address


@pytest.mark.parametrize(("text", "says"), [
    ("postgresql://db.example.org", "name the database"),
    ("postgresql://db.example.org/", "name the database"),
    ("postgresql://db:port/study", "port must be a number"),
    ("postgresql://db/study?password=x", "~/.pgpass or PGPASSWORD"),
    ("postgresql://db/study?foo=bar", "'foo' cannot be given"),
    ("postgresql://dean@db/study?user=omar", "'user' cannot be given"),
    ("postgresql://db/other?dbname=study", "'dbname' cannot be given"),
    ("postgresql://db/study?service=x", "'service' cannot be given"),
    ("postgresql://db.example.org/study?host=localhost", "host is given twice"),
    ("postgresql://db:5432/study?port=5433", "port is given twice"),
    ("postgresql:///study?host=/tmp&port=abc", "port must be a number"),
    ("postgresql://db/stu%00dy", "control characters"),
    ("postgresql+psycopg://db/study", "qcode chooses the driver"),
])
def test_bad_addresses_are_one_plain_line(text, says):
    with pytest.raises(InputError, match=says):
        parse(text)


def test_a_socket_folder_is_shown_as_typed_and_spaces_around_an_address_are_ignored():
    assert project_target("  postgresql://lead@/study?host=/tmp/pg  ") == (
        "postgresql://lead@/study?host=/tmp/pg")
    address, _ = parse(" postgresql://lead@/study?host=/tmp/pg ")
    assert address.display() == "postgresql://lead@/study?host=/tmp/pg"
