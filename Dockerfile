# monitor: the daemon in a slim image. Build:  docker build -t monitor .
# Run:    docker run -d -v monitor-data:/data -v ./reports:/reports -v ./config:/app/config:ro monitor
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY config ./config
RUN pip install --no-cache-dir '.[postgres]' \
    && groupadd --system --gid 10001 monitor \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home monitor \
    && mkdir -p /data /reports \
    && chown monitor:monitor /data /reports

USER 10001:10001
# The database and reports live on volumes; the configuration is mounted at /app/config.
ENV MONITOR_CONFIG=/app/config/monitor.toml \
    MONITOR_DATA_DIR=/data \
    MONITOR_REPORTS_DIR=/reports \
    MONITOR_LOG_FORMAT=json
VOLUME ["/data", "/reports"]

HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["monitor", "health"]
ENTRYPOINT ["monitor"]
CMD ["run"]
