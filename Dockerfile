# syntax=docker/dockerfile:1
# Stage 1: wheels of the exact versions in requirements.lock (hash-checked), then the project.
FROM python:3.11-slim AS build
WORKDIR /src
COPY requirements.lock ./
RUN pip wheel --no-cache-dir --require-hashes --wheel-dir /wheels -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY scheduler ./scheduler
COPY migrations ./migrations
COPY texts ./texts
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# Stage 2: a slim runtime. The wheels are bind-mounted for the one install step, so they
# never become a layer. The entrypoint makes /app/data usable for the bot user (uid 10001)
# and drops root; `python -m bot run` applies migrations itself, then serves.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOME=/home/bot \
    DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db \
    HEALTH_PORT=8080
RUN useradd --create-home --uid 10001 --user-group bot \
    && mkdir -p /app/data && chown bot:bot /app/data && chmod 700 /app/data
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels kuzbass-council-bot
COPY --chmod=755 deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint
WORKDIR /app
VOLUME ["/app/data"]
EXPOSE 8080
# Liveness (/healthz: the process and its database), on WEBHOOK_PORT in webhook mode and on
# HEALTH_PORT in polling mode.
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["python", "-c", \
    "import os, urllib.request as u; e = os.environ.get; p = e('WEBHOOK_PORT', '8080') if e('RUN_MODE', 'polling') == 'webhook' else e('HEALTH_PORT', '8080'); u.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=5)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["docker-entrypoint"]
CMD ["python", "-m", "bot", "run"]
