from django.core.management.base import BaseCommand

from fazhi.orgs import roles


class Command(BaseCommand):
    help = "Creates or updates the role groups and their permissions from fazhi/orgs/roles.py."

    def handle(self, *args, **options):
        roles.sync()
        self.stdout.write(f"synced {len(roles.ROLES)} roles")
