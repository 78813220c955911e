from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "cityorder.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from cityorder.web import search_index

        # A migration that alters an indexed model's table on SQLite remakes it and loses the index's triggers.
        # The signal is sent once per app with models after every migrate; web has none, demand has the lines.
        post_migrate.connect(search_index.ensure, sender=apps.get_app_config("demand"),
                             dispatch_uid="cityorder.web.search_index")
