from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrderConfig(AppConfig):
    name = "cityorder.order"
    verbose_name = _("City order")
    default_auto_field = "django.db.models.BigAutoField"
