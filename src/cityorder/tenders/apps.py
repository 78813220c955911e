from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TendersConfig(AppConfig):
    name = "cityorder.tenders"
    verbose_name = _("Offset tenders")
    default_auto_field = "django.db.models.BigAutoField"
