from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """PY_LOWER for demand.queries.NameKey: SQLite's own LOWER leaves Cyrillic as it is."""
    if connection.vendor == "sqlite":
        from cityorder.demand.queries import py_lower

        connection.connection.create_function("PY_LOWER", 1, py_lower, deterministic=True)


class DemandConfig(AppConfig):
    name = "cityorder.demand"
    verbose_name = _("Demand")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        connection_created.connect(_sqlite_functions, dispatch_uid="cityorder.demand.sqlite_functions")
