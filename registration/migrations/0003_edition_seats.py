import django.db.models.deletion
from django.db import migrations, models


def record_current_capacity(apps, schema_editor):
    """Existing editions start from their capacity as it stands: nothing added yet."""
    Edition = apps.get_model("forum", "Edition")
    EditionSeats = apps.get_model("registration", "EditionSeats")
    EditionSeats.objects.bulk_create(
        EditionSeats(edition_id=pk, capacity=capacity)
        for pk, capacity in Edition.objects.values_list("pk", "capacity")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_edition_english_venue"),
        ("registration", "0002_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="EditionSeats",
            fields=[
                (
                    "edition",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="forum.edition",
                    ),
                ),
                ("capacity", models.PositiveIntegerField(verbose_name="số chỗ đã mời")),
            ],
            options={
                "verbose_name": "bản ghi chỗ đã mời từ danh sách chờ",
                "verbose_name_plural": "bản ghi chỗ đã mời từ danh sách chờ",
            },
        ),
        migrations.RunPython(record_current_capacity, migrations.RunPython.noop),
    ]
