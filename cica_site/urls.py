"""Root URLs: the public registry and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

from registry.health import healthz
from registry.urls import site_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("registry.api")),
    path("", include("registry.urls")),
    *site_urlpatterns,
]
