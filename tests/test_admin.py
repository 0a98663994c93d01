"""The editors' workspace: login, add with participants, history and restore, permissions."""

import pytest
from django.urls import reverse

from registry.models import Event, State
from tests.factories import EventFactory, StateFactory

pytestmark = pytest.mark.django_db


NO_SOURCES = {"citations-TOTAL_FORMS": "0", "citations-INITIAL_FORMS": "0"}


def event_form(**overrides):
    """The fields of the admin's event form, as a browser would post them."""
    data = {
        "title_en": "Senior Officials Committee meeting, 14 March 2024",
        "slug": "soc-2024-03-14",
        "kind": "senior_officials",
        "ordinal": "",
        "start_date": "2024-03-14",
        "end_date": "",
        "date_precision": "day",
        "city_en": "Astana",
        "host": "",
        "participants": [],
        "summary_en": "",
        "body_en": "",
        "note_en": "",
        "published_at_0": "",
        "published_at_1": "",
        **NO_SOURCES,
    }
    data.update(overrides)
    return data


def test_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/registry/event/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_logs_in_and_sees_the_registry(client, editor):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "a-long-editor-password", "next": "/admin/"},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "CICA Registry" in page
    assert "Events" in page and "Measures" in page


def test_editor_cannot_open_the_users_admin(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editor_adds_an_event_with_participants_and_restores_an_earlier_version(editor_client):
    kazakhstan, china = StateFactory(name="Kazakhstan"), StateFactory(name="China")
    response = editor_client.post(
        "/admin/registry/event/add/",
        event_form(host=kazakhstan.pk, participants=[kazakhstan.pk, china.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="soc-2024-03-14")
    assert set(event.participants.all()) == {kazakhstan, china}
    assert event.published_at is None  # a new record starts as a draft

    changed = event_form(
        title_en="SOC meeting renamed", host=kazakhstan.pk, participants=[kazakhstan.pk]
    )
    assert (
        editor_client.post(f"/admin/registry/event/{event.pk}/change/", changed).status_code == 302
    )

    history = editor_client.get(f"/admin/registry/event/{event.pk}/history/").content.decode()
    assert "editor" in history
    assert "Senior Officials Committee meeting, 14 March 2024" in history
    assert "SOC meeting renamed" in history

    as_added = event.history.filter(title__startswith="Senior Officials").latest()
    restore_url = f"/admin/registry/event/{event.pk}/history/{as_added.history_id}/restore/"
    assert restore_url in history  # one "Restore this version" button per version
    versions_before = event.history.count()
    assert editor_client.post(restore_url).status_code == 302
    event.refresh_from_db()
    assert event.title == "Senior Officials Committee meeting, 14 March 2024"
    assert set(event.participants.all()) == {kazakhstan, china}
    assert event.history.count() > versions_before  # the restore is itself recorded
    assert event.history.latest().history_user.username == "editor"


def test_admin_form_explains_an_event_that_ends_before_it_starts(editor_client):
    response = editor_client.post(
        "/admin/registry/event/add/", event_form(start_date="2024-03-14", end_date="2024-03-13")
    )
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_admin_form_explains_a_member_without_accession_year(editor_client):
    response = editor_client.post(
        "/admin/registry/state/add/",
        {
            "name_en": "Kuwait",
            "slug": "kuwait",
            "iso_code": "KW",
            "region": "west_asia",
            "status": "member",
            "joined_year": "",
            "chairmanships-TOTAL_FORMS": "0",
            "chairmanships-INITIAL_FORMS": "0",
            **NO_SOURCES,
        },
    )
    assert response.status_code == 200
    assert "A member state needs the year it joined." in response.content.decode()
    assert not State.objects.filter(slug="kuwait").exists()


def test_admin_form_explains_a_second_role_for_the_same_state(editor_client):
    from tests.factories import DimensionFactory

    state = StateFactory()
    dimension = DimensionFactory()
    response = editor_client.post(
        "/admin/registry/measure/add/",
        {
            "title_en": "Tourism",
            "slug": "tourism",
            "dimension": dimension.pk,
            "status": "active",
            "roles-TOTAL_FORMS": "2",
            "roles-INITIAL_FORMS": "0",
            "roles-0-state": state.pk,
            "roles-0-role": "coordinator",
            "roles-1-state": state.pk,
            "roles-1-role": "co_coordinator",
            **NO_SOURCES,
        },
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for state" in response.content.decode()


def test_publisher_publishes_and_unpublishes(publisher_client):
    draft = EventFactory(published_at=None)
    publisher_client.post(
        "/admin/registry/event/", {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.publication_status == "published"
    publisher_client.post(
        "/admin/registry/event/", {"action": "unpublish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_admin_list_shows_publication_and_filters_drafts(editor_client):
    EventFactory(title="Public meeting")
    EventFactory(title="Draft meeting", published_at=None)
    page = editor_client.get("/admin/registry/event/?workflow=draft").content.decode()
    assert "Draft meeting" in page
    assert "Public meeting" not in page


def test_autocomplete_serves_states_to_editors(editor_client):
    StateFactory(name="Kazakhstan")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Kaz", "app_label": "registry", "model_name": "event", "field_name": "host"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Kazakhstan"


def test_the_admin_speaks_the_editors_language(editor_client):
    """The browser's Accept-Language, then the switch in the admin's header (a cookie), choose
    the admin's language; public pages keep the language of their URL."""
    english = editor_client.get("/admin/").content.decode()
    assert "Log out" in english and "Change password" in english
    russian = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Выйти" in russian and "Изменить пароль" in russian
    assert "Log out" not in russian
    assert "Accept-Language" in editor_client.get("/admin/")["Vary"]

    # The switch posts to Django's set_language and comes back to the same admin page.
    assert 'name="language" value="ru"' in english
    switched = editor_client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})
    assert switched.status_code == 302 and switched["Location"] == "/admin/"
    assert "Выйти" in editor_client.get("/admin/").content.decode()
    assert 'name="language" value="en"' in editor_client.get("/admin/").content.decode()

    # Public pages ignore both the cookie and the header.
    public = editor_client.get("/states/", HTTP_ACCEPT_LANGUAGE="ru")
    assert public["Content-Language"] == "en"
    assert '<html lang="en"' in public.content.decode()


def test_the_login_page_follows_accept_language(client):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Войти" in page
