"""Markdown can never be slow: rendered once per change, bounded, and linear in its input."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from registry.models import Event, Measure, State, Statement
from registry.text import LONG_TEXT_MAX_LENGTH, SUMMARY_MAX_LENGTH, render_markdown
from tests.factories import EventFactory, MeasureFactory, StateFactory, StatementFactory

pytestmark = pytest.mark.django_db

# Input that took Python-Markdown seconds to tens of seconds (quadratic or worse).
PATHOLOGICAL = {
    "brackets": "[" * SUMMARY_MAX_LENGTH,
    "images": "![[" * (SUMMARY_MAX_LENGTH // 3),
    "open links": "[a](" * (SUMMARY_MAX_LENGTH // 4),
    "emphasis": "*a " * (SUMMARY_MAX_LENGTH // 3),
}
# Far above what linear rendering needs on a slow, shared machine; not a benchmark.
GENEROUS_SECONDS = 10


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_input_that_used_to_be_pathological_renders_fast(client, text):
    started = time.monotonic()
    event = EventFactory(summary=text)
    for url in [event.get_absolute_url(), "/events/feed.atom", "/events/calendar.ics"]:
        assert client.get(url).status_code == 200
    assert client.get("/search/", {"q": event.title}).status_code == 200
    assert time.monotonic() - started < GENEROUS_SECONDS


def test_long_pathological_text_renders_fast():
    """A fifth of the longest full text allowed (all of it takes a few seconds, once, on save)."""
    started = time.monotonic()
    render_markdown("[" * (LONG_TEXT_MAX_LENGTH // 5))
    render_markdown("![[" * (LONG_TEXT_MAX_LENGTH // 15))
    assert time.monotonic() - started < GENEROUS_SECONDS


@pytest.mark.parametrize(
    ("factory", "field", "limit"),
    [
        (StateFactory, "summary", SUMMARY_MAX_LENGTH),
        (EventFactory, "summary", SUMMARY_MAX_LENGTH),
        (EventFactory, "body", LONG_TEXT_MAX_LENGTH),
        (StatementFactory, "summary", SUMMARY_MAX_LENGTH),
        (StatementFactory, "text", LONG_TEXT_MAX_LENGTH),
        (MeasureFactory, "description", SUMMARY_MAX_LENGTH),
    ],
)
def test_markdown_longer_than_its_field_allows_is_refused(factory, field, limit):
    record = factory()
    setattr(record, field, "a" * limit)
    record.full_clean()
    setattr(record, field, "a" * (limit + 1))
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert f"at most {limit}" in " ".join(refused.value.message_dict[field])


def test_the_preview_refuses_text_longer_than_any_field(editor_client):
    allowed = editor_client.post("/admin/markdown-preview/", {"text": "*" * LONG_TEXT_MAX_LENGTH})
    assert allowed.status_code == 200
    refused = editor_client.post(
        "/admin/markdown-preview/", {"text": "[" * (LONG_TEXT_MAX_LENGTH + 1)}
    )
    assert refused.status_code == 400
    assert "too long" in refused.content.decode()


def test_html_is_stored_on_save_and_follows_each_change(client):
    event = EventFactory(summary="A **firm** step.", body="")
    assert "<strong>firm</strong>" in Event.objects.get(pk=event.pk).summary_html
    event.summary = "Now *gentle*."
    event.save()
    stored = Event.objects.get(pk=event.pk)
    assert stored.summary_html.strip() == "<p>Now <em>gentle</em>.</p>"
    assert "<em>gentle</em>" in client.get(event.get_absolute_url()).content.decode()


def test_pages_show_the_stored_html_without_rendering_again(client, monkeypatch):
    statement = StatementFactory(summary="**Summary**", text="# Full\n\n*text*")
    monkeypatch.setattr("registry.text.RENDERER.render", lambda text: pytest.fail("rendered"))
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<strong>Summary</strong>" in page and "<em>text</em>" in page
    assert client.get("/statements/feed.atom").status_code == 200


def test_loaddata_stores_the_html_of_the_fixtures():
    call_command("loaddata", "cica", verbosity=0)
    for model, (source, target) in {
        State: ("summary", "summary_html"),
        Event: ("summary", "summary_html"),
        Statement: ("summary", "summary_html"),
        Measure: ("description", "description_html"),
    }.items():
        records = model.objects.exclude(**{source: ""})
        assert records.exists()
        assert not records.filter(**{target: ""}).exists(), model
