"""Job titles in the reader's language: the untranslated message and its values.

Jobs started before were titled in the language of whoever started them. Their titles are
read back into message and values where the wording is known (an MMP import, in any of the
four languages Waypost spoke then; the periodic jobs), so that each reader sees them in
their own language too; any other title stays as it was written.
"""

import re

from django.db import migrations, models

IMPORT_MESSAGE = "Import of %(name)s"
# "Import of %(name)s" as the en, fr, es and ar catalogs rendered it when this was written.
IMPORT_TITLES = [
    re.compile(r"^Import of (?P<name>.+)$", re.S),
    re.compile(r"^Import de (?P<name>.+)$", re.S),
    re.compile(r"^Importación de (?P<name>.+)$", re.S),
    re.compile(r"^استيراد (?P<name>.+)$", re.S),
]
PERIODIC_MESSAGES = {
    "periodic.reports-expire": "Delete expired reports of abuse",
    "periodic.audit-checkpoint": "Witness the audit log's head outside the database",
}


def read_titles_back(apps, schema_editor):
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(title_message="").iterator():
        if job.kind == "incidents.import_mmp":
            match = next((m for p in IMPORT_TITLES if (m := p.match(job.title))), None)
            if match is None:
                continue
            job.title_message, job.title_params = IMPORT_MESSAGE, {"name": match["name"]}
        elif job.kind in PERIODIC_MESSAGES:
            job.title_message, job.title_params = PERIODIC_MESSAGES[job.kind], {}
        else:
            continue
        job.save(update_fields=["title_message", "title_params"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_periodic_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="title_message",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="job",
            name="title_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(read_titles_back, migrations.RunPython.noop),
    ]
