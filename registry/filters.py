"""One FilterSet per public list, with exactly the parameters of the URL contract (DESIGN.md).

Values are slugs or choice keys, never ids, so every filtered view is a readable URL. An invalid
value leaves its filter out and is reported by `problems()`; the other filters still apply.
"""

import copy

from django import forms
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.http import QueryDict
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import (
    CharFilter,
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
    OrderingFilter,
)
from django_filters import fields as filter_fields

from registry import search
from registry.cache import cached_under_generation, canonical_query
from registry.models import (
    Dimension,
    Event,
    Measure,
    Organization,
    Publishable,
    Region,
    State,
    Statement,
    Topic,
    shown_text,
)
from registry.translated_fields import TRANSLATED_FIELDS

DATE_HELP = "YYYY-MM-DD"
YEAR = gettext_lazy("Year")


class LazyRecordChoiceField(filter_fields.ModelChoiceField):
    """A related record's select (or slug box) whose queryset is made when first used, to check
    a given value or to list the options, not with the form: every list builds its form for
    each request, and making the querysets of selects left empty cost more than the rest of
    its filters. `queryset` is the function that makes it."""

    def __init__(self, *args, queryset, **kwargs):
        self.make_queryset = queryset
        super().__init__(None, *args, **kwargs)

    def _get_queryset(self):
        if self._queryset is None:
            self._set_queryset(self.make_queryset())
        return self._queryset

    def _set_queryset(self, queryset):
        """As ModelChoiceField's, but the widget reads the options only when it is written."""
        self._queryset = None if queryset is None else queryset.all()
        self.widget.choices = CallableChoiceIterator(lambda: self.choices)

    queryset = property(_get_queryset, _set_queryset)


class RecordChoiceFilter(ModelChoiceFilter):
    """A ModelChoiceFilter whose queryset function (of no request: the lists are the same for
    everyone) runs only when its field needs it."""

    field_class = LazyRecordChoiceField

    def get_queryset(self, request):
        return self.queryset


def published_states():
    return State.objects.published().only("slug", "name")


def state_filter(label, **kwargs):
    return RecordChoiceFilter(
        label=label,
        queryset=published_states,
        to_field_name="slug",
        empty_label=gettext_lazy("Any"),
        **kwargs,
    )


def year_filter(field_name, label=YEAR):
    return NumberFilter(
        field_name=field_name,
        label=label,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(
            attrs={"placeholder": gettext_lazy("e.g. 2022"), "inputmode": "numeric"}
        ),
    )


def date_filter(field_name, lookup_expr, label):
    return DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        widget=forms.DateInput(attrs={"type": "date", "placeholder": DATE_HELP}),
    )


def public_path(model, path: str):
    """An ordering path as an expression; through a related record with a publication state,
    its value counts only while that record is public, so a draft's date cannot be inferred
    from the order."""
    first, _, rest = path.partition("__")
    if not rest and first in TRANSLATED_FIELDS.get(model._meta.model_name, ()):
        return shown_text(first)  # the text the page shows, in its language or the English
    field = model._meta.get_field(first)
    if not rest or not field.is_relation or not issubclass(field.related_model, Publishable):
        return F(path)
    published = Q(**{f"{first}__in": field.related_model.objects.published()})
    return Case(When(published, then=F(path)), default=None)


class StableOrderingFilter(OrderingFilter):
    """Sorts by the chosen column, then the model's default order and the primary key, so
    records that share a value page in a fixed order (PostgreSQL's sort is not stable)."""

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = []
        for param in value:
            ordering = self.get_ordering_value(param)
            path = ordering.lstrip("-")
            expression = public_path(qs.model, path)
            chosen.append(expression.desc() if ordering.startswith("-") else expression.asc())
        return qs.order_by(*chosen, *qs.model._meta.ordering, "pk")


def descending_label(label) -> str:
    return _("%s (descending)") % label


# A column's label for its descending order, read in the language of each request (the
# FilterSets are built once, at import).
descending = lazy(descending_label, str)


def ordering_filter(*columns):
    """`ordering` from (field, parameter value, label) triples: ?ordering=date or -date."""
    return StableOrderingFilter(
        fields=[(field, param) for field, param, _ in columns],
        field_labels={field: label for field, _, label in columns}
        | {f"-{param}": descending(label) for _, param, label in columns},
        label=gettext_lazy("Sort by"),
        empty_label=gettext_lazy("Default order"),
    )


def public_topics():
    """Topics that published records use: a topic only a draft uses does not show. EXISTS per
    topic: checking one topic's slug reads only that topic's records."""
    records = (Statement, Measure)
    used = [
        Exists(model.objects.published().filter(topics=OuterRef("pk")).order_by())
        for model in records
    ]
    return Topic.objects.filter(used[0] | used[1])


def public_dimensions():
    """Dimensions of published measures: EXISTS per dimension, as for topics."""
    used = Exists(Measure.objects.published().filter(dimension=OuterRef("pk")).order_by())
    return Dimension.objects.filter(used)


def published_events():
    """The events a statement filter may name: only their slugs are read (a text box lists
    none, and checking one reads one)."""
    return Event.objects.published().only("slug")


def topic_filter():
    return RecordChoiceFilter(
        label=gettext_lazy("Topic"),
        field_name="topics",
        queryset=public_topics,
        to_field_name="slug",
        empty_label=gettext_lazy("Any"),
    )


class CopiedShallowly(dict):
    """A FilterSet class's filters, or its form class's fields, which each FilterSet or form
    copies for itself: django-filter and Django deep-copy them, options, choices and all, and
    for every request that was a third of the cost of making the FilterSet. A copy's own state
    is little (a filter's FilterSet, a field's widget), and the rest, which nothing changes, it
    shares with the original."""

    def __init__(self, items, copy_one):
        super().__init__(items)
        self.copy_one = copy_one

    def __deepcopy__(self, memo):
        return {name: self.copy_one(value) for name, value in self.items()}


def filter_copy(filter_):
    copied = copy.copy(filter_)
    if filter_.method is not None:
        copied.method = filter_.method  # so that it calls the method of the copy's FilterSet
    return copied


def field_copy(field):
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    if isinstance(field, LazyRecordChoiceField):
        copied.queryset = None  # its own, made when used (and its widget's options read from it)
    return copied


class RegistryFilterSet(FilterSet):
    """Shared by every list: full-text `q`, facet counts and readable error messages."""

    q = CharFilter(
        label=gettext_lazy("Search"),
        method="search",
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    # Facets: parameter name -> the path its counts are grouped by.
    facets: dict[str, str] = {}

    def search(self, queryset, name, value):
        return search.filter_by_query(queryset, value)

    @classmethod
    def get_filters(cls):
        return CopiedShallowly(super().get_filters(), filter_copy)

    def get_form_class(self):
        """One form class per FilterSet, made when first used: its fields depend on the filters
        alone (related records' querysets are made when needed, `LazyRecordChoiceField`), and
        making it for every request was a good part of a list's cost."""
        if "_form_class" not in vars(type(self)):
            form_class = super().get_form_class()
            form_class.base_fields = CopiedShallowly(form_class.base_fields, field_copy)
            type(self)._form_class = form_class
        return type(self)._form_class

    def problems(self) -> list[str]:
        """What was wrong with the query string, in words, one line per parameter."""
        self.is_valid()
        return form_problems(self.form, self.data)

    def facet_counts(self, name: str) -> dict[str, int]:
        """How many records each value of facet `name` would give, with the other filters on;
        kept under the data generation (the lists' base queryset is the same for everyone)."""
        data = self.data.copy()
        for key in (name, "ordering", "page"):
            data.pop(key, None)
        path = self.facets[name]

        def counts():
            # No filter and no facet path repeats a record within a group (each joins at most
            # one row per record and value), so a plain COUNT: DISTINCT would sort every row.
            rows = self.filtered_but(name).order_by().values(path).annotate(n=Count("pk"))
            return {row[path]: row["n"] for row in rows if row[path] is not None}

        fragment = f"{type(self).__name__}:facet:{name}:{canonical_query(data)}"
        return cached_under_generation(fragment, counts)

    def filtered_but(self, name: str):
        """The records the other filters give, by the values this form found valid (validating
        them again for each facet read each chosen related record again)."""
        queryset = self.queryset.all()
        for key, value in self.form.cleaned_data.items():
            if key not in (name, "ordering"):
                queryset = self.filters[key].filter(queryset, value)
        return queryset

    def cache_options(self) -> None:
        """Each select's options as `listed_choices`, which the form's `{% control %}` renders:
        those of related records (states, topics, dimensions) from the fragment cache instead
        of a query each. A chosen slug is still checked by its field's query."""
        for name, field in self.form.fields.items():
            if not isinstance(field.widget, forms.Select):
                continue
            if isinstance(field, forms.ModelChoiceField):
                fragment = f"{type(self).__name__}:options:{name}"
                options = cached_under_generation(fragment, lambda field=field: choices_of(field))
            else:
                options = choices_of(field)
            field.listed_choices = options

    def label_facets(self) -> None:
        """Write each facet's counts beside its choices in the form: 'Summit (6)'."""
        for name in self.facets:
            counts = self.facet_counts(name)
            field = self.form.fields[name]
            field.listed_choices = [
                (key, f"{label} ({counts.get(key, 0)})" if key else label)
                for key, label in field.listed_choices
            ]


def choices_of(field: forms.ChoiceField) -> list[tuple[str, str]]:
    return [(str(key), str(label)) for key, label in field.choices]


class StateFilter(RegistryFilterSet):
    status = ChoiceFilter(
        label=gettext_lazy("Status"), choices=State.Status.choices, empty_label=gettext_lazy("Any")
    )
    region = ChoiceFilter(
        label=gettext_lazy("Region"), choices=Region.choices, empty_label=gettext_lazy("Any")
    )
    joined_after = NumberFilter(
        field_name="joined_year",
        lookup_expr="gte",
        label=gettext_lazy("Joined in or after"),
        min_value=1900,
    )
    joined_before = NumberFilter(
        field_name="joined_year",
        lookup_expr="lte",
        label=gettext_lazy("Joined in or before"),
        min_value=1900,
    )
    ordering = ordering_filter(
        ("name", "name", gettext_lazy("Name")),
        ("status", "status", gettext_lazy("Status")),
        ("region", "region", gettext_lazy("Region")),
        ("joined_year", "joined", gettext_lazy("Joined")),
    )

    facets = {"status": "status", "region": "region"}

    class Meta:
        model = State
        fields = []


class EventFilter(RegistryFilterSet):
    kind = ChoiceFilter(
        label=gettext_lazy("Kind"), choices=Event.Kind.choices, empty_label=gettext_lazy("Any")
    )
    host = state_filter(gettext_lazy("Host state"))
    participant = state_filter(gettext_lazy("Participant"), field_name="participants")
    year = year_filter("start_date__year")
    date_after = date_filter("start_date", "gte", gettext_lazy("From"))
    date_before = date_filter("start_date", "lte", gettext_lazy("To"))
    ordering = ordering_filter(
        ("start_date", "date", gettext_lazy("Date")),
        ("title", "title", gettext_lazy("Title")),
        ("kind", "kind", gettext_lazy("Kind")),
        ("city", "place", gettext_lazy("Place")),
    )

    facets = {"kind": "kind"}

    class Meta:
        model = Event
        fields = []


class StatementFilter(RegistryFilterSet):
    kind = ChoiceFilter(
        label=gettext_lazy("Kind"), choices=Statement.Kind.choices, empty_label=gettext_lazy("Any")
    )
    state = state_filter(gettext_lazy("Delivered or endorsed by"), method="delivered_or_endorsed")
    # A text field taking the event's slug: thousands of events make no usable select.
    event = RecordChoiceFilter(
        label=gettext_lazy("Event"),
        queryset=published_events,
        to_field_name="slug",
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("its address name, e.g. seventh-ministerial-2024")}
        ),
        error_messages={"invalid_choice": gettext_lazy("No published event has this slug.")},
    )
    topic = topic_filter()
    year = year_filter("date__year")
    date_after = date_filter("date", "gte", gettext_lazy("From"))
    date_before = date_filter("date", "lte", gettext_lazy("To"))
    ordering = ordering_filter(
        ("date", "date", gettext_lazy("Date")),
        ("title", "title", gettext_lazy("Title")),
        ("kind", "kind", gettext_lazy("Kind")),
        ("event__start_date", "event", gettext_lazy("Event")),
    )

    facets = {"kind": "kind", "topic": "topics__slug"}

    class Meta:
        model = Statement
        fields = []

    def delivered_or_endorsed(self, queryset, name, state):
        endorsed = Statement.endorsed_by.through.objects.filter(state=state).values("statement_id")
        return queryset.filter(Q(state=state) | Q(pk__in=endorsed))


class MeasureFilter(RegistryFilterSet):
    dimension = RecordChoiceFilter(
        label=gettext_lazy("Dimension"),
        queryset=public_dimensions,
        to_field_name="slug",
        empty_label=gettext_lazy("Any"),
    )
    coordinator = state_filter(
        gettext_lazy("Coordinator or co-coordinator"), field_name="coordinators"
    )
    topic = topic_filter()
    status = ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Measure.Status.choices,
        empty_label=gettext_lazy("Any"),
    )
    ordering = ordering_filter(
        ("title", "title", gettext_lazy("Title")),
        ("dimension__order", "dimension", gettext_lazy("Dimension")),
        ("status", "status", gettext_lazy("Status")),
    )

    facets = {"dimension": "dimension__slug", "topic": "topics__slug", "status": "status"}

    class Meta:
        model = Measure
        fields = []


def form_problems(form, data) -> list[str]:
    """A validated form's errors as lines for the page: which parameter, its value, and why."""
    lines = []
    for name, errors in form.errors.items():
        value = data.get(name, "")
        shown = value if len(value) <= 40 else value[:40] + "…"
        label = form.fields[name].label if name in form.fields else name
        lines.append(
            _("%(label)s “%(value)s” was ignored: %(reasons)s")
            % {"label": label, "value": shown, "reasons": " ".join(errors)}
        )
    return lines


def without_null_characters(query: QueryDict) -> tuple[QueryDict, list[str]]:
    """The query string less any parameter holding a NUL byte (databases refuse them)."""
    clean = QueryDict(mutable=True)
    problems = []
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            problems.append(
                _("The parameter “%(name)s” held a null character and was ignored.")
                % {"name": key.replace(chr(0), "")}
            )
        else:
            clean.setlist(key, values)
    return clean, problems


def from_request(filterset_class, request, queryset=None):
    """The FilterSet for this request's query string, and what was wrong with it, in words.

    Every reader of a filtered list (page, download, feed, calendar) comes through here, so a
    filter means the same everywhere."""
    data, problems = without_null_characters(request.GET)
    if queryset is None:
        queryset = filterset_class._meta.model.objects.for_list()
    filterset = filterset_class(data, queryset=queryset, request=request)
    return filterset, problems + filterset.problems()


class OrganizationFilter(RegistryFilterSet):
    status = ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Organization.Status.choices,
        empty_label=gettext_lazy("Any"),
    )
    ordering = ordering_filter(
        ("name", "name", gettext_lazy("Name")),
        ("status", "status", gettext_lazy("Status")),
        ("since_year", "since", gettext_lazy("Since")),
    )

    facets = {"status": "status"}

    class Meta:
        model = Organization
        fields = []
