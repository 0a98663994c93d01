"""factory-boy factories: published records by default, `published_at=None` for a draft."""

import datetime

import factory
from django.utils import timezone

from registry import models


def iso_code(n: int) -> str:
    """A unique two-letter code for the n-th state (AA, AB, ... ZZ)."""
    return chr(65 + (n // 26) % 26) + chr(65 + n % 26)


class PublishedFactory(factory.django.DjangoModelFactory):
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Meta:
        abstract = True
        skip_postgeneration_save = True


def add_many(attribute):
    """A post-generation hook that fills the many-to-many `attribute` with the given objects."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, attribute).add(*extracted)

    return factory.PostGeneration(hook)


def cite():
    """A post-generation hook that makes the given sources the record's, numbered in order."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.cite(extracted)

    return factory.PostGeneration(hook)


class SourceFactory(factory.django.DjangoModelFactory):
    url = factory.Sequence(lambda n: f"https://www.s-cica.org/news/press-releases/{n}/")
    title = factory.Sequence(lambda n: f"Press release {n}")
    publisher = "CICA Secretariat"
    accessed = datetime.date(2026, 11, 30)

    class Meta:
        model = models.Source
        django_get_or_create = ["url"]


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = models.Topic
        django_get_or_create = ["slug"]


class DimensionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dimension {n}")
    slug = factory.Sequence(lambda n: f"dimension-{n}")
    order = factory.Sequence(lambda n: n + 1)

    class Meta:
        model = models.Dimension
        django_get_or_create = ["slug"]


class StateFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"State {n:03d}")
    slug = factory.Sequence(lambda n: f"state-{n:03d}")
    iso_code = factory.Sequence(iso_code)
    region = models.Region.CENTRAL_ASIA
    status = models.State.Status.MEMBER
    joined_year = 1999
    summary = "A state of the factory."
    sources = cite()

    class Meta:
        model = models.State


class OrganizationFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    status = models.Organization.Status.OBSERVER
    sources = cite()

    class Meta:
        model = models.Organization


class ChairmanshipFactory(factory.django.DjangoModelFactory):
    state = factory.SubFactory(StateFactory)
    start_date = datetime.date(2010, 6, 8)

    class Meta:
        model = models.Chairmanship


class EventFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = models.Event.Kind.SENIOR_OFFICIALS
    start_date = datetime.date(2022, 3, 30)
    city = "Astana"
    participants = add_many("participants")
    sources = cite()

    class Meta:
        model = models.Event


class StatementFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Statement {n}")
    slug = factory.Sequence(lambda n: f"statement-{n}")
    kind = models.Statement.Kind.STATEMENT
    date = datetime.date(2022, 10, 13)
    endorsed_by = add_many("endorsed_by")
    topics = add_many("topics")
    sources = cite()

    class Meta:
        model = models.Statement


class MeasureFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Measure {n}")
    slug = factory.Sequence(lambda n: f"measure-{n}")
    dimension = factory.SubFactory(DimensionFactory)
    topics = add_many("topics")
    sources = cite()

    class Meta:
        model = models.Measure


class CoordinatorRoleFactory(factory.django.DjangoModelFactory):
    measure = factory.SubFactory(MeasureFactory)
    state = factory.SubFactory(StateFactory)
    role = models.CoordinatorRole.Role.COORDINATOR

    class Meta:
        model = models.CoordinatorRole


# A factory for each kind of the register (registry.kinds), by URL prefix.
BY_KIND = {
    "states": StateFactory,
    "organizations": OrganizationFactory,
    "events": EventFactory,
    "statements": StatementFactory,
    "measures": MeasureFactory,
}
