from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from forum.selectors import edition_current


@require_GET
def home(request):
    return render(request, "forum/home.html", {"edition": edition_current()})


@never_cache
@require_GET
def healthz(request):
    """Liveness + database reachability for the load balancer and the compose health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
