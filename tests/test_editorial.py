"""The editorial workflow: two roles, review, preview, compare, restore, import, export, quality."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registry.models import Event
from tests.factories import (
    DimensionFactory,
    EventFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registry/event/"


def change_form(event, **overrides):
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


def action(client, name, *records):
    return client.post(CHANGELIST, {"action": name, "_selected_action": [r.pk for r in records]})


# --- Two roles ------------------------------------------------------------------------------


def test_editor_sees_no_publish_actions(editor_client):
    EventFactory()
    actions = dict(editor_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "submit_for_review" in actions
    assert "publish_now" not in actions and "unpublish" not in actions


def test_editor_sees_publication_time_read_only(editor_client):
    event = EventFactory(published_at=None)
    form = editor_client.get(f"{CHANGELIST}{event.pk}/change/").context["adminform"].form
    assert "published_at" not in form.fields


def test_forged_publication_by_an_editor_is_refused(editor_client):
    event = EventFactory(published_at=None)
    forged = change_form(event, published_at_0="2024-01-01", published_at_1="00:00:00")
    assert editor_client.post(f"{CHANGELIST}{event.pk}/change/", forged).status_code == 302
    action(editor_client, "publish_now", event)
    event.refresh_from_db()
    assert event.published_at is None


def test_publisher_can_publish_and_schedule(publisher_client):
    event = EventFactory(published_at=None)
    later = timezone.now() + datetime.timedelta(days=7)
    scheduled = change_form(
        event, published_at_0=later.date().isoformat(), published_at_1=later.strftime("%H:%M:%S")
    )
    assert publisher_client.post(f"{CHANGELIST}{event.pk}/change/", scheduled).status_code == 302
    event.refresh_from_db()
    assert event.publication_status == "scheduled"
    action(publisher_client, "publish_now", event)
    event.refresh_from_db()
    assert event.publication_status == "published"


def test_submitted_record_waits_in_the_review_list(editor_client, publisher):
    draft = EventFactory(title="Meeting to review", published_at=None)
    action(editor_client, "submit_for_review", draft)
    draft.refresh_from_db()
    assert draft.publication_status == "in_review"
    listed = editor_client.get(f"{CHANGELIST}?workflow=in_review").content.decode()
    assert "Meeting to review" in listed and "In review" in listed

    assert editor_client.get("/admin/review/").status_code == 403
    editor_client.force_login(publisher)
    queue = editor_client.get("/admin/review/").content.decode()
    assert "Meeting to review" in queue
    assert f"{CHANGELIST}{draft.pk}/change/" in queue


def test_publishing_takes_a_record_out_of_review(publisher_client):
    draft = EventFactory(title="Meeting to review", published_at=None, submitted_at=timezone.now())
    action(publisher_client, "publish_now", draft)
    assert "Meeting to review" not in publisher_client.get("/admin/review/").content.decode()


# --- Preview --------------------------------------------------------------------------------


def test_preview_shows_a_draft_to_staff_only(client, editor):
    draft = EventFactory(title="Draft meeting", published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    change = client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    assert "Preview on site" in change
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Draft meeting" in page and "Draft" in page and "not public" in page


# --- Versions -------------------------------------------------------------------------------


def test_compare_shows_a_changed_field_and_an_added_participant(editor_client):
    kazakhstan, china = StateFactory(name="Kazakhstan"), StateFactory(name="China")
    event = EventFactory(title="Old title", participants=[kazakhstan], published_at=None)
    before = event.history.latest()
    editor_client.post(
        f"{CHANGELIST}{event.pk}/change/",
        change_form(event, title_en="New title", participants=[kazakhstan.pk, china.pk]),
    )
    after = event.history.latest()
    page = editor_client.get(
        f"{CHANGELIST}{event.pk}/history/compare/",
        {"from": before.history_id, "to": after.history_id},
    ).content.decode()
    assert "Old title" in page and "New title" in page
    assert "Participants" in page
    assert "Kazakhstan, China" in page or "China, Kazakhstan" in page


def test_an_editor_restoring_a_version_does_not_change_publication(editor_client):
    event = EventFactory(title="First", published_at=None)
    first = event.history.latest()
    event.title, event.submitted_at = "Second", timezone.now()
    event.save()
    editor_client.post(f"{CHANGELIST}{event.pk}/history/{first.history_id}/restore/")
    event.refresh_from_db()
    assert event.title == "First"
    assert event.publication_status == "in_review"
    assert "Restored" in event.history.latest().history_change_reason


def test_restore_refuses_get(editor_client):
    event = EventFactory()
    url = f"{CHANGELIST}{event.pk}/history/{event.history.latest().history_id}/restore/"
    assert editor_client.get(url).status_code == 405


def test_public_page_shows_last_updated(client):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
    )
    assert "Last updated" in client.get(event.get_absolute_url()).content.decode()
    assert "5 March 2024" in client.get(event.get_absolute_url()).content.decode()


# --- Bulk import and export -------------------------------------------------------------------

HEADER = "slug,title,kind,start_date,end_date,date_precision,city,host,is_online,participants\n"


def import_csv(client, text):
    upload = SimpleUploadedFile("events.csv", text.encode(), content_type="text/csv")
    return client.post(f"{CHANGELIST}import/", {"import_file": upload, "format": "0"})


def test_import_preview_with_a_bad_row_writes_nothing_and_names_the_row(editor_client):
    StateFactory(slug="kazakhstan")
    response = import_csv(
        editor_client,
        HEADER
        + "soc-1,SOC one,senior_officials,2024-03-14,,day,Astana,kazakhstan,0,kazakhstan\n"
        + "soc-2,SOC two,senior_officials,2024-03-14,2024-03-13,day,Astana,atlantis,0,\n"
        + "soc-1,SOC again,senior_officials,2024-03-15,,day,Astana,,0,\n",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown state slug “atlantis”" in page
    assert "An event cannot end before it starts." in page
    assert "Duplicate slug “soc-1”" in page
    assert "Confirm import" not in page
    assert not Event.objects.exists()


def test_valid_import_writes_drafts_with_history(editor_client):
    StateFactory(slug="kazakhstan")
    StateFactory(slug="china")
    preview = import_csv(
        editor_client,
        HEADER
        + "soc-1,SOC one,senior_officials,2024-03-14,,day,Astana,kazakhstan,0,kazakhstan|china\n",
    )
    assert "New" in preview.content.decode()
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    assert editor_client.post(f"{CHANGELIST}process_import/", data).status_code == 302
    event = Event.objects.get(slug="soc-1")
    assert event.publication_status == "draft"
    assert {s.slug for s in event.participants.all()} == {"kazakhstan", "china"}
    assert event.history.exists()
    assert event.history.latest().history_user.username == "editor"


def test_export_matches_the_filtered_list(editor_client):
    EventFactory(slug="summit-a", kind="summit")
    EventFactory(slug="soc-b", kind="senior_officials")
    response = editor_client.post(
        f"{CHANGELIST}export/?kind__exact=summit",
        {
            "format": "0",
            "resource": "0",
            **{f"eventresource_{f}": "on" for f in ("slug", "title", "kind")},
        },
    )
    body = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode()
    assert "summit-a" in body
    assert "soc-b" not in body


# --- Data quality and forms -------------------------------------------------------------------


def quality_section(client, title) -> str:
    page = client.get("/admin/data-quality/").content.decode()
    return page.split(f"<h2>{title}")[1].split("</div>")[0]


def test_data_quality_lists_a_record_without_a_specific_source_until_it_is_fixed(editor_client):
    statement = StatementFactory(title="Unsourced statement")
    check = "Records without a specific source"
    assert "Unsourced statement" in quality_section(editor_client, check)
    statement.cite([SourceFactory(url="https://www.s-cica.org/")])  # a home page is not enough
    assert "Unsourced statement" in quality_section(editor_client, check)
    statement.cite([SourceFactory(url="https://www.s-cica.org/news/press-releases/1636/")])
    assert "Unsourced statement" not in quality_section(editor_client, check)


def test_data_quality_links_to_the_change_form(editor_client):
    DimensionFactory()
    statement = StatementFactory()
    page = editor_client.get("/admin/data-quality/").content.decode()
    assert f"/admin/registry/statement/{statement.pk}/change/" in page


def test_markdown_fields_show_a_sanitized_preview(editor_client):
    event = EventFactory(summary="**Bold** <script>alert(1)</script>")
    page = editor_client.get(f"{CHANGELIST}{event.pk}/change/").content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)</script>" not in page
    preview = editor_client.post(
        "/admin/markdown-preview/", {"text": "*new* <img src=x onerror=alert(1)>"}
    )
    assert preview.content.decode().strip() == "<p><em>new</em> </p>"


def test_help_texts_explain_date_precision_and_ordinal(editor_client):
    page = editor_client.get(f"{CHANGELIST}add/").content.decode()
    assert "How much of the date is known" in page
    assert "6 for the Sixth Summit" in page
