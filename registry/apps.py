from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "CICA Registry"

    def ready(self):
        from django.db.models.signals import pre_save
        from django.utils.autoreload import file_changed

        from registry import cache, kinds, search, security  # noqa: F401 - security's signals
        from registry.text import render_markdown_fields

        # Every kind stores the HTML of its Markdown and, on PostgreSQL, its search vector; the
        # page cache moves on after that (its receivers come last).
        for kind in kinds.KINDS:
            uid = f"html-{kind.model.__name__}"
            pre_save.connect(render_markdown_fields, sender=kind.model, dispatch_uid=uid)
        search.connect_signals([kind.model for kind in kinds.KINDS])
        cache.connect_signals(self)
        file_changed.connect(cache.template_changed, dispatch_uid="page-cache-template-changed")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """The admin, with the registry's own site (review queue, data quality)."""

    default = False  # named explicitly in INSTALLED_APPS; "registry" means RegistryConfig
    default_site = "registry.admin_site.RegistryAdminSite"
