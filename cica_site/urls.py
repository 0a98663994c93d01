"""Root URLs: the public registry in English (unprefixed) and Russian (`/ru/`), and the
language-neutral rest: the admin and its language switch, the API, the health check, the
sitemap and robots.txt."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from registry.health import healthz
from registry.urls import site_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the admin's language switch
    path("api/", include("registry.api")),
    *site_urlpatterns,
    *i18n_patterns(path("", include("registry.urls")), prefix_default_language=False),
]
