"""The record fields kept in English and Russian (django-modeltranslation).

Each field below gets `<field>_en` and `<field>_ru` columns; reading `<field>` gives the active
language's text, or the English one where the Russian is empty (the fallback in settings).
The rendered HTML of a Markdown field is kept per language too (`summary_html_ru`, ...). Change
history records both languages: the historical models are registered with the same fields.
Sources are not translated: a cited title stays in its own language.
"""

from modeltranslation.translator import TranslationOptions, translator

from registry.models import (
    Chairmanship,
    Dimension,
    Event,
    Measure,
    Organization,
    State,
    Statement,
    Topic,
)

# model -> the fields editors write in both languages (the contract in DESIGN's i18n notes).
TRANSLATED_FIELDS = {
    State: ("name", "official_name", "summary", "note"),
    Organization: ("name", "acronym", "summary", "note"),
    Event: ("title", "city", "summary", "body", "note"),
    Statement: ("title", "short_title", "speaker", "summary", "text", "note"),
    Measure: ("title", "description", "note"),
    Topic: ("name", "description"),
    Dimension: ("name", "description"),
    Chairmanship: ("note",),
}
# Unique names (State, Organization, Topic, Dimension): an empty translation is NULL, so any
# number of records may lack one.
NULL_WHEN_EMPTY = {"name"}


def stored_fields(model) -> tuple[str, ...]:
    """The translated fields plus the stored HTML of the Markdown ones."""
    markdown = getattr(model, "markdown_fields", {})
    return TRANSLATED_FIELDS[model] + tuple(
        markdown[field] for field in TRANSLATED_FIELDS[model] if field in markdown
    )


def options(model, target) -> type[TranslationOptions]:
    """`model`'s translated fields as `target` (the model or its historical model) has them:
    history leaves out the derived HTML."""
    names = {field.name for field in target._meta.get_fields()}
    fields = tuple(field for field in stored_fields(model) if field in names)
    empty_values = {field: None if field in NULL_WHEN_EMPTY else "" for field in fields}
    return type(
        f"{target.__name__}TranslationOptions",
        (TranslationOptions,),
        {"fields": fields, "empty_values": empty_values},
    )


for _model in TRANSLATED_FIELDS:
    translator.register(_model, options(_model, _model))
    if hasattr(_model, "history"):
        translator.register(_model.history.model, options(_model, _model.history.model))
