"""The awards in the admin: readable; changed on the organiser pages, where the services keep
the rubric locks, conflicts, assignments, the audit and the emails right."""

from django.contrib import admin

from awards.models import (
    Assignment,
    Award,
    AwardLog,
    Category,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    Round,
    ScoreChange,
    ScoreSheet,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ["name", "edition", "submission_closes_at", "results_published_at"]


@admin.register(Category)
class CategoryAdmin(ReadOnly):
    list_display = ["name", "code", "award", "small_firms_only", "position"]
    list_filter = ["award"]


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["name", "kind", "award", "position", "opens_at", "closes_at"]
    list_filter = ["award", "kind"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnly):
    list_display = ["name", "round", "weight", "max_score", "required", "independent"]
    list_filter = ["round"]


@admin.register(Judge)
class JudgeAdmin(ReadOnly):
    list_display = ["full_name", "title", "organisation", "award"]
    search_fields = ["full_name", "organisation"]


@admin.register(Nomination)
class NominationAdmin(ReadOnly):
    list_display = ["product_name", "company_name", "category", "status", "eligibility", "tier"]
    list_filter = ["status", "eligibility", "tier", "category"]
    search_fields = ["product_key", "company_key", "tax_code"]


@admin.register(Conflict)
class ConflictAdmin(ReadOnly):
    list_display = ["judge", "nomination", "source", "created_at"]
    list_filter = ["source"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["judge", "entry", "source", "created_at"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnly):
    list_display = ["judge", "entry", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnly):
    list_display = ["at", "sheet", "action", "criterion", "old_value", "new_value", "actor"]
    list_filter = ["action"]


@admin.register(AwardLog)
class AwardLogAdmin(ReadOnly):
    list_display = ["at", "action", "nomination", "actor"]
    list_filter = ["action"]
