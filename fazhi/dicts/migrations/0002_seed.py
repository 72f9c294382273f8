from django.db import migrations


def seed(apps, schema_editor):
    # The seeds are those the DictFields declare now: the codes records already store.
    from fazhi.dicts import store

    store.seed(apps.get_model("dicts", "Entry"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("dicts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
