"""The read-only JSON API (placeholder: being written)."""

urlpatterns = []
