from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubstitutionConfig(AppConfig):
    name = "cityorder.substitution"
    verbose_name = _("Import substitution")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from cityorder.order.signals import version_published
        from cityorder.substitution import catalog_counts, stored
        from cityorder.substitution.models import CatalogItem

        version_published.connect(stored.published_receiver, dispatch_uid="substitution-coverage-publication")
        pre_save.connect(catalog_counts.remember_origin, sender=CatalogItem, dispatch_uid="catalog-count-origin")
        post_save.connect(catalog_counts.saved, sender=CatalogItem, dispatch_uid="catalog-count-saved")
        post_delete.connect(catalog_counts.deleted, sender=CatalogItem, dispatch_uid="catalog-count-deleted")
