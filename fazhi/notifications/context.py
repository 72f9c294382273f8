from django.utils.functional import SimpleLazyObject

from fazhi.notifications import actions


def unread_count(request):
    """The bell's count: one query, made only when a page shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: actions.unread(user).count())}
