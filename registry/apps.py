from django.apps import AppConfig


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "CICA Registry"

    def ready(self):
        from registry import search  # noqa: F401 - connects the search-vector signals
