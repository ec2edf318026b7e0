"""Open-data URLs, included under `opendata/` by portal/urls.py."""

from django.urls import path

from . import export_views

app_name = "opendata"

urlpatterns = [
    path("hsds.json", export_views.all_hsds, name="hsds"),
    path("<slug:city>/windows.csv", export_views.windows_csv, name="windows_csv"),
    path("<slug:city>/hsds.json", export_views.city_hsds, name="city_hsds"),
]
