"""The read-only JSON API: the published records, filtered exactly as the public list pages.

Each kind of the register (`registry.kinds`) reuses its page's FilterSet, so a query string means
the same thing, with the same results in the same order, on `/events/?...` and `/api/events/?...`.
Records are shown by their kind's representation (`registry.representations`), which the JSON
download shares; lists and details share one shape per kind.
"""

from django.conf import settings
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import pagination, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.routers import DefaultRouter

from registry.kinds import KINDS
from registry.middleware import LANGUAGE_PARAMETER

app_name = "api"


class RegistryPagination(pagination.PageNumberPagination):
    """25 records a page; `page_size` asks for up to 100, never more."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


LANGUAGE_CODES = [code for code, _ in settings.LANGUAGES]
# The language of the records' texts (registry.middleware.api_language chooses it).
LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        LANGUAGE_PARAMETER,
        OpenApiTypes.STR,
        enum=LANGUAGE_CODES,
        description="The language of the records' texts (names, titles, summaries, notes): "
        "`en` (the default) or `ru`. A text with no Russian version is given in English. "
        "Without it, `Accept-Language` chooses; the response's `Content-Language` header says "
        "which language was used.",
    ),
    OpenApiParameter(
        "Accept-Language",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        description="Used when `lang` is absent, e.g. `ru, en;q=0.8`; other languages get English.",
    ),
]


class RegistryViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records of one kind, filtered by its list page's FilterSet, found by slug, with
    their texts in the language asked for (`?lang=`, `Accept-Language`)."""

    lookup_field = "slug"
    pagination_class = RegistryPagination
    model: type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        asked = request.query_params.get(LANGUAGE_PARAMETER)
        if asked is not None and asked not in LANGUAGE_CODES:
            raise ValidationError(
                {LANGUAGE_PARAMETER: [f"Choose one of: {', '.join(LANGUAGE_CODES)}."]}
            )

    def get_queryset(self):
        # Built per request, as published() compares with the current time. for_export() is
        # for_list() (the list pages' rows and order) with the published-only prefetches the
        # representation reads.
        return self.model.objects.for_export()


def viewset_for(kind) -> type[RegistryViewSet]:
    documented = extend_schema(parameters=LANGUAGE_PARAMETERS)
    return extend_schema_view(list=documented, retrieve=documented)(
        type(
            f"{kind.model.__name__}ViewSet",
            (RegistryViewSet,),
            {
                "model": kind.model,
                "serializer_class": kind.representation,
                "filterset_class": kind.filterset,
                "__doc__": f"Published {kind.model._meta.verbose_name_plural} of /{kind.prefix}/.",
            },
        )
    )


router = DefaultRouter()
for _kind in KINDS:
    router.register(_kind.prefix, viewset_for(_kind), basename=_kind.name)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (the Content-Security-Policy
    # allows no inline script) and keeps the site's Cross-Origin-Opener-Policy.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
