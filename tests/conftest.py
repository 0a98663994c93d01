"""Shared fixtures: empty caches for every test, staff users in the two editorial roles, the
real CICA fixture loaded once for a module."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction

QUERY_COUNTING = {"django_assert_num_queries", "django_assert_max_num_queries"}


@pytest.fixture(autouse=True)
def page_cache(request):
    """Every test starts with empty caches (a rolled-back test sends no signal to invalidate
    them). Tests that pin query counts measure the pages themselves, with the page cache off;
    tests/test_cache.py counts what a hit and a miss cost."""
    for cache in caches.all():
        cache.clear()
    if QUERY_COUNTING & set(request.fixturenames):
        request.getfixturevalue("settings").PAGE_CACHE = False


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


@pytest.fixture(scope="module")
def cica(django_db_setup, django_db_blocker):
    """The real CICA fixture, loaded once for the module that asks for it, inside a transaction
    rolled back at the module's end.

    Each test still runs in its own savepoint (the django_db mark), so tests cannot affect
    each other, and no data leaks into other modules.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "cica", verbosity=0)
        yield
        transaction.set_rollback(True)
