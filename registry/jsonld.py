"""schema.org structured data (JSON-LD) for record pages: one builder per kind, named by its
entry in the register (`registry.kinds`)."""

import json

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from registry.models import DatePrecision, Event, Organization, State, Statement

CICA = {
    "@type": "Organization",
    "name": "Conference on Interaction and Confidence-Building Measures in Asia",
    "alternateName": "CICA",
    "url": "https://www.s-cica.org/",
}
ASIA = {"@type": "Place", "name": "Asia"}
ISO_FORMATS = {
    DatePrecision.DAY: "%Y-%m-%d",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.YEAR: "%Y",
}
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def iso_date(value, precision=DatePrecision.DAY) -> str:
    """ISO 8601 to the known precision: '2022-10-13', '2007-03', '2004'."""
    return value.strftime(ISO_FORMATS.get(precision, "%Y-%m-%d"))


def state_data(state: State, url: str) -> dict:
    data = {"@type": "Country", "name": state.name, "identifier": state.iso_code, "url": url}
    if state.official_name:
        data["alternateName"] = state.official_name
    if state.status == State.Status.MEMBER:
        data["memberOf"] = CICA
    return data


def organization_data(organization: Organization, url: str) -> dict:
    data = {"@type": "Organization", "name": organization.name, "url": url}
    if organization.acronym:
        data["alternateName"] = organization.acronym
    if organization.summary:
        data["description"] = organization.summary
    return data


def event_data(event: Event, url: str) -> dict:
    data = {
        "@type": "Event",
        "name": event.title,
        "startDate": iso_date(event.start_date, event.date_precision),
        "endDate": iso_date(event.end_date or event.start_date, event.date_precision),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": CICA,
        "url": url,
    }
    if event.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        address = {"@type": "PostalAddress", "addressLocality": event.city}
        if event.public_host:
            address["addressCountry"] = event.public_host.iso_code
        data["location"] = {
            "@type": "Place",
            "name": event.city or gettext("Not recorded"),
            "address": address,
        }
    if event.summary:
        data["description"] = event.summary
    return data


def statement_data(statement: Statement, url: str) -> dict:
    """A document adopted by CICA is `Legislation`; a speech is a `CreativeWork`."""
    is_speech = statement.kind == Statement.Kind.SPEECH
    data = {
        "@type": "CreativeWork" if is_speech else "Legislation",
        "name": statement.title,
        "datePublished": iso_date(statement.date, statement.date_precision),
        "spatialCoverage": ASIA,
        "about": [{"@type": "Thing", "name": topic.name} for topic in statement.topics.all()],
        "url": url,
    }
    if statement.short_title:
        data["alternateName"] = statement.short_title
    if statement.summary:
        data["description"] = statement.summary
    if is_speech and statement.public_state:
        data["author"] = {"@type": "Country", "name": statement.public_state.name}
    else:
        data["author"] = CICA
        data["legislationType"] = statement.get_kind_display()
        data["legislationDate"] = data["datePublished"]
    return data


# schema.org types whose texts can name their language (`inLanguage` is not a property of a
# Country or an Organization).
WITH_LANGUAGE = {"Event", "Legislation", "CreativeWork"}


def structured_data(build, record, url: str) -> dict:
    """A record page's schema.org data; `build` is its kind's builder (`Kind.structured_data`).
    Its texts are in the page's language, which `inLanguage` names."""
    data = {"@context": "https://schema.org", **build(record, url)}
    if data["@type"] in WITH_LANGUAGE:
        data["inLanguage"] = get_language()
    return data


def as_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element; <, > and & are escaped as in json_script."""
    text = json.dumps(data, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above
