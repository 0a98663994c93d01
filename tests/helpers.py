"""Helpers shared by the test modules."""

import datetime

from django.utils import timezone


def day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def future() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=1)


def unpublished(when: str) -> datetime.datetime | None:
    """`published_at` of a draft (never published) or a scheduled record (public tomorrow)."""
    return None if when == "draft" else future()
