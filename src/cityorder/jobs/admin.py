from django.contrib import admin

from cityorder.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "done", "total", "attempts", "created_by", "created_at", "heartbeat_at")
    list_filter = ("kind", "status")
    readonly_fields = ("params", "task_id", "error", "heartbeat_at")
