"""Root URLs: the public registry and the editors' admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "CICA Registry"
admin.site.site_title = "CICA Registry"
admin.site.index_title = "Editors' workspace"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("registry.urls")),
]
