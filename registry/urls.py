from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("states/", views.StateListView.as_view(), name="state_list"),
    path("states/<slug:slug>/", views.StateDetailView.as_view(), name="state_detail"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("statements/", views.StatementListView.as_view(), name="statement_list"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement_detail"),
    path("measures/", views.MeasureListView.as_view(), name="measure_list"),
    path("measures/<slug:slug>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("search/", views.search_page, name="search"),
]
