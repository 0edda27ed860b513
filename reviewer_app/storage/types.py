"""Column types that keep values exactly as the physician's data needs them, on any database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class AwareDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware moment kept as ISO 8601 text with its offset.

    A vendor's "17:00-08:00" stays 17:00 Pacific on SQLite (which has no time zone type)
    and on PostgreSQL alike; ordering is done on the domain objects.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("moments are stored with their UTC offset")
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value)
