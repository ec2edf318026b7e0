from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("soudan/", views.category_index, name="categories"),
    # Before soudan/<category>/: zenkoku is the national scope, not a category.
    path("soudan/zenkoku/", views.national_index, name="national"),
    path("soudan/zenkoku/<int:pk>/", views.national_window, name="national_window"),
    path("soudan/<slug:category>/", views.category_index, name="category"),
    path("<slug:city>/soudan/", views.city_directory, name="city"),
    path("<slug:city>/soudan/<int:pk>/", views.window_detail, name="window"),
    # Before <slug:category>: 「ichiran」 is the staff table, not a category.
    path("<slug:city>/soudan/ichiran/", views.staff_table, name="staff"),
    path("<slug:city>/soudan/<slug:category>/", views.city_directory, name="city_category"),
]
