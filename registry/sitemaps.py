"""sitemap.xml of every published record, with its last change, and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from registry.models import Event, Measure, State, Statement


class RecordSitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


GLANCE = ["timeline", "membership", "participation"]


class PageSitemap(Sitemap):
    def items(self):
        return ["home", "state_list", "event_list", "statement_list", "measure_list", *GLANCE]

    def location(self, name):
        return reverse(f"registry:{name}")


SITEMAPS = {
    "pages": PageSitemap(),
    "states": RecordSitemap(State),
    "events": RecordSitemap(Event),
    "statements": RecordSitemap(Statement),
    "measures": RecordSitemap(Measure),
}

ROBOTS = """User-agent: *
Allow: /
Disallow: /admin/
Disallow: /api/
Disallow: /search/
Disallow: /*?
Disallow: /*/export.
Disallow: /*.ics
Disallow: /*.atom
Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    """Crawlers may read every record, but not filter combinations, searches or downloads."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")
