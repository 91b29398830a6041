import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("checkin", "0003_repair_scan_times")]

    operations = [
        migrations.AddConstraint(
            model_name="scan",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("scanned_at__gte", datetime.datetime(2000, 1, 1, 0, 0, tzinfo=datetime.UTC)),
                    ("scanned_at__lt", datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC)),
                ),
                name="scan_time_in_range",
            ),
        ),
    ]
