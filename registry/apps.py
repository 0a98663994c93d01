from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "CICA Registry"

    def ready(self):
        from django.utils.autoreload import file_changed

        from registry import (  # noqa: F401 - search and security connect their signals
            cache,
            search,
            security,
        )

        cache.connect_signals(self)
        file_changed.connect(cache.template_changed, dispatch_uid="page-cache-template-changed")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """The admin, with the registry's own site (review queue, data quality)."""

    default = False  # named explicitly in INSTALLED_APPS; "registry" means RegistryConfig
    default_site = "registry.admin_site.RegistryAdminSite"
