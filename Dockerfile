# syntax=docker/dockerfile:1
# Stage 1: build the wheel of the project and of everything it depends on.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY models ./models
COPY scheduler ./scheduler
COPY migrations ./migrations
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Stage 2: a slim runtime with a non-root user; migrations run, then the bot.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db
RUN useradd --create-home --uid 10001 bot && mkdir -p /app/data && chown bot:bot /app/data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
USER bot
VOLUME ["/app/data"]
EXPOSE 8080
CMD ["sh", "-c", "python -m bot migrate && exec python -m bot run"]
