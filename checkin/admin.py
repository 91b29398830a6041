from django.contrib import admin

from checkin.models import Gate, Scan, ScannerDevice


@admin.register(Gate)
class GateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active", "edition"]
    list_filter = ["kind", "is_active", "edition"]


@admin.register(ScannerDevice)
class ScannerDeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "gate", "language", "paired_at", "last_seen_at", "revoked_at"]
    list_filter = ["gate"]
    # Devices are paired and revoked on the organiser pages, where the token rules apply.
    readonly_fields = ["token_hash", "pairing_code_hash", "pairing_expires_at", "paired_at"]


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    """Scans are evidence: readable here, never edited."""

    list_display = ["received_at", "scanned_at", "result", "is_first_entry", "gate", "offline"]
    list_filter = ["result", "is_first_entry", "offline", "gate"]
    raw_id_fields = ["registration", "badge_code", "device", "staff", "gate"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
