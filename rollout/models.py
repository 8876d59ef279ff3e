"""Column helpers shared by every domain area's models."""

import enum
from datetime import datetime

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

from rollout.database import UTCDateTime
from rollout.timeutil import utcnow


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def enum_type(cls: type[enum.Enum], name: str) -> Enum:
    """A Python enum stored as its value in a short string column, the same on SQLite and
    PostgreSQL (no native enum type to migrate)."""
    return Enum(cls, name=name, native_enum=False, length=32, validate_strings=True)
