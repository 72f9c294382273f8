from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications: what waits for a user, what came back to them, what is due soon."""

    name = "fazhi.notifications"
    verbose_name = "消息通知"

    def ready(self):
        from fazhi.notifications import deadlines  # noqa: F401 - registers the maintenance step
