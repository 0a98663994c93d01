from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from registry import views, views_glance
from registry.feeds import EventFeed, StatementFeed
from registry.kinds import KINDS, PREFIXES
from registry.sitemaps import SITEMAPS, robots_txt

app_name = "registry"
FEEDS = {"event": EventFeed, "statement": StatementFeed}


def kind_urls(kind) -> list:
    """A kind's list, its feed and calendar when it has them, and its records' pages."""
    prefix, name = kind.prefix, kind.name
    urls = [path(f"{prefix}/", views.RegistryListView.as_view(kind=kind), name=f"{name}_list")]
    if kind.feed:
        urls.append(path(f"{prefix}/feed.atom", FEEDS[name](), name=f"{name}_feed"))
    if kind.calendar:
        urls.append(path(f"{prefix}/calendar.ics", views.events_calendar, name=f"{name}_calendar"))
    urls.append(
        path(
            f"{prefix}/<slug:slug>/",
            views.RegistryDetailView.as_view(kind=kind),
            name=f"{name}_detail",
        )
    )
    if kind.calendar:
        urls.append(
            path(f"{prefix}/<slug:slug>/calendar.ics", views.event_calendar, name="event_ics")
        )
    return urls


urlpatterns = [
    path("", views.home, name="home"),
    *(url for kind in KINDS for url in kind_urls(kind)),
    path("search/", views.search_page, name="search"),
    re_path(
        rf"^(?P<kind>{PREFIXES})/export\.(?P<fmt>csv|json)$",
        views.download,
        name="download",
    ),
    # CICA at a glance
    path("timeline/", views_glance.timeline, name="timeline"),
    path("membership/", views_glance.membership, name="membership"),
    path("participation/", views_glance.participation, name="participation"),
    re_path(
        r"^(?P<page>timeline|membership|participation)/export\.(?P<fmt>csv|json)$",
        views_glance.download,
        name="glance_download",
    ),
]

site_urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
