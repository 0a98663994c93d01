"""The admin sign-in locks after 10 failures, says so, unlocks by command; sign-ins are logged."""

import io
import logging

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-editor-password"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, times, username="editor", address="198.51.100.7"):
    for _ in range(times):
        response = sign_in(client, username, "wrong", address)
    return response


def test_nine_failures_then_the_right_password_signs_in(client, editor):
    assert fail(client, 9).status_code == 200  # the form again, with its error
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_ten_failures_lock_the_account_and_the_page_says_so(client, editor):
    fail(client, 10)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "locked for 30 minutes" in page
    assert "_auth_user_id" not in client.session
    # The account is locked wherever the attempt comes from.
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.50").status_code == 429


def test_ten_failures_from_one_address_lock_that_address(client, editor):
    for number in range(10):
        sign_in(client, f"guess{number}", "wrong", address="192.0.2.66")
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.66").status_code == 429


def test_the_unlock_command_lets_the_user_in_again(client, editor):
    fail(client, 10)
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    out = io.StringIO()
    call_command("axes_reset_username", "editor", stdout=out)
    call_command("axes_reset_ip", "198.51.100.7", stdout=out)

    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_sign_ins_failures_and_lockouts_are_logged(client, editor, caplog):
    with caplog.at_level(logging.INFO, logger="registry.auth"):
        fail(client, 10)
        call_command("axes_reset_username", "editor", stdout=io.StringIO())
        call_command("axes_reset_ip", "198.51.100.7", stdout=io.StringIO())
        sign_in(client, "editor", PASSWORD)
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "registry.auth"]
    failed = ("WARNING", "Login failed: user 'editor' from 198.51.100.7")
    assert lines == [
        *[failed] * 9,
        ("WARNING", "Sign-in locked: user 'editor' from 198.51.100.7"),  # at the tenth
        failed,
        ("INFO", "Login succeeded: user 'editor' from 198.51.100.7"),
    ]
