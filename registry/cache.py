"""The page cache: anonymous responses of the public site, shared by every app server, never stale.

**Data generation.** Every cached page is stored under the current data generation, a random token
kept in the shared cache (Redis when `REDIS_URL` is set; otherwise a file that every process of this
site reads). Every write to a model of the registry app replaces the token: `post_save` (`raw`
saves of `loaddata` too), `post_delete` and `m2m_changed` of each model, connected in
`RegistryConfig.ready()`, so models added later are covered without a change here. Writes that send
no signals (`QuerySet.update()`, `bulk_create()`, raw SQL) call `bump_data_generation()`. A new
token makes every earlier page unreachable at once: nothing is deleted, old entries expire.

The token is replaced when the write happens and again when its transaction commits. Readers of
other connections see the data only after the commit, and read the token before the data, so a page
rendered from the old data is stored under a token that is already gone, or soon will be.

**Scheduled publication.** A record with a future `published_at` becomes public without any write.
Beside each generation the cache keeps its `Schedule`: the next future `published_at` of every
`Publishable` model (one query, computed once per generation and again once that time has passed).
No page outlives it: its cache timeout ends there, and a hit is refused from then on.

**Conditional GET.** A cacheable response carries a weak ETag (the page's key, the generation and
the schedule), a `Last-Modified` no earlier than the data's last change (unless the view sent its
own, as downloads, feeds and the sitemap do; then only the ETag is answered) and
`Cache-Control: public, no-cache`: proxies and browsers may keep the page but must ask again, and a
matching `If-None-Match` / `If-Modified-Since` is answered 304 without a body, before rendering
when the ETag already matches.

Never cached or validated: signed-in users (and requests with an `Authorization` header), whose
responses are marked `private, no-store`; the admin and the API's documentation page; methods
other than GET and HEAD (HEAD is answered from the GET entry); responses other than 200, with
cookies, with `Cache-Control` `private` or `no-store`, that set a session or use the CSRF token,
or that `Vary: *`.
`DJANGO_PAGE_CACHE=0` (`settings.PAGE_CACHE`) switches caching and validators off.
"""

import functools
import hashlib
import logging
import math
import secrets
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_CACHE = "page_generation"  # a CACHES alias; the default cache when it is not defined
GENERATION_KEY = "registry:data-generation"
PAGE_TIMEOUT = 600  # seconds an entry may live at most (old generations' entries expire too)
SCHEDULE_TIMEOUT = 24 * 3600
MAX_BODY_BYTES = 2 * 1024 * 1024  # larger responses (big downloads) stream uncached
# Request headers the key already covers: anonymity (Cookie) and the language.
KEYED_VARY_HEADERS = {"cookie", "accept-language"}


# --- The data generation ---------------------------------------------------------------------


def generation_cache():
    alias = GENERATION_CACHE if GENERATION_CACHE in settings.CACHES else DEFAULT_CACHE_ALIAS
    return caches[alias]


# The generation and schedule one request works under, read once (see `generation_read_once`).
request_generation: ContextVar[dict | None] = ContextVar("request_generation", default=None)


def data_generation() -> str:
    """The current generation's token; a fresh one if the cache lost it (a restart, eviction).
    Read once per request, unless this process replaces it meanwhile."""
    memo = request_generation.get()
    if memo is None:
        return read_data_generation()
    if "token" not in memo:
        memo["token"] = read_data_generation()
    return memo["token"]


def read_data_generation() -> str:
    store = generation_cache()
    token = store.get(GENERATION_KEY)
    if token is None:
        store.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = store.get(GENERATION_KEY)
    return token


def replace_generation():
    memo = request_generation.get()
    if memo is not None:
        memo.clear()
    generation_cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


@contextmanager
def generation_read_once():
    """One request reads the generation and its schedule once: the page cache and every
    fragment cache of a page then cost one lookup, not one each."""
    reset = request_generation.set({})
    try:
        yield
    finally:
        request_generation.reset(reset)


def bump_data_generation(using: str = DEFAULT_DB_ALIAS):
    """Make every cached page unreachable, now and again when the current transaction commits.

    Signals call it for every save, delete and many-to-many change of a registry model. Call it
    yourself after a write that sends no signal: `QuerySet.update()`, `bulk_create()`, raw SQL.
    """
    replace_generation()
    connection = transaction.get_connection(using)
    # One commit callback per transaction, however many writes (Django keeps them in a list).
    if connection.in_atomic_block and not any(
        pending[1] is replace_generation for pending in getattr(connection, "run_on_commit", [])
    ):
        transaction.on_commit(replace_generation, using=using)


def data_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    bump_data_generation(using)


def connect_signals(app_config):
    """Every model of the app (history included) and its many-to-many tables bump on each write;
    so does `migrate` (data migrations write through models of their own)."""
    for model in app_config.get_models():
        for signal in (post_save, post_delete):
            signal.connect(data_changed, sender=model, dispatch_uid=f"page-cache-{model._meta}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            uid = f"page-cache-{through._meta.label}"
            m2m_changed.connect(data_changed, sender=through, dispatch_uid=uid)
    post_migrate.connect(data_changed, sender=app_config, dispatch_uid="page-cache-migrate")


def template_changed(sender, file_path, **kwargs):
    """Under `runserver`, an edited template shows at once (code changes restart the server)."""
    bump_data_generation()


@functools.cache
def code_version() -> str:
    """A digest of what renders the pages (Django, the code, templates and static manifest), part of
    every key: servers running different code never share entries, and a deploy starts afresh."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "cica_site", Path(apps.get_app_config("registry").path)]
    files = sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.is_file() and path.suffix != ".pyc"
    )
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    digest = hashlib.sha1(django.get_version().encode())
    for path in [*files, manifest] if manifest.exists() else files:
        name = path.relative_to(base) if path.is_relative_to(base) else path.name
        digest.update(str(name).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


# --- Scheduled publication -------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """When the public data changes next without a write, and when this was worked out (no
    earlier than the data's last change, so it serves as Last-Modified)."""

    next_publication: datetime | None
    computed_at: datetime

    def holds(self, now: datetime) -> bool:
        return self.next_publication is None or now < self.next_publication


def next_publication(now: datetime) -> datetime | None:
    """The earliest future `published_at` of any publishable record, in one query."""
    from registry.models import Publishable

    models = [m for m in apps.get_app_config("registry").get_models() if issubclass(m, Publishable)]
    times = [
        m._base_manager.filter(published_at__gt=now).order_by().values_list("published_at")
        for m in models
    ]
    first = times[0].union(*times[1:], all=True).order_by("published_at")[:1]
    return next((row[0] for row in first), None)


def schedule_for(token: str, now: datetime) -> Schedule:
    memo = request_generation.get() or {}
    if memo.get("token") == token and memo.get("schedule") and memo["schedule"].holds(now):
        return memo["schedule"]
    store, key = generation_cache(), f"registry:schedule:{token}"
    schedule = store.get(key)
    if schedule is None or not schedule.holds(now):
        schedule = Schedule(next_publication(now), now)
        store.set(key, schedule, timeout=SCHEDULE_TIMEOUT)
    if memo.get("token") == token:
        memo["schedule"] = schedule
    return schedule


# --- Fragments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fragment:
    value: object
    valid_until: datetime | None


def cached_under_generation(name: str, compute: Callable[[], object]):
    """`compute()`, kept under the current data generation like the pages: any write makes it
    unreachable, and it goes at the next scheduled publication. For the parts of a page that
    cost queries whatever its filters (option lists, totals) or that repeat across its pages
    and orders (counts, facets, last change). `name` says what it is and what it depends on;
    values must pickle. Kept whether or not the page cache is on; a cache that fails computes."""
    return cached_each_under_generation([name], lambda index: compute())[0]


def cached_each_under_generation(names: Sequence[str], compute: Callable[[int], object]) -> list:
    """`compute(index)` for each of `names`, kept as `cached_under_generation` keeps one value,
    in one read and one write of the cache however many there are (a list's rendered rows)."""
    store = caches[DEFAULT_CACHE_ALIAS]
    token = guarded(data_generation)  # read before the data, as for pages
    if token is None:
        return [compute(index) for index in range(len(names))]
    prefix = f"registry:fragment:{code_version()}:{token}:{get_language()}:"
    keys = [prefix + hashlib.sha1(name.encode()).hexdigest() for name in names]
    now = timezone.now()
    found = guarded(store.get_many, keys) or {}
    values, missing = [], {}
    for index, key in enumerate(keys):
        entry = found.get(key)
        if isinstance(entry, Fragment) and holds(entry, now):
            values.append(entry.value)
        else:
            values.append(compute(index))
            missing[key] = values[-1]
    schedule = guarded(schedule_for, token, now) if missing else None
    if schedule is not None:
        seconds = PAGE_TIMEOUT
        if schedule.next_publication is not None:
            seconds = min(seconds, (schedule.next_publication - now).total_seconds())
        if seconds >= 1:
            entries = {
                key: Fragment(value, schedule.next_publication) for key, value in missing.items()
            }
            guarded(store.set_many, entries, math.floor(seconds))
    return values


class ReadWhenShown(Sequence):
    """A page's records known by keys alone (`row_keys`: what each record's row depends on
    besides the language), read all at once by `read()` when first needed: `{% cached_for %}`
    reads the rows it keeps by their keys, so a page whose rows are all kept reads no record.
    A record gone between the two reads is None in its place and left out when iterating."""

    row_keys: list[str]

    def read(self) -> list:
        raise NotImplementedError

    @functools.cached_property
    def records(self) -> list:
        return self.read()

    def __len__(self) -> int:
        return len(self.row_keys)

    def __getitem__(self, index):
        return self.records[index]

    def __iter__(self):
        return (record for record in self.records if record is not None)


# --- Cached pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str
    last_modified: int | None
    valid_until: datetime | None

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, headers=dict(self.headers))


@dataclass(frozen=True)
class Variants:
    """Stored at a page's key when its response varies on request headers (the API's `Accept`):
    each variant is stored at the key extended with those headers' values."""

    headers: tuple[str, ...]
    valid_until: datetime | None


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int | None  # a Unix time; None when the view sent its own Last-Modified


def holds(entry, now: datetime) -> bool:
    return entry is not None and (entry.valid_until is None or now < entry.valid_until)


def page_key(request: HttpRequest, token: str) -> str:
    """Code, generation, language, then scheme, host, path and (canonical) query string."""
    url = hashlib.sha1(request.build_absolute_uri().encode()).hexdigest()
    return f"registry:page:{code_version()}:{token}:{get_language()}:{url}"


def variant_key(key: str, request: HttpRequest, headers: tuple[str, ...]) -> str:
    values = "\n".join(f"{name}:{request.headers.get(name, '')}" for name in headers)
    return f"{key}:{hashlib.sha1(values.encode()).hexdigest()}"


def etag_for(key: str, schedule: Schedule) -> str:
    digest = hashlib.sha1(f"{key}|{schedule.next_publication}".encode()).hexdigest()
    return f'W/"{digest[:24]}"'


def vary_headers(response) -> set[str]:
    return {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}


def cache_control(response) -> set[str]:
    directives = response.get("Cache-Control", "").split(",")
    return {d.split("=")[0].strip().lower() for d in directives}


def canonical_query(query: QueryDict) -> str:
    """Parameters sorted by name (repeated values in their order), empty ones dropped."""
    pairs = [(name, value) for name, values in query.lists() for value in values if value != ""]
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def use_canonical_query(request: HttpRequest):
    """The view sees the query string the key names, so a page is a function of its key."""
    query = canonical_query(request.GET)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def may_be_signed_in(request: HttpRequest) -> bool:
    """Known before the session is read: without a session cookie or credentials, a request is
    anonymous, so a hit needs neither the session nor the user."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def is_signed_in(request: HttpRequest) -> bool:
    """Once the response is made (AuthenticationMiddleware has run, unless a middleware answered
    before it)."""
    user = getattr(request, "user", None)
    return "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated)


@functools.cache
def uncached_prefixes() -> tuple[str, ...]:
    """The admin, and the API's documentation page, whose start-up script is the same URL with
    an empty `?script=` (a parameter the canonical query would drop)."""
    return (reverse("admin:index"), reverse("api:docs"))


def is_storable(request: HttpRequest, response) -> bool:
    """A 200 that is the same for every anonymous visitor and that no header keeps private."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not (session is not None and session.modified)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the body holds a CSRF token
        and not cache_control(response) & {"private", "no-store"}
        and "*" not in vary_headers(response)
    )


def with_validators(request, response, validators: Validators):
    """Validators and Cache-Control on the response; 304 (or 412) when the request's match."""
    response["ETag"] = validators.etag
    last_modified = validators.last_modified
    if last_modified is not None:
        if last_modified <= timezone.now().timestamp():
            response["Last-Modified"] = http_date(last_modified)
        else:  # within the second of a change: a later change in that second would look older
            last_modified = None
    patch_cache_control(response, public=True, no_cache=True)
    # A response replaced by a 304 is dropped, not closed: close() would signal the end of the
    # request (closing database connections), and a stream has not begun its query yet.
    return get_conditional_response(
        request, etag=validators.etag, last_modified=last_modified, response=response
    )


class PageCache:
    """One anonymous GET or HEAD: its key under the current generation, the lookup, the store."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.store = caches[DEFAULT_CACHE_ALIAS]
        self.token = data_generation()  # read before the view reads any data
        self.key = page_key(request, self.token)
        self.schedule = None

    def lookup(self):
        """The page or its variants marker, if stored and still before the next publication."""
        now = timezone.now()
        entry = self.store.get(self.key)
        if isinstance(entry, Variants) and holds(entry, now):
            self.key = variant_key(self.key, self.request, entry.headers)
            entry = self.store.get(self.key)
        return entry if isinstance(entry, CachedPage) and holds(entry, now) else None

    def validators(self, response=None) -> Validators:
        if self.schedule is None:
            self.schedule = schedule_for(self.token, timezone.now())
        view_has_its_own = response is not None and response.has_header("Last-Modified")
        last_modified = math.ceil(self.schedule.computed_at.timestamp())
        return Validators(
            etag_for(self.key, self.schedule), None if view_has_its_own else last_modified
        )

    def timeout(self) -> int:
        """Whole seconds until the entry must go: at the latest the next publication."""
        seconds = PAGE_TIMEOUT
        if self.schedule.next_publication is not None:
            left = (self.schedule.next_publication - timezone.now()).total_seconds()
            seconds = min(seconds, left)
        return math.floor(seconds)

    def save(self, key: str, entry):
        timeout = self.timeout()
        if timeout >= 1:
            self.store.set(key, entry, timeout=timeout)

    def vary_on(self, response):
        """Key the variants by the headers the response varies on, beyond the key's own."""
        headers = tuple(sorted(vary_headers(response) - KEYED_VARY_HEADERS))
        if headers:
            base, self.key = self.key, variant_key(self.key, self.request, headers)
            self.save(base, Variants(headers, self.schedule.next_publication))

    def keep(self, response, validators: Validators):
        """Store the response once its whole body is known: a stream as it is sent, if small."""
        headers = tuple(response.items())
        key = self.key

        def save(content: bytes):
            page = CachedPage(
                headers,
                content,
                validators.etag,
                validators.last_modified,
                self.schedule.next_publication,
            )
            guarded(self.save, key, page)

        if not response.streaming:
            if len(response.content) <= MAX_BODY_BYTES:
                save(response.content)
            return
        response.streaming_content = saved_when_complete(response.streaming_content, save)


def saved_when_complete(chunks, save):
    """Pass a stream through, and save its body if it ended (not closed early) and was small."""
    kept, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            kept.append(chunk)
        else:
            kept.clear()
        yield chunk
    if size <= MAX_BODY_BYTES:
        save(b"".join(kept))


def guarded(operation, *args):
    """The cache speeds the site up; when it fails, pages are served uncached rather than not."""
    try:
        return operation(*args)
    except Exception:
        logger.exception("The page cache failed; serving without it.")
        return None


class PageCacheMiddleware:
    """Serves and stores anonymous pages (see the module's docstring). It sits right after the
    rate limits, before the session: a hit for a request without a session cookie or credentials
    skips the session, CSRF and authentication middleware (visitors with a session cookie are
    served uncached), and it sees every cookie the middleware after it set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generation_read_once():
            return self.serve(request)

    def serve(self, request):
        if not (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not may_be_signed_in(request)
            and not request.path.startswith(uncached_prefixes())
        ):
            return self.uncached(request)
        use_canonical_query(request)
        page = guarded(PageCache, request)
        if page is None:
            return self.get_response(request)
        cached = guarded(page.lookup)
        if cached is not None:
            return with_validators(
                request, cached.response(), Validators(cached.etag, cached.last_modified)
            )
        early = guarded(page.validators)
        if early is not None and "HTTP_IF_NONE_MATCH" in request.META:
            answer = with_validators(request, HttpResponse(), Validators(early.etag, None))
            if answer.status_code == 304:  # the ETag matches: no need to render
                return answer
        response = self.get_response(request)
        if not is_storable(request, response) or early is None:
            return response
        guarded(page.vary_on, response)
        validators = page.validators(response)
        if request.method == "GET":
            page.keep(response, validators)
        return with_validators(request, response, validators)

    def uncached(self, request):
        """Signed-in users' responses say that no one may keep them."""
        response = self.get_response(request)
        if is_signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
