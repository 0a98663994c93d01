"""Public pages: home, a filterable list and a page per record of each kind of the register
(`registry.kinds`), and the search."""

import datetime

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from registry import editorial, exports, filters, kinds, search
from registry.cache import ReadWhenShown, cached_under_generation, canonical_query
from registry.models import Chairmanship, DatePrecision, Event, Measure, State, Statement

PAGE_SIZE = 25
# The most records a list counts (and pages through): 400 pages of 25.
COUNT_CAP = 10_000
# Pages from this record on read their ids from the list's whole order (up to COUNT_CAP ids),
# kept for every such page of that list and order: OFFSET read every record it skipped again
# for each page, so a crawler paging through a large filtered list cost the square of its size.
KEPT_ORDER_FROM = 500
# Facet counts are shown for results up to this size; larger ones list the choices alone.
FACET_LIMIT = 2_000
FILTER_FORM = "registry/_partials/_filter_form.html"
# How many related records a record page lists before linking to the filtered list.
RELATED_LIMIT = 10


DATA_LINKS = {
    "csv": (gettext_lazy("Download CSV"), "export.csv", "text/csv"),
    "json": (gettext_lazy("Download JSON"), "export.json", "application/json"),
    "atom": (gettext_lazy("Atom feed"), "feed.atom", "application/atom+xml"),
    "ics": (gettext_lazy("Calendar (iCalendar)"), "calendar.ics", "text/calendar"),
}


class RecordsById(ReadWhenShown):
    """A page's records known by their ids, in their order, read in one query when shown, as
    lists show them (`for_list`: the related records their rows name, made only then)."""

    def __init__(self, model, ids):
        self.model, self.ids = model, list(ids)
        self.row_keys = [f"{model._meta.label}:{pk}" for pk in self.ids]

    def read(self) -> list:
        records = self.model.objects.for_rows().filter(pk__in=self.ids).order_by()
        by_id = {record.pk: record for record in records}
        return [by_id.get(pk) for pk in self.ids]


class CappedPaginator(Paginator):
    """Counts no further than `COUNT_CAP` records, so a huge result costs what a large one
    does; beyond it the list says "more than" and pages stop at the cap (filters narrow it)."""

    def __init__(
        self, *args, count_name: str | None = None, order_name: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.count_name, self.order_name = count_name, order_name
        self.order_totals = None  # the count and last change, where reading the order gave them

    @cached_property
    def count_and_last_change(self) -> tuple[int, datetime.datetime | None]:
        """Counted in the pass that finds the last change, and kept under the data generation
        by `count_name` (the list and its filters), if given: every page and order of one
        filtered list shares them."""

        def count_and_last_change():
            return self.order_totals or self.object_list.count_and_last_change(COUNT_CAP)

        if self.count_name:
            return cached_under_generation(self.count_name, count_and_last_change)
        return count_and_last_change()

    @property
    def count(self) -> int:
        return self.count_and_last_change[0]

    @property
    def last_changed(self) -> datetime.datetime | None:
        return self.count_and_last_change[1]

    def page(self, number):
        """A page's ids first (from an index alone, where one matches the order), then its rows
        only where needed (`RecordsById`): OFFSET no longer reads every row it skips, and rows
        kept by `{% cached_for %}` need no record at all. Pages ranked by a search read their
        ids from the search's rank window, ranked once for every page of the list (kept by
        `count_name`, as the count is). Deep pages read theirs from the list's whole order,
        kept by `order_name` (`KEPT_ORDER_FROM`); other pages, kept by `order_name` too."""
        window = search.window_of(self.object_list)
        whole_order = None
        if window is None and self.order_name and self.first_index(number) >= KEPT_ORDER_FROM:
            whole_order = self.kept_order()  # read before the count, which the same pass gives
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if window is not None:
            kept_as = f"{self.count_name}:ranked" if self.count_name else None
            ids = search.ranked_page_ids(self.object_list, window, bottom, top, self.count, kept_as)
        elif whole_order is not None:
            ids = whole_order[bottom:top]
        else:
            ids = self.kept_page(number, bottom, top)
        return self._get_page(RecordsById(self.object_list.model, ids), number, self)

    def kept_page(self, number: int, bottom: int, top: int) -> list:
        """The ids of a page before `KEPT_ORDER_FROM`, kept by `order_name` and the page's
        number, if given: with its count, part and rows kept too, a page asked again reads
        nothing from the database."""

        def ids() -> list:
            return list(self.object_list.ids()[bottom:top])

        if self.order_name:
            return cached_under_generation(f"{self.order_name}:page:{number}", ids)
        return ids()

    def first_index(self, number) -> int:
        """Where page `number` starts, if it is a page number at all (else 0)."""
        try:
            return (int(number) - 1) * self.per_page
        except (TypeError, ValueError):
            return 0

    def kept_order(self) -> list:
        """The list's ids in its order (the first `COUNT_CAP`), kept by `order_name`; reading
        them counts the list too (`order_totals`)."""

        def whole_order() -> list:
            ids, *totals = self.object_list.ids_count_and_last_change(COUNT_CAP)
            self.order_totals = tuple(totals)
            return ids

        return cached_under_generation(self.order_name, whole_order)

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, COUNT_CAP) // self.per_page))


class RegistryListView(ListView):
    """A list filtered by its FilterSet, with facet counts, sortable columns, messages and
    links to the same list as downloads and feeds."""

    kind: kinds.Kind = None
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator

    def get_template_names(self):
        return [f"registry/{self.kind.name}_list.html"]

    def get_queryset(self):
        """The published records the filters select, in order: what the page's ids, count and
        facets are read from (its rows are read by `RecordsById`, and only where not kept)."""
        published = self.kind.model.objects.published()
        self.filterset, self.problems = filters.from_request(
            self.kind.filterset, self.request, queryset=published
        )
        return self.filterset.qs

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args,
            count_name=self.fragment_name("count-and-last-change"),
            order_name=f"{self.kind.name}:order:{self.ordered_query}",
            **kwargs,
        )

    def fragment_name(self, what: str) -> str:
        """The name a fragment of this list is kept under: the same for every page and order."""
        query = self.query_without("page", "ordering")
        return f"{self.kind.name}:{what}:{canonical_query(query)}"

    @cached_property
    def ordered_query(self) -> str:
        """The canonical query string of this list in its order, for every page: what its
        kept order and its kept part (`list_part`) are named by."""
        return canonical_query(self.query_without("page"))

    def query_without(self, *names: str):
        """This list's query string (less parameters refused for a NUL byte) without `names`."""
        query = self.filterset.data.copy()
        for name in names:
            query.pop(name, None)
        return query

    def get_context_data(self, **kwargs):
        """What the page shows; what only its kept part (`list_part`) shows is made only when
        that part is rendered."""
        context = super().get_context_data(**kwargs)
        paginator = context["paginator"]
        is_filtered = any(key != "page" for key in self.request.GET)
        context.update(
            list_part="\n".join(
                [self.kind.name, str(is_filtered), self.ordered_query, *self.problems]
            ),
            filter_form=SimpleLazyObject(lambda: self.filter_form(paginator, is_filtered)),
            problems=self.problems,
            result_count=min(paginator.count, COUNT_CAP),
            result_count_capped=paginator.is_capped,
            columns=SimpleLazyObject(self.sort_columns),
            is_filtered=is_filtered,
            data_links=self.data_links(),
            last_changed=paginator.last_changed,
        )
        return context

    def filter_form(self, paginator, is_filtered: bool) -> str:
        """The filter form's HTML: its options and facet counts cost queries, and writing its
        fields was the dearest part of a list page; it is kept with the list's part."""
        self.filterset.cache_options()
        if paginator.count <= FACET_LIMIT:  # each facet counts every matching record again
            self.filterset.label_facets()
        context = {"filter": self.filterset, "is_filtered": is_filtered}
        return render_to_string(FILTER_FORM, context, request=self.request)

    def data_links(self) -> list[dict]:
        """The current list (all pages, same filters and order) in other formats."""
        query = self.query_without("page")
        suffix = f"?{query.urlencode()}" if query else ""
        return [
            {
                "label": label,
                "url": f"{self.request.path}{path}{suffix}",
                "type": mime,
                "format": fmt,
            }
            for fmt, (label, path, mime) in DATA_LINKS.items()
            if fmt in self.kind.data_formats
        ]

    def sort_columns(self) -> list[dict]:
        """Column headings whose links sort by them, the current one reversing."""
        current = self.filterset.form.cleaned_data.get("ordering") or []
        current = current[0] if current else None
        headings = []
        for label, key in self.kind.columns:
            heading = {"label": label, "url": None, "aria_sort": None}
            if key:
                query = self.query_without("page")
                query["ordering"] = f"-{key}" if current == key else key
                heading["url"] = "?" + query.urlencode()
                if current in (key, f"-{key}"):
                    heading["aria_sort"] = "descending" if current.startswith("-") else "ascending"
            headings.append(heading)
        return headings


class RegistryDetailView(DetailView):
    """A record's page: published records for visitors; drafts too, with a banner, for users
    holding the registry's view permission on the kind (Editors, Publishers)."""

    kind: kinds.Kind = None

    def get_template_names(self):
        return [f"registry/{self.kind.name}_detail.html"]

    def get_queryset(self):
        records = self.kind.model.objects.for_detail()
        if editorial.can_view_drafts(self.request.user, self.kind.model):
            return records
        return records.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_draft"] = not self.object.is_public
        context["related_limit"] = RELATED_LIMIT
        if hasattr(self.object, "related_records"):  # read where the page shows them
            context["related"] = SimpleLazyObject(
                lambda: self.object.related_records(RELATED_LIMIT)
            )
        return context


def registry_totals() -> dict[str, int]:
    counts = State.objects.published().aggregate(
        members=Count("pk", filter=Q(status=State.Status.MEMBER)),
        observers=Count("pk", filter=Q(status=State.Status.OBSERVER)),
    )
    return {
        **counts,
        "events": Event.objects.published().count(),
        "statements": Statement.objects.published().count(),
        "measures": Measure.objects.published().count(),
    }


def current_chair() -> Chairmanship | None:
    chairs = Chairmanship.objects.filter(end_date__isnull=True, state__in=State.objects.published())
    return chairs.select_related("state").order_by("-start_date").first()


def home(request):
    """Its data is read (its querysets even built) only where its cached part is rendered
    (`{% cached_part %}`)."""
    context = {
        "counts": SimpleLazyObject(lambda: cached_under_generation("home:totals", registry_totals)),
        "chair": SimpleLazyObject(current_chair),
        "latest_events": SimpleLazyObject(lambda: Event.objects.for_list()[:5]),
        "latest_statements": SimpleLazyObject(lambda: Statement.objects.for_list()[:5]),
    }
    return render(request, "registry/home.html", context)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search the registry"),
        max_length=search.MAX_QUERY_LENGTH,
        required=False,
    )


def search_page(request):
    data, problems = filters.without_null_characters(request.GET)
    form = SearchForm(data)
    found, query, more, read = [], "", False, {}
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            found, more, read = search.kept_search(query, kinds.KINDS)
    else:
        problems += [
            _("The search was not run: %(reasons)s") % {"reasons": " ".join(e)}
            for e in form.errors.values()
        ]
    paginator = Paginator(found, PAGE_SIZE)
    number = data.get("page") or 1
    try:
        page = paginator.page(paginator.num_pages if number == "last" else number)
    except InvalidPage as exc:
        raise Http404(_("No such page of results.")) from exc
    page.object_list = search.HitsById(page.object_list, query, read)
    context = {
        "form": form,
        "query": query,
        "page_obj": page,
        "result_count": len(found),
        "result_count_capped": more,  # "More than": a kind had more matches than it shows
        "problems": problems,
    }
    return render(request, "registry/search.html", context)


def download(request, kind, fmt):
    return exports.download(request, kinds.BY_PREFIX[kind], fmt)


def events_calendar(request):
    """Every event of the filtered list as an iCalendar file."""
    filterset, _problems = filters.from_request(filters.EventFilter, request)
    events = filterset.qs.iterator(chunk_size=exports.CHUNK_SIZE)
    return exports.calendar_response(events, request, _("CICA events"), "cica-events.ics")


def event_calendar(request, slug):
    # A date known only to the month or year is no day to put in a calendar.
    dated = Event.objects.for_list().filter(date_precision=DatePrecision.DAY)
    event = get_object_or_404(dated, slug=slug)
    return exports.calendar_response([event], request, event.title, f"{event.slug}.ics")
