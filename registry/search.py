"""Search for everything: states, organisations, events, statements and measures, through one
interface.

PostgreSQL: each record stores a weighted search vector (title A, short title B, summary C,
body D), kept current by a post_save signal (which also runs for `loaddata`) and indexed with
GIN, so a query never computes vectors row by row; queries use websearch syntax (the last word
also as a prefix) and results are ranked. SQLite: every word must appear in one of the same
fields (case-insensitive). On both, a record whose title or short title is exactly the query
comes first, and snippets are cut in Python from the stored HTML, only for the hits a page
shows (`ts_headline` for every hit cost more than the search).
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.signals import post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from registry.models import Event, Measure, Organization, State, Statement
from registry.text import plain_text

# The fields searched for each model, from most to least weight (PostgreSQL's A to D).
SEARCH_FIELDS = {
    State: (("name",), ("official_name", "iso_code"), ("summary",), ("note",)),
    Organization: (("name",), ("acronym",), ("summary",), ("note",)),
    Event: (("title",), ("city",), ("summary",), ("body",)),
    Statement: (("title",), ("short_title", "speaker"), ("summary",), ("text",)),
    Measure: (("title",), (), ("description",), ("note",)),
}
# Fields that, matched exactly, put a record first; and the field its snippet is cut from.
TITLE_FIELDS = {
    State: ("name", "iso_code"),
    Organization: ("name", "acronym"),
    Event: ("title",),
    Statement: ("title", "short_title"),
    Measure: ("title",),
}
SNIPPET_FIELD = {
    State: "summary",
    Organization: "summary",
    Event: "summary",
    Statement: "summary",
    Measure: "description",
}
# The stored HTML of each snippet field (SQLite cuts snippets from its text).
SNIPPET_HTML_FIELD = {model: model.markdown_fields[field] for model, field in SNIPPET_FIELD.items()}
CONFIG = "english"
MAX_QUERY_LENGTH = 200
# How many matches of each sort (exact title, title words, any) a PostgreSQL search ranks, for
# the kinds that grow with the registry; states and organisations, a few dozen, are ranked whole.
RANK_WINDOW = 200
WINDOWED = (Event, Statement, Measure)
# Markers around matches that cannot occur in text, replaced by <mark> after escaping.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKDOWN_MARKS = re.compile(r"[*`#]+")


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def weighted_vector(model):
    """The SearchVector expression stored in `search_vector` for one model."""
    parts = [
        SearchVector(*fields, weight=weight, config=CONFIG)
        for fields, weight in zip(SEARCH_FIELDS[model], "ABCD", strict=True)
        if fields
    ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def update_search_vector(sender, instance, **kwargs):
    if uses_postgres():
        sender.objects.filter(pk=instance.pk).update(search_vector=weighted_vector(sender))


for _model in SEARCH_FIELDS:
    post_save.connect(update_search_vector, sender=_model, dispatch_uid=f"search-{_model.__name__}")


def words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:20]


def exact_q(model, query: str) -> Q:
    """The query is the record's title or short name (ignoring case)."""
    match = Q()
    for field in TITLE_FIELDS[model]:
        match |= Q(**{f"{field}__iexact": query})
    return match


def filter_by_query(queryset, query: str):
    """Records matching `query`, ordered by relevance (`search_exact`, then `search_rank`)."""
    model = queryset.model
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    exact = Case(
        When(exact_q(model, query), then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    if uses_postgres() and model in WINDOWED:
        return ranked_in_window(queryset, query, exact)
    if uses_postgres():
        search_query = postgres_query(query)
        queryset = queryset.filter(Q(search_vector=search_query) | exact_q(model, query))
        queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), search_query))
    else:
        for word in words(query) or [query]:
            queryset = queryset.filter(any_field_contains(model, word))
        queryset = queryset.annotate(search_rank=title_rank(model, query))
    # Names no lookup uses: `exact` would shadow `host__exact` in the slug filters.
    return queryset.annotate(search_exact=exact).order_by("-search_exact", "-search_rank", "pk")


def ranked_in_window(queryset, query: str, exact: Case):
    """PostgreSQL: every match, the records of `rank_window` first by exactness and rank, then
    the others by id. Ranking every match read and sorted thousands of rows for each page of a
    common word; this ranks a few hundred, and no match is left out. The window is in the order
    alone, not in the selected columns, so rows read by id (`ranked_page_ids`) skip it."""
    search_query = postgres_query(query)
    window = rank_window(queryset, query)
    matches = queryset.filter(Q(search_vector=search_query) | exact_q(queryset.model, query))
    in_window = InWindow(window, search_query)
    rank = Case(
        When(pk__in=window, then=SearchRank(F("search_vector"), search_query)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return matches.annotate(search_exact=exact).order_by(
        F("search_exact").desc(), in_window.desc(), rank.desc(), "pk"
    )


class InWindow(Case):
    """1 for the records of a search's rank window, else 0; it keeps the window's subquery and
    the search, so that a page can rank the window's records alone (`ranked_page_ids`)."""

    def __init__(self, window, search_query):
        super().__init__(When(pk__in=window, then=Value(1)), default=Value(0))
        self.window, self.search_query = window, search_query


def window_of(queryset) -> InWindow | None:
    """The rank window of a queryset that `filter_by_query` ordered on PostgreSQL (and that no
    `ordering` re-sorted since), else None."""
    order = queryset.query.order_by
    if len(order) == 4 and isinstance(getattr(order[1], "expression", None), InWindow):
        return order[1].expression
    return None


def ranked_page_ids(queryset, window: InWindow, bottom: int, top: int, count: int) -> list:
    """The ids of a page of a search ranked in its window (PostgreSQL): the window's records
    first (a few hundred to rank), then the other matches by id, read only when a page reaches
    them (`count`, the number of matches, says whether any are left)."""
    rank = SearchRank(F("search_vector"), window.search_query)
    head = queryset.filter(pk__in=window.window).order_by(
        F("search_exact").desc(), rank.desc(), "pk"
    )
    first = list(head.values_list("pk", flat=True))
    ids = first[bottom:top]
    if len(ids) < top - bottom and len(first) < count:
        rest = queryset.exclude(pk__in=window.window).order_by("pk")
        start = max(0, bottom - len(first))
        ids += rest.values_list("pk", flat=True)[start : start + top - bottom - len(ids)]
    return ids


def rank_window(queryset, query: str):
    """The ids of `queryset` a search ranks (PostgreSQL): records whose title or short name is
    the query, whose title fields hold its words, and any others that match, up to RANK_WINDOW
    of each, by id (the oldest: CICA's own records before later additions). Fewer matches than
    RANK_WINDOW are all ranked. A subquery, the same each time for the same data."""
    model, title_query = queryset.model, postgres_query(query, weights="AB")
    parts = [
        queryset.filter(exact_q(model, query)),
        queryset.filter(search_vector=title_query),
        queryset.filter(search_vector=postgres_query(query)),
    ]
    ids = [part.order_by("pk").values("pk")[:RANK_WINDOW] for part in parts]
    return ids[0].union(*ids[1:])


def postgres_query(query: str, weights: str = ""):
    """The web-style query, or its words with the last one as a prefix ('kaz' finds
    Kazakhstan while the visitor is still typing, as SQLite's substring match does). With
    `weights` ("AB"), only its words in the fields of those weights match, all of them."""
    websearch = SearchQuery(query, search_type="websearch", config=CONFIG)
    terms = re.findall(r"[^\W_]+", query)[:20]
    if not terms:
        return websearch
    # Letters and digits only: safe in a raw query.
    prefix = " & ".join(
        [*(f"{t}:{weights}" if weights else t for t in terms[:-1]), f"{terms[-1]}:*{weights}"]
    )
    if weights:
        return SearchQuery(prefix, search_type="raw", config=CONFIG)
    return websearch | SearchQuery(prefix, search_type="raw", config=CONFIG)


def any_field_contains(model, word: str) -> Q:
    match = Q()
    for fields in SEARCH_FIELDS[model]:
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
    return match


def title_rank(model, query: str) -> Case:
    """SQLite's stand-in for ranking: a title containing the whole query ranks higher."""
    return Case(
        When(Q(**{f"{TITLE_FIELDS[model][0]}__icontains": query}), then=Value(1.0)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def highlight(text: str) -> SafeString:
    """Escape a snippet, then turn the match markers into <mark> elements."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # escaped just above; only our <mark> tags are added


def cut_snippet(text: str, query: str, width: int = 220) -> str:
    """A window of `text` around the first matched word, with the matches marked."""
    terms = [re.escape(w) for w in words(query)]
    if not terms:
        return text[:width]
    pattern = re.compile("|".join(terms), re.IGNORECASE)
    found = pattern.search(text)
    start = max(0, found.start() - width // 3) if found else 0
    end = start + width
    if start:  # begin and end on whole words
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", window)


@dataclass
class Hit:
    kind: str
    record: object
    query: str
    exact: int
    rank: float

    @cached_property
    def snippet(self) -> SafeString:
        """Cut only for the hits a page shows."""
        return snippet_for(self.record, self.query)


KIND_NAMES = {
    State: "State",
    Organization: "Organisation",
    Event: "Event",
    Statement: "Document",
    Measure: "Measure",
}


def snippet_for(record, query: str) -> SafeString:
    html = getattr(record, SNIPPET_HTML_FIELD[type(record)])
    return highlight(cut_snippet(plain_text(html), query))


def fields_shown(model) -> tuple[str, ...]:
    """What a hit shows: its title or name, link and snippet; the search reads nothing else."""
    return ("slug", TITLE_FIELDS[model][0], SNIPPET_HTML_FIELD[model])


def best_matches(queryset, query: str, count: int):
    """The first `count` records `filter_by_query` gives. On PostgreSQL they are in the rank
    window (which holds every match when it is the smaller), so only it is read and ranked."""
    if not (uses_postgres() and queryset.model in WINDOWED):
        return filter_by_query(queryset, query)[:count]
    query = query.strip()[:MAX_QUERY_LENGTH]
    exact = Case(
        When(exact_q(queryset.model, query), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    rank = SearchRank(F("search_vector"), postgres_query(query))
    best = queryset.filter(pk__in=rank_window(queryset, query))
    best = best.annotate(search_exact=exact, search_rank=rank)
    return best.order_by("-search_exact", "-search_rank", "pk")[:count]


def search_all(query: str, per_kind: int = 50) -> tuple[list[Hit], bool]:
    """The best matches of every kind in one ranked list, exact titles first, then by rank; and
    whether a kind had more than `per_kind` (the page then says "more than")."""
    hits, more = [], False
    for model in SEARCH_FIELDS:
        shown = model.objects.published().only(*fields_shown(model))
        records = list(best_matches(shown, query, per_kind + 1))
        more = more or len(records) > per_kind
        hits.extend(
            Hit(
                KIND_NAMES[model],
                record,
                query,
                record.search_exact,
                record.search_rank,
            )
            for record in records[:per_kind]
        )
    return sorted(hits, key=lambda hit: (-hit.exact, -hit.rank)), more
