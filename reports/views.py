from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from .scoping import get_return_for_edit, get_return_for_review, get_return_for_user


@login_required
def return_list(request):
    return HttpResponse("")


@login_required
@require_POST
def return_start(request):
    return HttpResponse("")


@login_required
def return_detail(request, pk: int):
    monthly_return = get_return_for_user(request.user, pk)
    return render(request, "reports/return_detail.html", {"return": monthly_return})


@login_required
def return_edit(request, pk: int):
    get_return_for_edit(request.user, pk)
    return HttpResponse("")


@login_required
@require_POST
def return_submit(request, pk: int):
    get_return_for_edit(request.user, pk)
    return HttpResponse("")


@login_required
@require_POST
def return_review(request, pk: int):
    get_return_for_review(request.user, pk)
    return HttpResponse("")


@login_required
def return_history(request, pk: int):
    get_return_for_user(request.user, pk)
    return HttpResponse("")
