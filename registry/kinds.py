"""The register of public record kinds.

URLs, views, downloads, the sitemap, the API router and the navigation read this list, and the
tests iterate over it: a new public kind is one entry here plus its model (with `for_list`,
`for_export`, `for_detail` and `get_absolute_url`), its FilterSet, its representation
(`registry.representations`), its search fields (`registry.search`) and its two templates.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from registry import filters, representations
from registry.models import Event, Measure, Organization, State, Statement


@dataclass(frozen=True)
class Kind:
    prefix: str  # the URL segment: /<prefix>/, /<prefix>/<slug>/, /api/<prefix>/
    model: type
    filterset: type
    representation: type  # the serializer that defines the record's public fields
    nav_label: str
    # (heading, ordering key or None when the column does not sort)
    columns: list = field(default_factory=list)
    feed: bool = False  # /<prefix>/feed.atom
    calendar: bool = False  # /<prefix>/calendar.ics and /<prefix>/<slug>/calendar.ics
    sitemap_priority: float = 0.5

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
        columns=[
            (_("Name"), "name"),
            (_("Status"), "status"),
            (_("Region"), "region"),
            (_("Joined"), "joined"),
        ],
        sitemap_priority=0.6,
    ),
    Kind(
        "organizations",
        Organization,
        filters.OrganizationFilter,
        representations.OrganizationSerializer,
        _("Organisations"),
        columns=[(_("Name"), "name"), (_("Status"), "status"), (_("Since"), "since")],
        sitemap_priority=0.4,
    ),
    Kind(
        "events",
        Event,
        filters.EventFilter,
        representations.EventSerializer,
        _("Events"),
        columns=[
            (_("Date"), "date"),
            (_("Title"), "title"),
            (_("Kind"), "kind"),
            (_("Place"), "place"),
        ],
        feed=True,
        calendar=True,
        sitemap_priority=0.7,
    ),
    Kind(
        "statements",
        Statement,
        filters.StatementFilter,
        representations.StatementSerializer,
        _("Statements"),
        columns=[
            (_("Date"), "date"),
            (_("Title"), "title"),
            (_("Kind"), "kind"),
            (_("Event"), "event"),
        ],
        feed=True,
        sitemap_priority=0.7,
    ),
    Kind(
        "measures",
        Measure,
        filters.MeasureFilter,
        representations.MeasureSerializer,
        _("Measures"),
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
