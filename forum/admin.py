from django.contrib import admin

from forum.models import Edition


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """The registration app registers a subclass in its place (registration/admin.py), whose save
    gives seats added to the waiting list: forum cannot import registration."""

    list_display = ["name", "starts_at", "venue", "capacity", "registration_mode", "is_current"]
    list_filter = ["registration_mode", "is_current"]
    search_fields = ["name", "name_en", "venue"]
    prepopulated_fields = {"slug": ["name"]}
