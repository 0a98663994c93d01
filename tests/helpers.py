"""Helpers shared by the test modules."""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.text import slugify

from tests.factories import EventFactory


def day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def moment(iso: str) -> datetime.datetime:
    """An ISO date and time, in UTC."""
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=datetime.UTC)


def set_updated(record, iso: str):
    """Pin `updated_at` (save() would reset it to now)."""
    type(record).objects.filter(pk=record.pk).update(updated_at=moment(iso))
    record.refresh_from_db()
    return record


def future() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=1)


def unpublished(when: str) -> datetime.datetime | None:
    """`published_at` of a draft (never published) or a scheduled record (public tomorrow)."""
    return None if when == "draft" else future()


def event(title: str, kind: str, start: str, host, participants, **fields):
    """A published event, its slug made from its title, starting on `start` (ISO 8601)."""
    return EventFactory(
        title=title,
        slug=slugify(title),
        kind=kind,
        start_date=day(start),
        host=host,
        participants=participants,
        **fields,
    )


# Downloads -----------------------------------------------------------------------------------

BOM = "\ufeff"


def body(response) -> bytes:
    """The whole body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_text(response) -> str:
    text = body(response).decode("utf-8")
    assert text.startswith(BOM), "the CSV must start with a UTF-8 byte-order mark"
    return text[len(BOM) :]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(csv_text(response), newline="")))


# The events admin ------------------------------------------------------------------------------

EVENTS_ADMIN = "/admin/registry/event/"


def event_change_form(event, **overrides) -> dict:
    """The admin change form of `event` as a browser posts it."""
    data = {
        "title_en": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "start_date": event.start_date.isoformat(),
        "date_precision": event.date_precision,
        "city_en": event.city,
        "participants": [state.pk for state in event.participants.all()],
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def event_action(client, name, *events):
    """Run the events list's admin action `name` on `events`."""
    chosen = {"action": name, "_selected_action": [event.pk for event in events]}
    return client.post(EVENTS_ADMIN, chosen)
