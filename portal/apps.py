from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "つなぐ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import purge

        purge.connect()
