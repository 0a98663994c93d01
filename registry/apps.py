from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "CICA Registry"

    def ready(self):
        from registry import (
            search,  # noqa: F401 - connects the search-vector signals
            security,  # noqa: F401 - logs successful sign-ins
        )


class RegistryAdminConfig(admin_apps.AdminConfig):
    """The admin, with the registry's own site (review queue, data quality)."""

    default = False  # named explicitly in INSTALLED_APPS; "registry" means RegistryConfig
    default_site = "registry.admin_site.RegistryAdminSite"
