"""The blind index of names and places (``tracing/search.py``), built for the records
already stored; and the candidates' scores, computed again from their evidence on the
scale of their kind (``tracing/scores.py``) instead of the engine's shared probability.

Both read sealed values of the rows as they are stored (``protection.fields.unseal``),
the only way a migration can: its models have the columns, not the properties that open
them. A value that does not open where it is (moved or altered) is left out, as a page
would refuse to show it; ``waypost tracing reindex`` does the same work again later.
"""

import json

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000
KINDS = (
    ("missingpersonreport", "report"),
    ("foundperson", "found_person"),
    ("unidentifiedremains", "remains"),
)


def _open(label, organisation_id, seal_id, ciphertext):
    from waypost.protection.fields import Place, SealBroken, unseal

    if not ciphertext:
        return b""
    try:
        return unseal(Place(label, organisation_id, seal_id), bytes(ciphertext))
    except SealBroken:
        return None


def build_search_keys(apps, schema_editor):
    from waypost.tracing import search

    search_key = apps.get_model("tracing", "SearchKey")
    hide = None
    for model_name, link in KINDS:
        model = apps.get_model("tracing", model_name)
        rows = []
        for record in model.objects.all().iterator(chunk_size=BATCH):
            values = {
                field: _open(
                    f"tracing.{model_name}.{field}_sealed",
                    record.organisation_id,
                    record.seal_id,
                    getattr(record, f"{field}_sealed"),
                )
                for field in search.FIELDS
            }
            if any(value is None for value in values.values()):
                continue
            hide = hide or search.hiders()
            clear = {field: value.decode("utf-8") for field, value in values.items()}
            rows.extend(
                search_key(**{f"{link}_id": record.pk}, field=field, part=part, digest=digest)
                for field, part, digest in search.entries(clear, hide)
            )
            if len(rows) >= BATCH:
                search_key.objects.bulk_create(rows)
                rows = []
        search_key.objects.bulk_create(rows)


def rescore_candidates(apps, schema_editor):
    from waypost.tracing import scores

    candidate_model = apps.get_model("tracing", "Candidate")
    changed = []
    for candidate in candidate_model.objects.select_related("report").iterator(chunk_size=BATCH):
        evidence = _open(
            "tracing.candidate.evidence_sealed",
            candidate.report.organisation_id,
            candidate.seal_id,
            candidate.evidence_sealed,
        )
        if not evidence:
            continue  # kept before its evidence was: the stored score stays
        kind = scores.FOUND_PERSON if candidate.found_person_id else scores.REMAINS
        candidate.score = scores.assess(kind, json.loads(evidence)).probability
        changed.append(candidate)
        if len(changed) >= BATCH:
            candidate_model.objects.bulk_update(changed, ["score"])
            changed = []
    candidate_model.objects.bulk_update(changed, ["score"])


class Migration(migrations.Migration):

    dependencies = [
        ('tracing', '0007_seal_ids_bind_values_to_rows'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=5)),
                ('part', models.PositiveSmallIntegerField()),
                ('digest', models.CharField(max_length=64)),
                ('found_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracing.foundperson')),
                ('remains', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracing.unidentifiedremains')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tracing.missingpersonreport')),
            ],
            options={
                'indexes': [models.Index(fields=['digest'], name='tracing_search_digest')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('found_person__isnull', True), ('remains__isnull', True), ('report__isnull', False)), models.Q(('found_person__isnull', False), ('remains__isnull', True), ('report__isnull', True)), models.Q(('found_person__isnull', True), ('remains__isnull', False), ('report__isnull', True)), _connector='OR'), name='search_key_one_record')],
            },
        ),
        migrations.RunPython(build_search_keys, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(rescore_candidates, migrations.RunPython.noop, elidable=False),
    ]
