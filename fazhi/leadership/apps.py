from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "fazhi.leadership"
    verbose_name = "组织领导"
