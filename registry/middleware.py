"""Middleware for running in production: request ids, the headers django-csp and Django's
SecurityMiddleware do not send, and rate limits on the expensive public endpoints."""

import functools
import logging
import math
import re
import time
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from registry import logs

logger = logging.getLogger(__name__)

# An id from the proxy is kept when it looks like one, so that its logs and ours match.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIDMiddleware:
    """Give every request an id, sent back as `X-Request-ID` and written on its log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = logs.current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            logs.current_request.reset(token)
        response["X-Request-ID"] = request.id
        return response


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy and Permissions-Policy on every response, static files
    and errors included (settings SECURE_CROSS_ORIGIN_RESOURCE_POLICY, PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{name}=()" for name in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
        )
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


@functools.cache
def site_policies() -> tuple[tuple[str, str], ...]:
    """The site's Content-Security-Policy headers (settings), built once."""
    headers = [(HEADER, build_policy()), (HEADER_REPORT_ONLY, build_policy(report_only=True))]
    return tuple((header, policy) for header, policy in headers if policy)


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's own policy built once instead of twice per
    response (that cost a fifth of a cached page's time). A response or request that changes
    the policy (django-csp's decorators, a nonce) or settings that exclude paths are left to
    django-csp itself."""

    def process_response(self, request, response):
        if (
            hasattr(response, "_csp_exempt")
            or hasattr(response, "_csp_exempt_ro")
            or self.get_policy_parts(request, response) != PolicyParts()
            or self.get_policy_parts(request, response, report_only=True) != PolicyParts()
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
            or (response.status_code in (404, 500) and settings.DEBUG)
        ):
            return super().process_response(request, response)
        for header, policy in site_policies():
            response.setdefault(header, policy)
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def client_ip(request) -> str:
    """The client's address. Behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT), the Nth
    address from the right of X-Forwarded-For: the one the outermost proxy saw. Addresses
    further left are whatever the client claimed, so they are never trusted."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_group(path: str) -> str | None:
    """The RATE_LIMITS group an expensive public path belongs to, or None."""
    for group, pattern in settings.RATE_LIMIT_PATHS.items():
        if re.search(pattern, path):
            return group
    return None


class RateLimitMiddleware:
    """At most RATE_LIMITS[group] = (requests, seconds) per client address in a fixed window,
    counted in the Django cache (Redis when REDIS_URL is set), so that every app server shares
    one count; a client over it gets 429 with Retry-After.

    A counter of a few lines rather than django-ratelimit: one middleware covers every kind of
    view (function views, feeds, DRF viewsets) by path, and the window is known, so
    Retry-After says exactly when to come back. It must run before the page cache: a cached
    answer is as cheap to serve many times as to hammer for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        group = rate_limit_group(request.path_info) if settings.RATE_LIMIT_ENABLED else None
        if group:
            retry_after = self.retry_after(group, client_ip(request))
            if retry_after:
                return self.too_many_requests(request, retry_after)
        return self.get_response(request)

    def retry_after(self, group: str, address: str) -> int:
        """Count this request; 0 when within the limit, else the seconds until the window ends."""
        limit, period = settings.RATE_LIMITS[group]
        now = time.time()
        window = int(now // period)
        key = f"ratelimit:{group}:{address}:{window}"
        try:
            cache.add(key, 0, timeout=period + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # expired or evicted between add() and incr()
                cache.set(key, count := 1, timeout=period + 1)
        except Exception:  # an unreachable cache must not take the site down
            logger.warning("Rate limit not counted: the cache did not answer", exc_info=True)
            return 0
        if count <= limit:
            return 0
        return max(1, math.ceil((window + 1) * period - now))

    @staticmethod
    def too_many_requests(request, retry_after: int) -> HttpResponse:
        """The 429 answer, in the language URLLanguageMiddleware (which runs first) chose."""
        message = translation.gettext(
            "Too many requests from your address: please try again in %(seconds)s s."
        ) % {"seconds": retry_after}
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(retry_after)
        response["Cache-Control"] = "no-store"
        return response


class URLLanguageMiddleware:
    """The language of a page is the one its URL names (`/ru/...`), else English: never the
    browser's `Accept-Language` or a cookie, so every URL has one content for caches and crawlers.
    The API alone also reads `?lang=` and then `Accept-Language` (`api_language`); the admin,
    never cached, follows its editor: Django's language cookie (the switch in the admin's
    header), then `Accept-Language`. Either way the language is chosen before the rate limits
    (whose 429 page is in it) and the page cache (whose key holds it), and sent as
    `Content-Language`.

    Replaces Django's LocaleMiddleware, which would send `Vary: Accept-Language` on every page.
    The language stays active while a streamed download is read, and is undone after the
    response, so nothing after a request runs in its language by accident.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(api_prefix())
        is_admin = request.path.startswith(admin_prefix())
        if is_api:
            language = api_language(request)
        elif is_admin:
            language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_api or is_admin:
            patch_vary_headers(response, ["Accept-Language"])
        if response.streaming:
            response.streaming_content = streamed_in(language, response.streaming_content)
        return response


def streamed_in(language: str, chunks):
    """Each chunk of a streamed response made with `language` active."""
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


LANGUAGE_PARAMETER = "lang"


@functools.cache
def api_prefix() -> str:
    return reverse("api:api-root")


@functools.cache
def admin_prefix() -> str:
    return reverse("admin:index")


def api_language(request) -> str:
    """`?lang=` when it names one of the site's languages (registry.api answers 400 to any
    other), else the best match of `Accept-Language`, else English."""
    codes = [code for code, _ in settings.LANGUAGES]
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    if asked in codes:
        return asked
    header = request.headers.get("Accept-Language", "")
    for code, _ in translation.trans_real.parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
