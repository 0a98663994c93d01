"""The record fields kept in English and Russian (django-modeltranslation).

Each field of `TRANSLATED_FIELDS` gets `<field>_en` and `<field>_ru` columns; reading `<field>`
gives the active language's text, or the English one where the Russian is empty (the fallback in
settings). The rendered HTML of a Markdown field is kept per language too (`summary_html_ru`).
Change history records both languages: the historical models are registered with the same
fields (without the derived HTML, which history leaves out).
"""

from django.apps import apps
from modeltranslation.translator import TranslationOptions, translator

from registry.translated_fields import TRANSLATED_FIELDS

# Unique names (State, Organization, Topic, Dimension): an empty translation is NULL, so any
# number of records may lack one.
NULL_WHEN_EMPTY = {"name"}


def stored_fields(model) -> tuple[str, ...]:
    """The translated fields plus the stored HTML of the Markdown ones."""
    fields = TRANSLATED_FIELDS[model._meta.model_name]
    markdown = getattr(model, "markdown_fields", {})
    return fields + tuple(markdown[field] for field in fields if field in markdown)


def options(model, target) -> type[TranslationOptions]:
    """`model`'s translated fields as `target` (the model or its historical model) has them."""
    names = {field.name for field in target._meta.get_fields()}
    fields = tuple(field for field in stored_fields(model) if field in names)
    empty_values = {field: None if field in NULL_WHEN_EMPTY else "" for field in fields}
    return type(
        f"{target.__name__}TranslationOptions",
        (TranslationOptions,),
        {"fields": fields, "empty_values": empty_values},
    )


for _name in TRANSLATED_FIELDS:
    _model = apps.get_model("registry", _name)
    translator.register(_model, options(_model, _model))
    if hasattr(_model, "history"):
        translator.register(_model.history.model, options(_model, _model.history.model))
