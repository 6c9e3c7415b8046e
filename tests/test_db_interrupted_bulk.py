"""Ctrl+C in the middle of a bulk write says "interrupted": the clean-up of the bulk settings
(page cache, suspended triggers) must not replace it by an error about the dead connection."""

from __future__ import annotations

import pytest

from qcode.db_bulk import insert_triggers_suspended, large_page_cache
from tests.test_exchange_bulk_load import _triggers


def test_an_interrupt_inside_a_bulk_write_stays_an_interrupt(project):
    before = _triggers(project)
    with pytest.raises(KeyboardInterrupt), project.transaction() as s:
        connection = s.connection()
        with large_page_cache(connection), insert_triggers_suspended(connection, "codings"):
            connection.invalidate()  # what an interrupt inside the driver's execute leaves
            raise KeyboardInterrupt
    assert _triggers(project) == before  # the rollback brought the triggers back
