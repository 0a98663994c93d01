"""The pages that show CICA at a glance, and their downloads: /timeline/, /membership/ and
/participation/. The facts come from registry.glance; a bad query-string value is reported
on the page and left out, as on the lists."""

from collections.abc import Sequence

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import exports, filters, glance
from registry.exports import Column
from registry.models import Event, State
from registry.views import DATA_LINKS

TIMELINE_PAGE_SIZE = 100
# Pages stop here (10,000 entries, like the lists' count): the years filter narrows the rest.
TIMELINE_MAX_PAGES = 100


def year_field(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(
            attrs={"placeholder": gettext_lazy("e.g. 2004"), "inputmode": "numeric"}
        ),
        **kwargs,
    )


class TimelineFormBase(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read at each request: a scheduled state becomes a choice when it is published.
        self.fields["state"].queryset = filters.published_states()

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start is not None and end is not None and start > end:
            self.add_error("to", _("It is before the “From” year."))
        return data


# Built with type() because `from` is a Python keyword and cannot be a class attribute's name.
TimelineForm = type(
    "TimelineForm",
    (TimelineFormBase,),
    {
        "from": year_field(gettext_lazy("From year")),
        "to": year_field(gettext_lazy("To year")),
        "kind": forms.ChoiceField(
            label=gettext_lazy("Kind"),
            required=False,
            choices=[("", gettext_lazy("Any")), *glance.TIMELINE_KINDS.items()],
        ),
        "state": forms.ModelChoiceField(
            label=gettext_lazy("State"),
            required=False,
            queryset=State.objects.none(),
            to_field_name="slug",
            empty_label=gettext_lazy("Any"),
        ),
    },
)


class MembershipForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=glance.FIRST_YEAR,
        widget=forms.NumberInput(
            attrs={"placeholder": gettext_lazy("e.g. 2014"), "inputmode": "numeric"}
        ),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year > glance.this_year():
            raise forms.ValidationError(
                _("Choose a year from %(first)s to this year.") % {"first": glance.FIRST_YEAR}
            )
        return year


class ParticipationForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Meetings"),
        required=False,
        choices=list(glance.PARTICIPATION_KINDS.items()),
    )


def read_form(form_class, request):
    """The form over this request's query string, validated, and what was wrong, in words."""
    data, problems = filters.without_null_characters(request.GET)
    form = form_class(data)
    form.is_valid()
    return form, problems + filters.form_problems(form, data)


def chosen(form, name, default=None):
    """A parameter's value if it was given and valid, else `default`."""
    return form.cleaned_data.get(name) or default


def download_response(body, fmt: str, name: str):
    content_type = "text/csv" if fmt == "csv" else "application/json"
    response = StreamingHttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cica-{name}-{stamp}.{fmt}"'
    return response


def rows_as(fmt: str, rows, columns, request, problems, **header):
    """Rows as CSV lines or a JSON document with the same header as the lists' downloads."""
    if fmt == "csv":
        names = [column.name for column in columns]
        return exports.csv_lines(names, exports.table_rows(rows, columns))
    header = {
        "source": "CICA Registry",
        "list": request.build_absolute_uri(request.path.rsplit("/", 1)[0] + "/"),
        "filters": dict(request.GET.items()),
        "ignored": problems,
        "generated_at": timezone.now(),
        **header,
        "count": len(rows),
    }
    return exports.json_chunks(exports.table_rows(rows, columns), header)


def data_links(request, query=None) -> list[dict]:
    """The page's downloads, with the request's query string or the `query` given."""
    query = (request.GET if query is None else query).copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {"label": label, "url": f"{request.path}{path}{suffix}", "type": mime, "format": fmt}
        for fmt, (label, path, mime) in DATA_LINKS.items()
        if fmt in ("csv", "json")
    ]


# --- /timeline/ -----------------------------------------------------------------------------


def timeline_entries(request, limit=None):
    """The form, what was wrong with it, the first `limit` entries (all without one) and how
    many entries there are."""
    form, problems = read_form(TimelineForm, request)
    entries, total = glance.timeline(
        kind=chosen(form, "kind"),
        state=chosen(form, "state"),
        start=form.cleaned_data.get("from"),
        end=form.cleaned_data.get("to"),
        limit=limit,
    )
    return form, problems, entries, total


class FirstEntries(Sequence):
    """The first entries of a longer timeline, as the Paginator sees it: its length is the
    whole timeline's, and only the entries read can be sliced."""

    def __init__(self, entries: list, total: int):
        self.entries, self.total = entries, total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.entries[index]


def timeline(request):
    number = request.GET.get("page") or "1"
    if not number.isdigit() or not 1 <= int(number) <= TIMELINE_MAX_PAGES:
        raise Http404("No such page of the timeline; filter it by years to see more.")
    # A page reads no more than the entries up to its own.
    form, problems, entries, total = timeline_entries(request, int(number) * TIMELINE_PAGE_SIZE)
    shown = min(total, TIMELINE_MAX_PAGES * TIMELINE_PAGE_SIZE)
    paginator = Paginator(FirstEntries(entries, shown), TIMELINE_PAGE_SIZE)
    try:
        page = paginator.page(number)
    except InvalidPage as exc:
        raise Http404(_("No such page of the timeline.")) from exc
    context = {
        "filter": {"form": form},
        "problems": problems,
        "state": chosen(form, "state"),
        "years": glance.by_year(page.object_list),
        "page_obj": page,
        "result_count": total,
        "is_filtered": any(key != "page" for key in request.GET),
        "data_links": data_links(request),
    }
    return render(request, "registry/timeline.html", context)


def timeline_download(request, fmt):
    _, problems, entries, _ = timeline_entries(request)
    columns = [
        Column("date", lambda e: e.iso_date),
        Column("date_precision", lambda e: e.precision),
        Column("kind"),
        Column("label"),
        Column("title"),
        Column("context"),
        Column("note"),
        Column("url", lambda e: request.build_absolute_uri(e.url)),
    ]
    body = rows_as(fmt, entries, columns, request, problems)
    return download_response(body, fmt, "timeline")


# --- /membership/ ---------------------------------------------------------------------------


def membership(request):
    form, problems = read_form(MembershipForm, request)
    year = chosen(form, "year")
    states = glance.membership_states()
    counts = glance.counts_by_year(states, glance.this_year())
    context = {
        "filter": {"form": form},
        "problems": problems,
        "year": year,
        "counts": counts,
        "chart": glance.chart(counts, year),
        "of_year": glance.states_at_end_of(states, year) if year else None,
        "undated": glance.undated_states(states, counts),
        "map": glance.world_map(states),
        "data_links": data_links(request, QueryDict()),
        "year_links": data_links(request, QueryDict(f"year={year}")) if year else [],
    }
    return render(request, "registry/membership.html", context)


YEAR_COLUMNS = [Column("year"), Column("members"), Column("observers"), Column("undated")]
STATE_COLUMNS = [
    Column("slug", lambda row: row[0].slug),
    Column("name", lambda row: row[0].name),
    Column("status", lambda row: row[1]),
    Column("note", lambda row: row[0].note),
]


def membership_download(request, fmt):
    """One row per year (counts), or with ?year= one row per state of that year."""
    form, problems = read_form(MembershipForm, request)
    year = chosen(form, "year")
    states = glance.membership_states()
    if year:
        of_year = glance.states_at_end_of(states, year)
        rows = [
            (s, standing)
            for standing in (glance.MEMBER, glance.OBSERVER)
            for s in of_year[standing]
        ]
        columns = STATE_COLUMNS
    else:
        rows, columns = glance.counts_by_year(states, glance.this_year()), YEAR_COLUMNS
    body = rows_as(fmt, rows, columns, request, problems)
    return download_response(body, fmt, f"membership-{year}" if year else "membership")


# --- /participation/ ------------------------------------------------------------------------


def participation(request):
    form, problems = read_form(ParticipationForm, request)
    kind = chosen(form, "kind", Event.Kind.SUMMIT)
    context = {
        "problems": problems,
        "kind": kind,
        "kind_label": glance.PARTICIPATION_KINDS[kind],
        "kinds": glance.PARTICIPATION_KINDS,
        "grid": glance.participation_grid(kind),
        "is_filtered": "kind" in request.GET,
        "data_links": data_links(request),
    }
    return render(request, "registry/participation.html", context)


def participation_download(request, fmt):
    """CSV: a row per state, a column per event, true where it took part. JSON: a row per
    state with the events it took part in, and the events in the header."""
    form, problems = read_form(ParticipationForm, request)
    kind = chosen(form, "kind", Event.Kind.SUMMIT)
    grid = glance.participation_grid(kind)
    columns = [
        Column("state", lambda row: row.state.slug),
        Column("name", lambda row: row.state.name),
    ]
    if fmt == "csv":
        columns += [
            Column(event.slug, lambda row, i=i: row.cells[i]) for i, event in enumerate(grid.events)
        ]
    else:
        columns.append(
            Column(
                "took_part",
                lambda row: [
                    e.slug for e, mark in zip(grid.events, row.cells, strict=True) if mark
                ],
            )
        )
    events = [
        {
            "slug": e.slug,
            "title": e.title,
            "date": e.start_date,
            "url": request.build_absolute_uri(e.get_absolute_url()),
        }
        for e in grid.events
    ]
    body = rows_as(fmt, grid.rows, columns, request, problems, kind=kind, events=events)
    return download_response(body, fmt, f"participation-{kind}")


DOWNLOADS = {
    "timeline": timeline_download,
    "membership": membership_download,
    "participation": participation_download,
}


def download(request, page, fmt):
    return DOWNLOADS[page](request, fmt)
