from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the product: the production server, backups and their restore. No models of its own."""

    name = "cityorder.operations"
    verbose_name = _("Operations")
