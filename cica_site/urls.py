"""Root URLs: the public registry and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("registry.api")),
    path("", include("registry.urls")),
]
