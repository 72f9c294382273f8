from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "fazhi.petitions"
    verbose_name = "信访"
