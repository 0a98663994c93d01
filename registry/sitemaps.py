"""sitemap.xml of every published record, with its last change, and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from registry.kinds import KINDS


class BilingualSitemap(Sitemap):
    """Every page in English and Russian, each naming the other (and x-default, English)."""

    i18n = True
    alternates = True
    x_default = True


class RecordSitemap(BilingualSitemap):
    def __init__(self, kind):
        self.model = kind.model
        self.priority = kind.sitemap_priority

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


GLANCE = ["timeline", "membership", "participation"]


class PageSitemap(BilingualSitemap):
    def items(self):
        return ["home", *(f"{kind.name}_list" for kind in KINDS), *GLANCE]

    def location(self, name):
        return reverse(f"registry:{name}")


SITEMAPS = {"pages": PageSitemap(), **{kind.prefix: RecordSitemap(kind) for kind in KINDS}}

ROBOTS = """User-agent: *
Allow: /
Disallow: /admin/
Disallow: /api/
Disallow: /search/
Disallow: /ru/search/
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
