"""The notification centre: the list, opening one (marks it read), marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.notifications import actions
from fazhi.notifications.models import Notification

PAGE_SIZE = 20


@login_required
def index(request):
    only_unread = request.GET.get("unread") == "1"
    qs = Notification.objects.filter(user=request.user)
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "only_unread": only_unread, "extra": "unread=1" if only_unread else ""}
    return render(request, "notifications/index.html", context)


@login_required
@require_POST
def open_one(request, pk):
    """Marks the notification read and goes to its record (a foreign one: back to the list)."""
    found = actions.mark_read(request.user, pk)
    if found is None or not url_has_allowed_host_and_scheme(found.url, allowed_hosts=None):
        return redirect("notifications:index")
    return redirect(found.url)


@login_required
@require_POST
def read_all(request):
    n = actions.mark_all_read(request.user)
    messages.success(request, f"已将{n}条消息标为已读" if n else "没有未读消息")
    return redirect("notifications:index")
