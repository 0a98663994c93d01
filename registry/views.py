"""Public pages (placeholder until the public-site issue)."""

from django.http import HttpResponse
from django.views.generic import DetailView, ListView

from registry.models import Event, Measure, State, Statement


def home(request):
    return HttpResponse("CICA Registry")


def search(request):
    return HttpResponse("search")


class StateListView(ListView):
    queryset = State.objects.published()


class StateDetailView(DetailView):
    queryset = State.objects.published()


class EventListView(ListView):
    queryset = Event.objects.published()


class EventDetailView(DetailView):
    queryset = Event.objects.published()


class StatementListView(ListView):
    queryset = Statement.objects.published()


class StatementDetailView(DetailView):
    queryset = Statement.objects.published()


class MeasureListView(ListView):
    queryset = Measure.objects.published()


class MeasureDetailView(DetailView):
    queryset = Measure.objects.published()
