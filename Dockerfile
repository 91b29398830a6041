# Forum production image: gunicorn serving Django, the same image runs the Celery worker and beat.
# Build: docker build -t forum-app .   Run the stack: docker compose up -d --build (docs/deploy.md)

# --- Front-end libraries from npm (served by Django staticfiles, never a CDN) ---------------------
FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- Application -----------------------------------------------------------------------------------
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/app/.venv/bin:$PATH \
    WEB_CONCURRENCY=3

# Pango + HarfBuzz for WeasyPrint (badges, certificates), Noto fonts as a fallback covering Vietnamese,
# gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-noto-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir --disable-pip-version-check uv==0.13.9

WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-cache

COPY --from=assets /build/node_modules ./node_modules
COPY . .

# Translations and static files are baked into the image. Production settings (DEBUG off) need a
# secret key to load; this one is random, exists only inside this RUN and is never stored in a layer.
RUN set -eu; \
    export DJANGO_DEBUG=0; \
    export DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
    python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; \
    python manage.py collectstatic --noinput -v 0

# Code stays root-owned and read-only for the app; only the private files directory is writable.
RUN groupadd --system --gid 10001 forum \
    && useradd --system --uid 10001 --gid forum --home-dir /app --no-create-home forum \
    && mkdir -p /data/private \
    && chown forum:forum /data/private
USER forum

ENV DJANGO_PRIVATE_ROOT=/data/private
EXPOSE 8000

# Workers come from WEB_CONCURRENCY (gunicorn reads it); /dev/shm keeps worker heartbeats off disk.
CMD ["gunicorn", "forum.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
