"""Editorial integrity: Editors' changes to published records wait for review, every workflow
action is history, no silent overwrite, guarded deletion, no staff-facing server errors."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from registry.models import Chairmanship, Event, Organization, Revision, State, Statement
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    OrganizationFactory,
    StateFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(obj, view="change"):
    return f"/admin/registry/{obj._meta.model_name}/{obj.pk}/{view}/"


def form_data(response) -> dict:
    """Everything the change form of `response` would post unchanged, inlines and the hidden
    version stamp included, as a browser sends it."""
    context = response.context
    data = {}
    forms = [context["adminform"].form]
    for formset in context["inline_admin_formsets"]:
        management = formset.formset.management_form
        forms.append(management)
        forms.extend(formset.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [v for v in value if v not in (None, "")]
            elif (
                hasattr(field, "widget")
                and field.widget.__class__.__name__ == "SplitDateTimeWidget"
            ):
                if value:
                    data[f"{key}_0"], data[f"{key}_1"] = value.date(), value.time()
            elif value is None:
                data[key] = ""
            elif value is False:
                continue
            else:
                data[key] = value
    return data


def edit(client, obj, **changes):
    data = form_data(client.get(admin_url(obj)))
    data.update(changes)
    return client.post(admin_url(obj), data)


def approve(client, revision):
    return client.post(f"/admin/review/{revision.pk}/", {"approve": "1"})


# --- 1. Changes to published records wait for review ------------------------------------------


def test_an_editors_change_to_a_published_event_waits_until_approved(client, editor, publisher):
    event = EventFactory(title="Sixth Summit", summary="Old summary")
    client.force_login(editor)
    response = edit(client, event, title_en="Sixth CICA Summit", summary_en="New summary")
    assert response.status_code == 302

    event.refresh_from_db()
    assert event.title == "Sixth Summit"
    client.logout()
    assert "Old summary" in client.get(event.get_absolute_url()).content.decode()

    client.force_login(editor)
    page = client.get(admin_url(event))
    text = page.content.decode()
    assert "Pending change by editor" in text
    assert "Sixth CICA Summit" in text  # the difference, and the editor's own value kept
    assert page.context["adminform"].form["title_en"].value() == "Sixth CICA Summit"

    client.force_login(publisher)
    queue = client.get("/admin/review/").content.decode()
    revision = Revision.objects.get()
    assert f"/admin/review/{revision.pk}/" in queue and "Sixth Summit" in queue
    review = client.get(f"/admin/review/{revision.pk}/").content.decode()
    assert "Old summary" in review and "New summary" in review
    assert approve(client, revision).status_code == 302

    event.refresh_from_db()
    assert (event.title, event.summary) == ("Sixth CICA Summit", "New summary")
    latest = event.history.latest()
    assert latest.history_user == publisher
    assert latest.history_change_reason.startswith("Change by editor approved by publisher")
    client.logout()
    assert "New summary" in client.get(event.get_absolute_url()).content.decode()


def test_a_rejected_change_stays_out_and_the_editor_reads_why(client, editor, publisher):
    event = EventFactory(title="Sixth Summit")
    client.force_login(editor)
    edit(client, event, title_en="Wrong title")
    revision = Revision.objects.get()

    client.force_login(publisher)
    refused = client.post(f"/admin/review/{revision.pk}/", {"reject": "1", "reason": ""})
    assert "This field is required" in refused.content.decode()
    client.post(f"/admin/review/{revision.pk}/", {"reject": "1", "reason": "Not the title."})
    revision.refresh_from_db()
    assert revision.status == Revision.Status.REJECTED
    event.refresh_from_db()
    assert event.title == "Sixth Summit"
    latest = event.history.latest()
    assert latest.history_user == publisher
    assert "rejected by publisher: Not the title." in latest.history_change_reason

    client.force_login(editor)
    page = client.get(admin_url(event)).content.decode()
    assert "Your change was rejected" in page and "Not the title." in page
    assert "Nothing is waiting" in publisher_queue(client, publisher)


def publisher_queue(client, publisher):
    client.force_login(publisher)
    return client.get("/admin/review/").content.decode()


def test_many_to_many_changes_wait_for_review(client, editor, publisher):
    kazakhstan, china = StateFactory(name="Kazakhstan"), StateFactory(name="China")
    event = EventFactory(participants=[kazakhstan])
    client.force_login(editor)
    edit(client, event, participants=[kazakhstan.pk, china.pk])
    assert set(event.participants.all()) == {kazakhstan}
    review = client.get(admin_url(event)).content.decode()
    assert "China, Kazakhstan" in review

    client.force_login(publisher)
    approve(client, Revision.objects.get())
    assert set(event.participants.all()) == {kazakhstan, china}


def test_inline_changes_wait_for_review(client, editor, publisher):
    state = StateFactory(name="Kazakhstan")
    term = ChairmanshipFactory(state=state, start_date=datetime.date(2002, 6, 4))
    client.force_login(editor)
    data = form_data(client.get(admin_url(state)))
    data["chairmanships-0-end_date"] = "2006-06-17"
    assert client.post(admin_url(state), data).status_code == 302
    term.refresh_from_db()
    assert term.end_date is None
    reopened = client.get(admin_url(state)).context["inline_admin_formsets"][0].formset
    assert reopened.forms[0]["end_date"].value() == datetime.date(2006, 6, 17)

    client.force_login(publisher)
    approve(client, Revision.objects.get())
    term.refresh_from_db()
    assert term.end_date == datetime.date(2006, 6, 17)
    assert term.history.latest().history_user == publisher


def test_a_publishers_own_save_goes_live_at_once(publisher_client):
    event = EventFactory(title="Old")
    edit(publisher_client, event, title_en="New")
    event.refresh_from_db()
    assert event.title == "New"
    assert not Revision.objects.exists()


def test_saving_a_published_record_unchanged_leaves_nothing_to_review(editor_client):
    event = EventFactory(title="Same")
    edit(editor_client, event, title_en="Changed")
    assert Revision.objects.count() == 1
    response = edit(editor_client, event, title_en="Same")
    assert response.status_code == 302
    assert not Revision.objects.exists()


def test_an_editors_change_to_a_draft_is_saved_at_once(editor_client):
    event = EventFactory(title="Old", published_at=None)
    edit(editor_client, event, title_en="New")
    event.refresh_from_db()
    assert event.title == "New"


def test_an_editors_restore_of_a_published_record_waits(client, editor, publisher):
    event = EventFactory(title="First")
    first = event.history.latest()
    event.title = "Second"
    event.save()
    client.force_login(editor)
    client.post(f"{admin_url(event, 'history')}{first.history_id}/restore/")
    event.refresh_from_db()
    assert event.title == "Second"
    client.force_login(publisher)
    approve(client, Revision.objects.get())
    event.refresh_from_db()
    assert event.title == "First" and event.is_public


def test_an_editors_deletion_of_a_published_record_waits(client, editor, publisher):
    event = EventFactory(title="To remove")
    client.force_login(editor)
    assert client.post(admin_url(event, "delete"), {"post": "yes"}).status_code == 302
    assert Event.objects.filter(pk=event.pk).exists()
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 200

    client.force_login(publisher)
    revision = Revision.objects.get()
    assert revision.action == Revision.Action.DELETE
    approve(client, revision)
    assert not Event.objects.filter(pk=event.pk).exists()
    deleted = Event.history.filter(id=event.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == publisher


# --- 2. Every workflow action is history --------------------------------------------------------


def run_action(client, name, *records):
    model = records[0]._meta.model_name
    return client.post(
        f"/admin/registry/{model}/", {"action": name, "_selected_action": [r.pk for r in records]}
    )


def test_submit_publish_unpublish_each_write_history_and_a_log_entry(client, editor, publisher):
    event = EventFactory(published_at=None)
    client.force_login(editor)
    run_action(client, "submit_for_review", event)
    client.force_login(publisher)
    run_action(client, "publish_now", event)
    run_action(client, "unpublish", event)

    reasons = list(
        event.history.order_by("history_date").values_list(
            "history_change_reason", "history_user__username"
        )
    )[-3:]
    assert reasons == [
        ("Submitted for review by editor", "editor"),
        ("Published by publisher", "publisher"),
        ("Unpublished by publisher", "publisher"),
    ]
    logged = LogEntry.objects.filter(object_id=str(event.pk)).values_list(
        "change_message", flat=True
    )
    assert {"Submitted for review by editor", "Published by publisher"} <= set(logged)
    history = client.get(admin_url(event, "history")).content.decode()
    assert "Published by publisher" in history


def test_scheduling_in_the_form_is_recorded(publisher_client):
    event = EventFactory(published_at=None)
    later = timezone.now() + datetime.timedelta(days=3)
    edit(
        publisher_client,
        event,
        published_at_0=later.date().isoformat(),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    assert event.history.latest().history_change_reason.startswith("Scheduled for")


def test_a_publisher_restoring_keeps_the_record_published(publisher_client):
    event = EventFactory(title="First", published_at=None)
    first = event.history.latest()
    event.title, event.published_at = "Second", timezone.now()
    event.save()
    publisher_client.post(f"{admin_url(event, 'history')}{first.history_id}/restore/")
    event.refresh_from_db()
    assert event.title == "First" and event.is_public


# --- 3. No silent overwrite -------------------------------------------------------------------


def test_a_form_opened_before_anothers_save_is_refused_and_keeps_the_input(
    client, publisher, django_user_model
):
    event = EventFactory(title="Title", summary="Old summary", published_at=None)
    client.force_login(publisher)
    stale = form_data(client.get(admin_url(event)))

    event.summary = "Summary from amina"
    event._history_user = django_user_model.objects.create_user("amina")
    event.save()

    stale["title_en"] = "Title from pat"
    response = client.post(admin_url(event), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "since you opened this form, amina changed summary" in page
    assert response.context["adminform"].form["title_en"].value() == "Title from pat"
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Title", "Summary from amina")

    # After merging, saving again goes through.
    merged = form_data(response)
    merged["summary_en"] = "Summary from amina"
    assert client.post(admin_url(event), merged).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.summary) == ("Title from pat", "Summary from amina")


# --- 5. Guarded deletion ----------------------------------------------------------------------


def test_an_editor_cannot_delete_a_state_that_published_records_link_to(editor_client):
    egypt = StateFactory(name="Egypt")
    EventFactory(title="Summit with Egypt", participants=[egypt])
    page = editor_client.get(admin_url(egypt, "delete")).content.decode()
    assert "cannot be deleted" in page and "Summit with Egypt" in page
    assert "unpublish" in page
    editor_client.post(admin_url(egypt, "delete"), {"post": "yes"})
    assert State.objects.filter(pk=egypt.pk).exists()
    assert not Revision.objects.exists()


def test_a_publishers_deletion_leaves_the_removed_link_in_history(publisher_client):
    egypt = StateFactory(name="Egypt")
    event = EventFactory(participants=[egypt])
    statement = StatementFactory(event=event)
    assert "Statement" in publisher_client.get(admin_url(event, "delete")).content.decode()
    publisher_client.post(admin_url(egypt, "delete"), {"post": "yes"})
    assert not State.objects.filter(pk=egypt.pk).exists()
    latest = event.history.latest()
    assert "Link to state “Egypt” removed" in latest.history_change_reason
    assert latest.history_user.username == "publisher"

    publisher_client.post(admin_url(event, "delete"), {"post": "yes"})
    statement.refresh_from_db()
    assert statement.event is None
    assert "removed" in statement.history.latest().history_change_reason


# --- 7. No staff-facing server errors ---------------------------------------------------------


def test_an_organisations_history_page_works(publisher_client):
    organisation = OrganizationFactory(name="United Nations")
    edit(publisher_client, organisation, acronym_en="UN")
    page = publisher_client.get(admin_url(organisation, "history"))
    assert page.status_code == 200
    assert Organization.history.filter(id=organisation.pk).exists()


@pytest.mark.parametrize("query", ["?from=abc&to=1", "?from=1", "?from=999&to=998"])
def test_bad_compare_parameters_answer_400_or_404(editor_client, query):
    event = EventFactory()
    response = editor_client.get(f"{admin_url(event, 'history')}compare/{query}")
    assert response.status_code in (400, 404)


def test_non_numeric_ids_answer_404(editor_client):
    event = EventFactory()
    assert editor_client.get("/admin/registry/event/abc/history/").status_code == 404
    assert editor_client.get(f"{admin_url(event, 'history')}abc/").status_code == 404
    assert editor_client.get("/admin/registry/organization/abc/history/").status_code == 404
    assert editor_client.get("/admin/registry/event/abc/history/compare/").status_code == 404
    assert editor_client.post("/admin/registry/event/abc/history/1/restore/").status_code == 404


def test_restoring_onto_a_taken_slug_explains_the_conflict(publisher_client):
    event = EventFactory(slug="summit-2022")
    old = event.history.latest()
    event.slug = "summit-2022-renamed"
    event.save()
    EventFactory(slug="summit-2022")
    response = publisher_client.post(
        f"{admin_url(event, 'history')}{old.history_id}/restore/", follow=True
    )
    assert response.status_code == 200
    assert "was not restored" in response.content.decode()
    assert "Slug already exists" in response.content.decode()


def test_statement_link_survives_a_pending_event_deletion(client, editor):
    event = EventFactory()
    statement = StatementFactory(event=event)
    client.force_login(editor)
    client.post(admin_url(event, "delete"), {"post": "yes"})
    statement.refresh_from_db()
    assert statement.event == event
    assert Statement.objects.filter(event=event).exists()
    assert Chairmanship.objects.count() == 0


# --- 6. Permissions mean what they say ----------------------------------------------------------


@pytest.fixture
def bare_staff_client(client, django_user_model):
    """A staff account with no registry permission at all."""
    user = django_user_model.objects.create_user("clerk", password="x-long-password", is_staff=True)
    client.force_login(user)
    return client


def test_staff_without_the_view_permission_see_no_drafts(bare_staff_client):
    draft = EventFactory(published_at=None)
    assert bare_staff_client.get(draft.get_absolute_url()).status_code == 404
    assert bare_staff_client.get("/admin/data-quality/").status_code == 403


def test_editors_still_see_drafts_and_data_quality(editor_client):
    draft = EventFactory(published_at=None)
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    assert editor_client.get("/admin/data-quality/").status_code == 200


def test_a_topic_used_only_by_a_draft_is_not_offered_to_visitors(client):
    from tests.factories import TopicFactory

    used = TopicFactory(name="Terrorism", slug="terrorism")
    secret = TopicFactory(name="Secret negotiations", slug="secret")
    StatementFactory(topics=[used])
    StatementFactory(topics=[secret], published_at=None)
    page = client.get("/statements/").content.decode()
    assert "Terrorism" in page
    assert "Secret negotiations" not in page
    assert "Secret negotiations" not in client.get("/measures/").content.decode()


@pytest.mark.parametrize("url", ["/statements/?ordering=event", "/api/statements/?ordering=event"])
def test_ordering_by_event_ignores_a_draft_events_date(client, url):
    def statement(title, event):
        return StatementFactory(title=title, slug=title.lower(), event=event, date="2022-01-01")

    statement("Without", None)
    statement("Hidden", EventFactory(start_date="2030-01-01", published_at=None))
    statement("Early", EventFactory(start_date="2010-01-01"))
    statement("Later", EventFactory(start_date="2015-01-01"))
    response = client.get(url)
    if url.startswith("/api/"):
        order = [row["slug"] for row in response.json()["results"]]
    else:
        order = [s.slug for s in response.context["object_list"]]
    # A draft event's date reads as no event: its statement sorts beside the one without.
    assert abs(order.index("hidden") - order.index("without")) == 1
    assert order.index("early") < order.index("later")


# --- 8. Imports that scale and stay bounded; exports that disarm formulas ---------------------

IMPORT_HEADER = "slug,title,kind,start_date,date_precision,city,host,is_online,participants\n"


def upload(client, text, name="events.csv", fmt="0"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = text if isinstance(text, bytes) else text.encode()
    return client.post(
        "/admin/registry/event/import/",
        {"import_file": SimpleUploadedFile(name, data), "format": fmt},
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post("/admin/registry/event/process_import/", data)


def test_an_editors_import_over_a_published_event_waits_for_review(client, editor, publisher):
    kazakhstan = StateFactory(slug="kazakhstan")
    event = EventFactory(slug="soc-1", title="Old title")
    client.force_login(editor)
    preview = upload(
        client,
        IMPORT_HEADER + "soc-1,New title,senior_officials,2024-03-14,day,Astana,kazakhstan,0,"
        "kazakhstan\n",
    )
    assert confirm(client, preview).status_code == 302
    event.refresh_from_db()
    assert event.title == "Old title"
    assert not event.participants.exists()
    revision = Revision.objects.get()
    assert "Imported from events.csv" in revision.note

    client.force_login(publisher)
    approve(client, revision)
    event.refresh_from_db()
    assert event.title == "New title"
    assert list(event.participants.all()) == [kazakhstan]


def test_a_publishers_import_writes_history_with_participants(publisher_client):
    StateFactory(slug="kazakhstan")
    StateFactory(slug="china")
    EventFactory(slug="soc-1", title="Old title")
    preview = upload(
        publisher_client,
        IMPORT_HEADER
        + "soc-1,New title,senior_officials,2024-03-14,day,Astana,kazakhstan,0,kazakhstan\n"
        + "soc-2,Second,senior_officials,2024-03-15,day,Astana,,0,kazakhstan|china\n",
    )
    page = preview.content.decode()
    assert "<del>Old title</del> <ins>New title</ins>" in page
    assert "china|kazakhstan" in page
    assert confirm(publisher_client, preview).status_code == 302
    updated, new = Event.objects.get(slug="soc-1"), Event.objects.get(slug="soc-2")
    assert updated.title == "New title"
    assert {s.slug for s in new.participants.all()} == {"kazakhstan", "china"}
    for event in (updated, new):
        version = event.history.latest()
        assert version.history_user.username == "publisher"
        assert version.history_change_reason == "Imported by publisher"
    snapshot = {row.state.slug for row in new.history.latest().participants.all()}
    assert snapshot == {"kazakhstan", "china"}


def test_an_import_without_required_columns_names_them(editor_client):
    response = upload(editor_client, "title,kind\nA meeting,summit\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "lacks the required column(s): slug, start_date" in page
    assert "Traceback" not in page


def test_an_import_with_too_many_rows_or_a_huge_cell_is_refused(editor_client, monkeypatch):
    from registry import resources

    monkeypatch.setattr(resources, "MAX_ROWS", 2)
    rows = "".join(f"m-{n},M {n},summit,2024-01-01,day,,,0,\n" for n in range(3))
    assert "at most 2 are imported" in upload(editor_client, IMPORT_HEADER + rows).content.decode()

    monkeypatch.setattr(resources, "MAX_CELL_CHARS", 50)
    huge = IMPORT_HEADER + f"m-1,{'x' * 60},summit,2024-01-01,day,,,0,\n"
    assert "a cell holds at most 50" in upload(editor_client, huge).content.decode()
    assert not Event.objects.exists()


def test_an_xlsx_that_unpacks_too_large_is_refused_before_reading(editor_client, monkeypatch):
    import io
    import zipfile

    from registry import resources

    monkeypatch.setattr(resources, "MAX_UNPACKED_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/sharedStrings.xml", "a" * 5000)
    page = upload(editor_client, buffer.getvalue(), "events.xlsx", fmt="1").content.decode()
    assert "unpacks to" in page


def test_admin_exports_disarm_formulas(editor_client):
    EventFactory(slug="formula", title='=HYPERLINK("http://evil.example","click")', city="+1+cmd")
    response = editor_client.post(
        "/admin/registry/event/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"eventresource_{f}": "on" for f in ("slug", "title", "city")},
        },
    )
    body = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode()
    assert "'=HYPERLINK" in body and "'+1+cmd" in body
