"""The yardstick for benchmarks/throughput.py: one Django view returning a short text, with no
middleware, database or templates. Served by gunicorn as `bare_app:application`."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-only-bare-view",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello from a bare Django view.\n", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
