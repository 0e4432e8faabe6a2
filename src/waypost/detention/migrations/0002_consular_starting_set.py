"""The starting set of consular notification rules (data/consular_rules.csv, data/README.md)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "consular_rules.csv"


def load(apps, schema_editor):
    ConsularRule = apps.get_model("detention", "ConsularRule")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ConsularRule.objects.update_or_create(
                receiving=row["receiving"],
                sending=row["sending"],
                defaults={
                    "mandatory": row["mandatory"] == "true",
                    "max_hours": int(row["max_hours"]) if row["max_hours"] else None,
                    "exceptions": row["exceptions"],
                    "source": row["source"],
                },
            )


def unload(apps, schema_editor):
    ConsularRule = apps.get_model("detention", "ConsularRule")
    with DATA.open(encoding="utf-8") as handle:
        pairs = [(row["receiving"], row["sending"]) for row in csv.DictReader(handle)]
    for receiving, sending in pairs:
        ConsularRule.objects.filter(receiving=receiving, sending=sending).delete()


class Migration(migrations.Migration):
    dependencies = [("detention", "0001_detention")]

    operations = [migrations.RunPython(load, unload)]
