from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cityorder.cooperation"
    verbose_name = _("Cooperation projects")
    default_auto_field = "django.db.models.BigAutoField"
