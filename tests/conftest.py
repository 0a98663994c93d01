"""Shared fixtures: staff users in the two editorial roles."""

import pytest
from django.contrib.auth.models import Group


def staff_in(django_user_model, username, group):
    user = django_user_model.objects.create_user(
        username, password=f"a-long-{username}-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_in(django_user_model, "editor", "Editors")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher(django_user_model):
    return staff_in(django_user_model, "publisher", "Publishers")


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client
