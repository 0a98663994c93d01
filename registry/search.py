"""Search for everything: states, organisations, events, statements and measures, through one
interface. Each model names the fields searched (`Searchable.search_fields` and its siblings);
the kinds searched are the register's (`registry.kinds`).

PostgreSQL: each record stores a weighted search vector (title A, short title B, summary C,
body D) of its English texts (`english` dictionary) and Russian texts (`russian`), kept current
by a post_save signal (which also runs for `loaddata`) and indexed with GIN, so a query never
computes vectors row by row; queries use websearch syntax (the last word
also as a prefix), read with both dictionaries, and results are ranked. SQLite: every word
must appear in one of the same fields, in either language (case-insensitive in every alphabet).
On both, a record whose title or short title is exactly the query comes first (in the page's
language first), and snippets are cut in Python from the stored HTML, only for the hits a page
shows (`ts_headline` for every hit cost more than the search).
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.apps import apps
from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryCombinable,
    SearchQueryField,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains
from django.db.models.signals import post_save
from django.db.models.sql import Query
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from registry.cache import ReadWhenShown, cached_under_generation
from registry.text import plain_text
from registry.translated_fields import LANGUAGE_CODES, TRANSLATED_FIELDS

MAX_QUERY_LENGTH = 200
# How many matches of each sort (exact title, title words, any) a PostgreSQL search ranks, for
# the kinds that grow with the registry; states and organisations, a few dozen, are ranked whole.
RANK_WINDOW = 200
# A list search (whose count is known first) with no more matches than this ranks them all:
# that costs less than finding the window, which the planner, taking a rare phrase's words for
# common ones, looked for by reading most records in id order ("Astana Statement": 60 ms).
RANK_EVERY_MATCH_UP_TO = 2_000
# Markers around matches that cannot occur in text, replaced by <mark> after escaping.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def weighted_vector(model):
    """The SearchVector expression stored in `search_vector` for one model: both languages'
    texts, each with its own dictionary, at the same weight."""
    parts = [
        SearchVector(*columns, weight=weight, config=LANGUAGE_CONFIGS[language])
        for fields, weight in zip(model.search_fields, "ABCD", strict=True)
        for language, columns in columns_by_language(model, fields).items()
    ]
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def update_search_vector(sender, instance, **kwargs):
    if uses_postgres():
        sender.objects.filter(pk=instance.pk).update(search_vector=weighted_vector(sender))


def connect_signals(models):
    """Keep the stored vectors of these models current (the app connects every kind's)."""
    for model in models:
        uid = f"search-{model.__name__}"
        post_save.connect(update_search_vector, sender=model, dispatch_uid=uid)


def words(query: str) -> list[str]:
    return re.findall(r"\w+", query)[:20]


def exact_q(model, query: str, languages=LANGUAGE_CODES) -> Q:
    """The query is the record's title or short name in one of `languages` (ignoring case)."""
    match = Q()
    for field in model.title_fields:
        for column in searched_columns(model, field, languages):
            match |= Q(**{f"{column}__iexact": query})
    return match


def exact_rank(model, query: str) -> Case:
    """2 for the exact title in the page's language, 1 in the other, else 0: exact titles come
    first, the page's language's first of all."""
    language = get_language()
    others = [code for code in LANGUAGE_CODES if code != language]
    return Case(
        When(exact_q(model, query, [language]), then=Value(2)),
        When(exact_q(model, query, others), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def filter_by_query(queryset, query: str):
    """Records matching `query`, ordered by relevance (`search_exact`, then `search_rank`)."""
    model = queryset.model
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    exact = exact_rank(model, query)
    if uses_postgres() and model.ranked_in_window:
        return ranked_in_window(queryset, query, exact)
    if uses_postgres():
        matched = Matches(F("search_vector"), compiled(match_query, query))
        queryset = queryset.filter(Q(matched) | exact_q(model, query))
        rank = SearchRank(F("search_vector"), compiled(postgres_query, query))
        queryset = queryset.annotate(search_rank=rank)
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
    alone, not in the selected columns, so rows read by id (`ranked_page_ids`) skip it. The
    window's subquery is built only when SQL naming it is compiled: a list page whose ranking
    is kept (`ranked_page_ids`) never compiles it, and building it was most of such a page's
    search."""
    search_query = compiled(postgres_query, query)
    window = SimpleLazyObject(lambda: rank_window(queryset, query))
    matched = Matches(F("search_vector"), compiled(match_query, query))
    matches = queryset.filter(Q(matched) | exact_q(queryset.model, query))
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


def ranked_page_ids(
    queryset, window: InWindow, bottom: int, top: int, count: int, kept_as: str | None = None
) -> list:
    """The ids of a page of a search ranked in its window (PostgreSQL): the window's records
    first (a few hundred to rank; kept under the data generation by `kept_as`, if given, for
    every page of the list), then the other matches by id, read only when a page reaches them
    (`count`, the number of matches, says whether any are left). Up to
    `RANK_EVERY_MATCH_UP_TO` matches are all ranked, without a window."""

    def ranked() -> list:
        rank = SearchRank(F("search_vector"), window.search_query)
        every = count <= RANK_EVERY_MATCH_UP_TO
        head = queryset if every else queryset.filter(pk__in=window.window)
        return list(head.order_by(F("search_exact").desc(), rank.desc(), "pk").ids())

    first = cached_under_generation(kept_as, ranked) if kept_as else ranked()
    ids = first[bottom:top]
    if len(ids) < top - bottom and len(first) < count:
        rest = queryset.exclude(pk__in=window.window).order_by("pk")
        start = max(0, bottom - len(first))
        ids += rest.ids()[start : start + top - bottom - len(ids)]
    return ids


def rank_window(queryset, query: str):
    """The ids of `queryset` a search ranks (PostgreSQL): records whose title or short name is
    the query, whose title fields hold its words, and any others that match, up to RANK_WINDOW
    of each, by id (the oldest: CICA's own records before later additions). Fewer matches than
    RANK_WINDOW are all ranked. A subquery, the same each time for the same data."""
    model = queryset.model
    parts = [
        queryset.filter(exact_q(model, query)),
        queryset.filter(title_match(query)),
        queryset.filter(Matches(F("search_vector"), compiled(match_query, query))),
    ]
    ids = [part.order_by("pk").values("pk")[:RANK_WINDOW] for part in parts]
    return ids[0].union(*ids[1:])


def postgres_query(query: str, weights: str = ""):
    """The query read with each language's dictionary, and its Russian words by their stems.
    With `weights` ("AB"), only its words in the fields of those weights match, all of them."""
    configs = iter(LANGUAGE_CONFIGS.values())
    search_query = postgres_query_in(next(configs), query, weights)
    for config in configs:
        search_query = search_query | postgres_query_in(config, query, weights)
    terms = re.findall(r"[^\W_]+", query)[:20]
    return search_query | StemPrefixQuery(terms, weights) if terms else search_query


def title_match(query: str) -> "Matches":
    """Records whose title fields (weights A and B) hold the query's words. A single word is
    looked up in the titles' own index (`TitleWords`): through the whole vector, the planner
    could not tell a word's few titles from its thousands of texts, and read every record by id
    looking for them. Several words are matched through the whole vector, whose estimate
    (their words anywhere) does not take a common title phrase for a rare one."""
    if is_single_word(query):
        return Matches(TitleWords(), compiled(match_query, query))
    return Matches(F("search_vector"), compiled(postgres_query, query, "AB"))


def is_single_word(query: str) -> bool:
    return re.fullmatch(r"\s*[A-Za-z0-9]+\s*", query) is not None


def match_query(query: str):
    """What `postgres_query` matches, as one query where that is the same: a single word of Latin
    letters and digits is matched by its stem's prefix alone (`StemPrefixQuery`: Russian stemming
    leaves it as it is; both dictionaries read it in English), which every other part implies.
    The planner counts each ORed part again, so five parts made a rare prefix look common
    enough to read every record by id. Several words keep the whole query: the planner
    multiplies their shares, and words that come together then look rare. Ranking always
    uses the whole query."""
    if is_single_word(query):
        return StemPrefixQuery([query.strip()])
    return postgres_query(query)


def compiled(build, *args) -> RawSQL:
    """`build(*args)` (`postgres_query`, `match_query`) as SQL compiled once: a search
    uses it in every kind's ranking and window, and building and compiling it each time was a
    quarter of the search's Python (it names no column, so one SQL fits every query)."""
    sql, params = compiled_sql(build, *args)
    return RawSQL(sql, params, output_field=SearchQueryField())


@lru_cache(maxsize=256)
def compiled_sql(build, *args) -> tuple[str, tuple]:
    """SQL text alone, from the query's words: nothing read from the database."""
    compiler = Query(None).get_compiler(connection=connection)
    sql, params = build(*args).resolve_expression(compiler.query).as_sql(compiler, connection)
    return sql, tuple(params)


class Matches(Func):
    """`vector @@ query`, for a query of any shape (the `search_vector=` lookup wraps one that is
    not a SearchQuery in another)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class TitleWords(Func):
    """The title and short title part (weights A and B) of the stored vector: the expression of
    the title GIN indexes (migration 0019). Queries on it need no weights."""

    template = "ts_filter(%(expressions)s, '{a,b}'::\"char\"[])"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("search_vector"))


def postgres_query_in(config: str, query: str, weights: str = ""):
    """The web-style query, or its words with the last one as a prefix ('kaz' finds
    Kazakhstan while the visitor is still typing, as SQLite's substring match does)."""
    websearch = SearchQuery(query, search_type="websearch", config=config)
    terms = re.findall(r"[^\W_]+", query)[:20]
    if not terms:
        return websearch
    # Letters and digits only: safe in a raw query.
    prefix = " & ".join(
        [*(f"{t}:{weights}" if weights else t for t in terms[:-1]), f"{terms[-1]}:*{weights}"]
    )
    if weights:
        return SearchQuery(prefix, search_type="raw", config=config)
    return websearch | SearchQuery(prefix, search_type="raw", config=config)


def any_field_contains(model, word: str) -> Q:
    match = Q()
    for fields in model.search_fields:
        for field in fields:
            for column in searched_columns(model, field):
                match |= folded_contains(column, word)
    return match


def title_rank(model, query: str) -> Case:
    """SQLite's stand-in for ranking: a title containing the whole query ranks higher."""
    title = Q()
    for column in searched_columns(model, model.title_fields[0]):
        title |= folded_contains(column, query)
    return Case(When(title, then=Value(1.0)), default=Value(0.0), output_field=FloatField())


# --- Both languages -------------------------------------------------------------------------

LANGUAGE_CONFIGS = {"en": "english", "ru": "russian"}


def is_translated(model, field: str) -> bool:
    return field in TRANSLATED_FIELDS.get(model._meta.model_name, ())


def searched_columns(model, field: str, languages=LANGUAGE_CODES) -> list[str]:
    """The columns of a searched field: one per language where it is translated (`name_en`,
    `name_ru`), else the field itself (an ISO code)."""
    if is_translated(model, field):
        return [f"{field}_{language}" for language in languages]
    return [field]


def columns_by_language(model, fields) -> dict[str, list[str]]:
    """language -> its columns among `fields`; untranslated fields count as English."""
    by_language = {}
    for field in fields:
        for language in LANGUAGE_CODES if is_translated(model, field) else ["en"]:
            column = f"{field}_{language}" if is_translated(model, field) else field
            by_language.setdefault(language, []).append(column)
    return by_language


class StemPrefixQuery(SearchQueryCombinable, Expression):
    """Every word's Russian stem as a prefix, itself stemmed: 'саммита' -> 'саммит' -> 'самм':*.

    The Snowball stemmer cuts some nominatives further than their other forms ('саммит' is
    stored as 'самм', 'саммита' and 'саммиты' as 'саммит'); the prefix of the twice-stemmed word
    finds every form, whichever form the visitor typed."""

    output_field = SearchQueryField()

    def __init__(self, terms: list[str], weights: str = ""):
        super().__init__()
        self.terms = [term.lower() for term in terms]
        self.weights = "".join(w for w in weights if w in "ABCD")  # inlined: letters A-D only

    def as_sql(self, compiler, connection):
        stem = f"coalesce((ts_lexize('russian_stem', %s))[1], %s) || ':*{self.weights}'"
        prefixes = " || ' & ' || ".join([stem] * len(self.terms))  # letters and digits only
        params = [value for term in self.terms for value in (term, term)]
        return f"to_tsquery('russian'::regconfig, {prefixes})", params


class Casefold(Func):
    """SQLite: the text casefolded by Python (SQLite's own LIKE and lower() fold only ASCII),
    so 'казахстан' finds 'Казахстан'. Registered on every SQLite connection."""

    function = "registry_casefold"
    output_field = TextField()


def register_casefold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            Casefold.function,
            1,
            lambda text: text if text is None else text.casefold(),
            deterministic=True,
        )


connection_created.connect(register_casefold, dispatch_uid="registry-casefold")


def folded_contains(column: str, text: str) -> Q:
    """`column` contains `text`, ignoring case in every alphabet (SQLite)."""
    return Q(Contains(Casefold(column), text.casefold()))


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


def snippet_for(record, query: str) -> SafeString:
    """The stored HTML of the record's snippet field, as text, cut around the query."""
    html = getattr(record, record.markdown_fields[record.snippet_field])
    return highlight(cut_snippet(plain_text(html), query))


def fields_shown(model) -> tuple[str, ...]:
    """What a hit shows: its title or name, link and snippet, and the snippet's own text, by
    which a Russian page marks an English one (`lang_of`, else read record by record); the
    search reads nothing else."""
    snippet = model.snippet_field
    return ("slug", model.title_fields[0], snippet, model.markdown_fields[snippet])


def best_matches(queryset, query: str, count: int):
    """The first `count` records `filter_by_query` gives. On PostgreSQL they are in the rank
    window (which holds every match when it is the smaller), so only it is read and ranked."""
    if not (uses_postgres() and queryset.model.ranked_in_window):
        return filter_by_query(queryset, query)[:count]
    query = query.strip()[:MAX_QUERY_LENGTH]
    exact = exact_rank(queryset.model, query)
    rank = SearchRank(F("search_vector"), compiled(postgres_query, query))
    best = queryset.filter(pk__in=rank_window(queryset, query))
    best = best.annotate(search_exact=exact, search_rank=rank)
    return best.order_by("-search_exact", "-search_rank", "pk")[:count]


def search_all(query: str, kinds, per_kind: int = 50) -> tuple[list[Hit], bool]:
    """The best matches of every kind (`registry.kinds.KINDS`) in one ranked list, exact titles
    first, then by rank; and whether a kind had more than `per_kind` (the page then says "more
    than")."""
    hits, more = [], False
    for kind in kinds:
        shown = kind.model.objects.published().only(*fields_shown(kind.model))
        records = list(best_matches(shown, query, per_kind + 1))
        more = more or len(records) > per_kind
        hits.extend(
            Hit(kind.search_label, record, query, record.search_exact, record.search_rank)
            for record in records[:per_kind]
        )
    return sorted(hits, key=lambda hit: (-hit.exact, -hit.rank)), more


@dataclass(frozen=True)
class Found:
    """A hit as a search's results are kept (`kept_search`): its record by model and id."""

    kind: str  # the kind's search label, in the language the results were kept for
    model: str  # the record's model label, "registry.Event"
    pk: int
    exact: int
    rank: float


def kept_search(query: str, kinds) -> tuple[list[Found], bool, dict]:
    """`search_all`, kept under the data generation per query (and language): its results read
    published records alone, the same for every visitor and every page of them, and ranking
    them was most of a search's cost. Also the records the search read if it ran now, by model
    label and id, so that a page of them reads no record again."""
    read = {}

    def run() -> tuple[list[Found], bool]:
        hits, more = search_all(query, kinds)
        found = []
        for hit in hits:
            label = hit.record._meta.label
            read[label, hit.record.pk] = hit.record
            found.append(Found(str(hit.kind), label, hit.record.pk, hit.exact, hit.rank))
        return found, more

    found, more = cached_under_generation(f"search:{query}", run)
    return found, more, read


class HitsById(ReadWhenShown):
    """A page of kept results (`Found`) as Hits, their records read (per model, by id) when
    shown, unless the search just read them. A row marks the query's words, so the query is in
    its key."""

    def __init__(self, found: list[Found], query: str, read: dict):
        self.found, self.query, self.already_read = found, query, read
        self.row_keys = [f"{found.model}:{found.pk}:{query}" for found in found]

    def read(self) -> list:
        records = dict(self.already_read)
        unread = {}
        for found in self.found:
            if (found.model, found.pk) not in records:
                unread.setdefault(found.model, []).append(found.pk)
        for label, ids in unread.items():
            model = apps.get_model(label)
            shown = model.objects.published().only(*fields_shown(model)).filter(pk__in=ids)
            records.update(((label, record.pk), record) for record in shown.order_by())
        return [
            Hit(found.kind, record, self.query, found.exact, found.rank)
            if (record := records.get((found.model, found.pk)))
            else None
            for found in self.found
        ]
