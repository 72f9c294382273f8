from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse_lazy

from fazhi.orgs.models import AuditLog, audit


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.must_change_password = False
        user.save(update_fields=["must_change_password", "password_changed_at"])
        update_session_auth_hash(self.request, user)
        audit(self.request, AuditLog.Action.PASSWORD, target=user.username, org=user.org)
        messages.success(self.request, "密码已修改。")
        return response


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "orgs/locked.html", status=429)


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def audit_log(request):
    logs = AuditLog.objects.select_related("org").order_by("-at")
    q = request.GET.get("q", "").strip()
    if q:
        logs = logs.filter(Q(username__icontains=q) | Q(target__icontains=q) | Q(detail__icontains=q))
    action = request.GET.get("action", "")
    if action:
        logs = logs.filter(action=action)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/audit_log.html",
        {"page": page, "q": q, "action": action, "actions": AuditLog.Action.choices},
    )


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def login_log(request):
    kind = request.GET.get("kind", "success")
    model = AccessFailureLog if kind == "failure" else AccessLog
    logs = model.objects.order_by("-attempt_time")
    q = request.GET.get("q", "").strip()
    if q:
        logs = logs.filter(username__icontains=q)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/login_log.html", {"page": page, "kind": kind, "q": q})
