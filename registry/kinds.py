"""The register of public record kinds.

URLs, views, downloads, search, JSON-LD, the sitemap, the API router and the navigation read this
list, and the tests iterate over it: a new public kind is one entry here plus its model (a
`Searchable` naming its search fields, with `for_list`, `for_export`, `for_detail` and
`get_absolute_url`), its FilterSet, its representation (`registry.representations`), its
schema.org builder if it has one (`registry.jsonld`) and its two templates.

This module imports no module that reads it (the search takes the register as an argument and the
app connects the search's signals in `ready()`), so nothing here needs a lazy import.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from registry import filters, jsonld, representations
from registry.models import Event, Measure, Organization, State, Statement


@dataclass(frozen=True)
class Kind:
    prefix: str  # the URL segment: /<prefix>/, /<prefix>/<slug>/, /api/<prefix>/
    model: type
    filterset: type
    representation: type  # the serializer that defines the record's public fields
    nav_label: str
    search_label: str  # the kind's name on a search result: "State", "Document"
    # (heading, ordering key or None when the column does not sort)
    columns: list = field(default_factory=list)
    feed: bool = False  # /<prefix>/feed.atom
    calendar: bool = False  # /<prefix>/calendar.ics and /<prefix>/<slug>/calendar.ics
    sitemap_priority: float = 0.5
    # (record, its absolute URL) -> the schema.org data of its page; None: the page has none
    structured_data: Callable[[object, str], dict] | None = None

    @property
    def name(self) -> str:
        """The model's name as used in URL names: `state` gives `state_list`, `state_detail`."""
        return self.model._meta.model_name

    @property
    def data_formats(self) -> list[str]:
        return ["csv", "json"] + ["atom"] * self.feed + ["ics"] * self.calendar


KINDS = [
    Kind(
        "states",
        State,
        filters.StateFilter,
        representations.StateSerializer,
        _("States"),
        _("State"),
        columns=[
            (_("Name"), "name"),
            (_("Status"), "status"),
            (_("Region"), "region"),
            (_("Joined"), "joined"),
        ],
        sitemap_priority=0.6,
        structured_data=jsonld.state_data,
    ),
    Kind(
        "organizations",
        Organization,
        filters.OrganizationFilter,
        representations.OrganizationSerializer,
        _("Organisations"),
        _("Organisation"),
        columns=[(_("Name"), "name"), (_("Status"), "status"), (_("Since"), "since")],
        sitemap_priority=0.4,
        structured_data=jsonld.organization_data,
    ),
    Kind(
        "events",
        Event,
        filters.EventFilter,
        representations.EventSerializer,
        _("Events"),
        _("Event"),
        columns=[
            (_("Date"), "date"),
            (_("Title"), "title"),
            (_("Kind"), "kind"),
            (_("Place"), "place"),
        ],
        feed=True,
        calendar=True,
        sitemap_priority=0.7,
        structured_data=jsonld.event_data,
    ),
    Kind(
        "statements",
        Statement,
        filters.StatementFilter,
        representations.StatementSerializer,
        _("Statements"),
        _("Document"),
        columns=[
            (_("Date"), "date"),
            (_("Title"), "title"),
            (_("Kind"), "kind"),
            (_("Event"), "event"),
        ],
        feed=True,
        sitemap_priority=0.7,
        structured_data=jsonld.statement_data,
    ),
    Kind(
        "measures",
        Measure,
        filters.MeasureFilter,
        representations.MeasureSerializer,
        _("Measures"),
        _("Measure"),
        columns=[
            (_("Title"), "title"),
            (_("Dimension"), "dimension"),
            (_("Coordinators"), None),
            (_("Status"), "status"),
        ],
        sitemap_priority=0.6,
    ),
]
BY_PREFIX = {kind.prefix: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}
PREFIXES = "|".join(BY_PREFIX)  # for URL patterns
