"""Which record fields are kept in English and Russian: the contract shared by the models
(registry.translation), the fixtures' Russian texts (locale/ru/records/<model>.json) and
scripts/apply_translations.py. Imports nothing, so the script runs without Django.

Sources are not translated: a cited title stays in its own language.
"""

LANGUAGE_CODES = ("en", "ru")
# lower-case model name -> its translated fields.
TRANSLATED_FIELDS = {
    "state": ("name", "official_name", "summary", "note"),
    "organization": ("name", "acronym", "summary", "note"),
    "event": ("title", "city", "summary", "body", "note"),
    "statement": ("title", "short_title", "speaker", "summary", "text", "note"),
    "measure": ("title", "description", "note"),
    "topic": ("name", "description"),
    "dimension": ("name", "description"),
    "chairmanship": ("note",),
}
