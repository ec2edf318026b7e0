from django.urls import path

from . import memo

urlpatterns = [
    path("memo/", memo.memo_view, name="memo"),
]
