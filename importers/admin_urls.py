"""The import pages of the admin (upload, jobs, review queue), included by `importers.wagtail_hooks` by name.

Wagtail imports every ``wagtail_hooks`` module in ``django.setup()``, management commands included; naming this
module in `include` loads the views (and the import chain behind them) only when the admin's URLs are built.
"""

from django.urls import path

from . import views

app_name = "importers_admin"

urlpatterns = [
    path("", views.review_view, name="review"),
    path("upload/", views.upload_view, name="upload"),
    path("jobs/<str:job_id>/", views.job_view, name="job"),
    path("jobs/<str:job_id>/status/", views.job_status_view, name="job_status"),
    path("reviewed/<str:kind>/<int:pk>/", views.mark_reviewed_view, name="reviewed"),
    path("submit/", views.submit_for_moderation_view, name="submit"),
]
