"""Public つなぐシート URLs: the forms page per city and stable download URLs that serve the approved version."""

from django.urls import path

from . import referral_views as views

app_name = "referral"

urlpatterns = [
    path("tsunagu-sheet/", views.all_cities, name="all"),
    path("<slug:city>/tsunagu-sheet/", views.forms_index, name="index"),
    path("<slug:city>/tsunagu-sheet/<slug:slug>/<str:fmt>/", views.download, name="download"),
    path(
        "<slug:city>/tsunagu-sheet/<slug:slug>/versions/<int:revision_id>/<str:fmt>/",
        views.download_version,
        name="download_version",
    ),
]
