from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubstitutionConfig(AppConfig):
    name = "cityorder.substitution"
    verbose_name = _("Import substitution")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityorder.order.signals import version_published
        from cityorder.substitution import stored

        version_published.connect(stored.published_receiver, dispatch_uid="substitution-coverage-publication")
