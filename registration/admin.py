from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forum.admin import EditionAdmin as BaseEditionAdmin
from forum.models import Edition
from registration.models import AuditLog, InvitationBatch, InvitationCode, Registration, User
from registration.services.registrations import edition_save

# The edition's seats are this app's to keep: its admin saves through the service that gives
# seats added (a capacity raised, a switch to open mode) to the head of the waiting list.
admin.site.unregister(Edition)


@admin.register(Edition)
class EditionAdmin(BaseEditionAdmin):
    def save_model(self, request, obj, form, change):
        promoted = edition_save(edition=obj, actor=request.user)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d đại biểu ở đầu danh sách chờ được mời vào chỗ mới (đã gửi email).",
                    "%(count)d đại biểu ở đầu danh sách chờ được mời vào chỗ mới (đã gửi email).",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Thông tin"), {"fields": ("full_name", "language")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Readable here, changed only on the organiser pages: every change of a registration goes
    through the services, which keep the seats, the waiting list, the badge code, the derived
    search and sort keys, the emails and the audit log right."""

    list_display = [
        "full_name",
        "organisation",
        "delegate_type",
        "province",
        "status",
        "waitlist_position",
        "created_at",
    ]
    list_filter = ["status", "delegate_type", "source", "edition"]
    search_fields = ["search_key", "email"]
    ordering = ["sort_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvitationCodeInline(admin.TabularInline):
    model = InvitationCode
    extra = 0


@admin.register(InvitationBatch)
class InvitationBatchAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "edition", "bypass_capacity", "created_at"]
    inlines = [InvitationCodeInline]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "registration", "actor"]
    list_filter = ["action"]
    readonly_fields = ["at", "action", "registration", "actor", "detail"]
