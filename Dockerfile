# monitor: the daemon in a slim image. Build:  docker build -t monitor .
# Run:    see the README's "Docker" section (volumes, the user, the web port and its token).
#
# The base image is pinned to the Python the tests ran with (3.11.7) on Debian bookworm; bump
# it together with requirements.lock. Dependencies come from requirements.lock, installed
# before the source is copied: a code change rebuilds only the last layers.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# 1. Dependencies, exactly as locked (--no-deps: nothing outside the lock gets in).
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock

# 2. The user the daemon runs as, and the folders it writes.
RUN groupadd --system --gid 10001 monitor \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home monitor \
    && mkdir -p /data /reports \
    && chown monitor:monitor /data /reports

# 3. monitor itself (its dependencies are already there).
COPY pyproject.toml README.md ./
COPY src ./src
COPY config ./config
RUN pip install --no-deps . && rm -rf /app/src
COPY docker/entrypoint.sh /usr/local/bin/monitor-entrypoint

USER 10001:10001
# The database and reports live on volumes; the configuration is mounted at /app/config.
# MONITOR_WEB__LISTEN: the web workspace with /healthz and /metrics, on every interface of the
# container so that a published port reaches it; off loopback it requires MONITOR_WEB__TOKEN.
# MONITOR_HEALTH_LISTEN (empty: off) serves /healthz and /metrics alone, without a token.
ENV MONITOR_CONFIG=/app/config/monitor.toml \
    MONITOR_DATA_DIR=/data \
    MONITOR_REPORTS_DIR=/reports \
    MONITOR_LOG_FORMAT=json \
    MONITOR_WEB__LISTEN=0.0.0.0:8080
EXPOSE 8080
VOLUME ["/data", "/reports"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["monitor", "health"]
ENTRYPOINT ["monitor-entrypoint"]
CMD ["run"]
