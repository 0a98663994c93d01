"""Atom feeds of events and statements for any filtered list: the feed link carries the filters."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from registry import filters
from registry.dates import event_dates, precise_date

FEED_LENGTH = 50


class FilteredFeed(Feed):
    """The newest records of a filtered list, newest first."""

    feed_type = Atom1Feed
    filterset_class: type[filters.RegistryFilterSet]
    title_prefix = ""
    date_field = ""

    # One Feed instance serves every request: per-request state lives on the filterset only.

    def get_object(self, request, *args, **kwargs):
        filterset, _ = filters.from_request(self.filterset_class, request)
        return filterset

    def title(self, filterset):
        """The filters in force (a feed is always newest first, so not the ordering)."""
        chosen = [
            f"{name}={filterset.data[name]}"
            for name, value in filterset.form.cleaned_data.items()
            if value and name != "ordering"
        ]
        return str(self.title_prefix) + (f" ({', '.join(chosen)})" if chosen else "")

    def link(self, filterset):
        """The list page the feed follows, with the same filters."""
        request = filterset.request
        query = request.GET.urlencode()
        return request.path.rsplit("/", 1)[0] + "/" + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        return filterset.request.get_full_path()

    def items(self, filterset):
        return filterset.qs.order_by(f"-{self.date_field}", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return mark_safe(item.summary_html)  # sanitized when the record was saved

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class EventFeed(FilteredFeed):
    filterset_class = filters.EventFilter
    title_prefix = _("CICA Registry: events")
    subtitle = _("Summits, ministerial and senior officials' meetings and forums of CICA.")
    date_field = "start_date"

    def item_title(self, item):
        return f"{item.title} ({event_dates(item)})"


class StatementFeed(FilteredFeed):
    filterset_class = filters.StatementFilter
    title_prefix = _("CICA Registry: statements and documents")
    subtitle = _("Documents adopted by CICA and statements delivered at its meetings.")
    date_field = "date"

    def item_title(self, item):
        return f"{item.title} ({precise_date(item.date, item.date_precision)})"
