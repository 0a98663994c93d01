"""The health check a load balancer polls: does this server reach the database and the cache?"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_answers() -> None:
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")


CHECKS = {"database": database_answers, "cache": cache_answers}


@never_cache
def healthz(request):
    """200 {"status": "ok", ...} when every part answers; 503 naming the parts that fail."""
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
            parts[name] = "ok"
        except Exception as error:  # any failure means "not healthy"
            logger.error("Health check: the %s does not answer: %s", name, error)
            parts[name] = "failing"
    healthy = all(state == "ok" for state in parts.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **parts}, status=200 if healthy else 503
    )
