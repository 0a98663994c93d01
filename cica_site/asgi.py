"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from cica_site.collector import settle_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")
application = get_asgi_application()
settle_for_serving()
