from django.contrib import admin

from showcase.models import Demo, Enterprise, Problem, Representative, TechnologyGroup


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Where organisers add an account as a representative of an enterprise already registered
    (the enterprise page refuses a second profile with the same tax code)."""

    list_display = ["name", "tax_code", "website"]
    search_fields = ["name", "name_en", "tax_code"]
    inlines = [RepresentativeInline]


@admin.register(TechnologyGroup)
class TechnologyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "edition"]
    list_filter = ["edition"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readable here, changed on the organiser pages, whose services keep the stations, stage
    slots, claims and verifications consistent."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "edition", "is_sample"]
    list_filter = ["edition"]


@admin.register(Demo)
class DemoAdmin(ReadOnlyAdmin):
    list_display = ["product", "enterprise", "problem", "status", "station"]
    list_filter = ["status", "edition"]
    search_fields = ["product", "enterprise__name"]
