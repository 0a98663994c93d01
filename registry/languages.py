"""The site's two languages: each page's counterpart in the other language, and which record
texts on a Russian page are the English fallback.

The language of a page is its URL's (`/ru/...` Russian, else English: see
registry.middleware.URLLanguageMiddleware). Slugs and query strings are the same in both.
"""

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language, get_language_from_path, get_language_info

from registry.cache import canonical_query


def path_in(language: str, path_info: str) -> str:
    """The same page's path in `language` (without the script prefix)."""
    current = get_language_from_path(path_info)
    if current:
        path_info = path_info[len(current) + 1 :]
    if language != settings.LANGUAGE_CODE:
        path_info = f"/{language}{path_info}"
    return path_info


def url_in(language: str, request) -> str:
    """The page's address in `language`, with the same (canonical) query string."""
    path = get_script_prefix().rstrip("/") + path_in(language, request.path_info)
    query = canonical_query(request.GET)
    return f"{path}?{query}" if query else path


def languages(request) -> dict:
    """Context processor: `page_versions` (each language's address of this page, for hreflang
    alternates) and `other_versions` (the language switch: the same page, filters kept)."""
    if request is None:
        return {}
    current = get_language()
    urls = {code: url_in(code, request) for code, _ in settings.LANGUAGES}
    versions = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": url,
            "absolute_url": request.build_absolute_uri(url),
        }
        for code, url in urls.items()
    ]
    return {
        "page_versions": versions,
        "default_version": versions[0],
        "other_versions": [version for version in versions if version["code"] != current],
    }


def is_fallback(record, field: str) -> bool:
    """On a page in another language than English: `record.field` shows the English text,
    since the record has none in the page's language."""
    language = get_language()
    if language == settings.LANGUAGE_CODE or record is None:
        return False
    own = getattr(record, f"{field}_{language}", None)
    return not own and bool(getattr(record, f"{field}_{settings.LANGUAGE_CODE}", None))
