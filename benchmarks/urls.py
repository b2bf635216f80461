"""The project's URLs plus the bare view; served only by the benchmark's own gunicorn (benchmarks.settings)."""

from django.http import HttpResponse
from django.urls import path

from weihai_newcitizen.urls import urlpatterns as project_urlpatterns


def bare(request):
    """The floor under a page: a Django view that does nothing, behind the same middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]
