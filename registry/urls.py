from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from registry import views, views_glance
from registry.feeds import EventFeed, StatementFeed
from registry.sitemaps import SITEMAPS, robots_txt

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("states/", views.StateListView.as_view(), name="state_list"),
    path("states/<slug:slug>/", views.StateDetailView.as_view(), name="state_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/feed.atom", EventFeed(), name="event_feed"),
    path("events/calendar.ics", views.events_calendar, name="event_calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:slug>/calendar.ics", views.event_calendar, name="event_ics"),
    path("statements/", views.StatementListView.as_view(), name="statement_list"),
    path("statements/feed.atom", StatementFeed(), name="statement_feed"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement_detail"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<slug:slug>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("search/", views.search_page, name="search"),
    re_path(
        r"^(?P<kind>states|events|statements|measures)/export\.(?P<fmt>csv|json)$",
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
