# Image for compose.yaml (operators who run containers). Not built on the development machines (no engine there).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=portal.settings.production
WORKDIR /srv/tsunagu
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))') \
    DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost \
    DEFAULT_FROM_EMAIL=x@localhost python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "-c", "gunicorn.conf.py"]
