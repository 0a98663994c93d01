from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "CICA Registry"

    def ready(self):
        from django.utils.autoreload import file_changed

        from registry import cache, kinds, search, security  # noqa: F401 - security's signals

        cache.connect_signals(self)
        search.connect_signals([kind.model for kind in kinds.KINDS])
        file_changed.connect(cache.template_changed, dispatch_uid="page-cache-template-changed")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """The admin, with the registry's own site (review queue, data quality)."""

    default = False  # named explicitly in INSTALLED_APPS; "registry" means RegistryConfig
    default_site = "registry.admin_site.RegistryAdminSite"
