"""The record fields kept in English and Russian (django-modeltranslation).

Each field of `TRANSLATED_FIELDS` gets `<field>_en` and `<field>_ru` columns; reading `<field>`
gives the active language's text, or the English one where the Russian is empty (the fallback in
settings). The rendered HTML of a Markdown field is kept per language too (`summary_html_ru`).
Change history records both languages: the historical models are registered with the same
fields (without the derived HTML, which history leaves out).
"""

import functools

from django.apps import apps
from django.db.models.signals import pre_save
from modeltranslation import manager
from modeltranslation.translator import NotRegistered, TranslationOptions, translator

from registry.translated_fields import TRANSLATED_FIELDS

# Unique names (State, Organization, Topic, Dimension): an empty translation is NULL, so any
# number of records may lack one.
NULL_WHEN_EMPTY = {"name"}


def original_fields(model) -> set[str]:
    """The fields of `model` kept per language. Their own column only mirrors the language
    active when the record was saved: editors, history and revisions read the `_en` and `_ru`
    columns instead."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


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


def track_in_history(model) -> None:
    """Compare versions on both languages: simple-history fixed the fields it compares
    (`tracked_fields`) before the translation columns existed."""
    historical = model.history.model
    kept = {field.name for field in historical._meta.fields}
    tracked = {field.name for field in historical.tracked_fields}
    historical.tracked_fields = [
        *historical.tracked_fields,
        *(
            field
            for field in model._meta.fields
            if hasattr(field, "translated_field") and field.name in kept - tracked
        ),
    ]


for _name in TRANSLATED_FIELDS:
    _model = apps.get_model("registry", _name)
    translator.register(_model, options(_model, _model))
    if hasattr(_model, "history"):
        translator.register(_model.history.model, options(_model, _model.history.model))
        track_in_history(_model)


def store_empty_translations_as_empty(sender, instance, **kwargs):
    """pre_save: a translation nobody wrote is stored as its field's empty value ("", or NULL
    for unique names), as the admin's forms store it, so an untouched form changes nothing."""
    for fields in translator.get_options_for_model(sender).all_fields.values():
        for field in fields:
            if getattr(instance, field.attname) is None and field.empty_value is not None:
                setattr(instance, field.attname, field.empty_value)


for _name in TRANSLATED_FIELDS:
    pre_save.connect(
        store_empty_translations_as_empty,
        sender=apps.get_model("registry", _name),
        dispatch_uid=f"empty-translations-{_name}",
    )


@functools.cache
def multilingual_class(queryset_class: type) -> type:
    return make_multilingual(queryset_class, instantiate=False)


def multilingual_queryset(queryset_class: type, instantiate: bool = True):
    """modeltranslation's queryset class for `queryset_class`, made once per class. Its own
    factory makes a new class for every queryset a manager starts (about 45 us each, several
    per page, and each class is garbage the collector must walk); pickled querysets still name
    it by `queryset_class`, so they load as before."""
    made = multilingual_class(queryset_class)
    return made() if instantiate else made


make_multilingual = manager.multilingual_queryset_factory
manager.multilingual_queryset_factory = multilingual_queryset
