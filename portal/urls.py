from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api
from .health import healthz
from .views import privacy

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("privacy/", privacy, name="privacy"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("search/", include("search.urls")),
    path("", include("directory.referral_urls")),
    path("", include("directory.memo_urls")),
    path("opendata/", include("directory.export_urls")),
    path("", include("directory.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "directory.views.not_found"
handler500 = "portal.errors.server_error"
