"""Search for everything: states, events, statements and measures.

PostgreSQL: each record stores a weighted search vector (title A, short title B, summary C,
body D), kept current by a post_save signal (which also runs for `loaddata`) and indexed with
GIN, so a query never computes vectors row by row. SQLite: a case-insensitive match over the
same fields serves the same interface.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models.signals import post_save

from registry.models import Event, Measure, State, Statement

# The fields searched for each model, from most to least weight (PostgreSQL's A to D).
SEARCH_FIELDS = {
    State: (("name",), ("official_name", "iso_code"), ("summary",), ("note",)),
    Event: (("title",), ("city",), ("summary",), ("body",)),
    Statement: (("title",), ("short_title", "speaker"), ("summary",), ("text",)),
    Measure: (("title",), (), ("description",), ("note",)),
}


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def weighted_vector(model):
    """The SearchVector expression stored in `search_vector` for one model."""
    parts = [
        SearchVector(*fields, weight=weight, config="english")
        for fields, weight in zip(SEARCH_FIELDS[model], "ABCD", strict=True)
        if fields
    ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def update_search_vector(sender, instance, **kwargs):
    if uses_postgres():
        sender.objects.filter(pk=instance.pk).update(search_vector=weighted_vector(sender))


for _model in SEARCH_FIELDS:
    post_save.connect(update_search_vector, sender=_model, dispatch_uid=f"search-{_model.__name__}")
