"""Column helpers shared by every domain area's models."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from rollout.database import UTCDateTime
from rollout.timeutil import utcnow


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
