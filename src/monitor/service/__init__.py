"""Running as a service: the daemon, its schedule, health and metrics, and structured logs.
"""

from monitor._lazy import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "DIGEST_JOB": "schedule",
    "Daemon": "daemon",
    "HealthServer": "health",
    "Metrics": "health",
    "Runtime": "daemon",
    "build_scheduler": "schedule",
    "daemon_lock": "daemon",
    "digest_trigger": "schedule",
    "load_runtime": "daemon",
    "lock_holder": "daemon",
    "setup_logging": "logs",
    "source_job_id": "schedule",
    "source_trigger": "schedule",
    "sync_source_jobs": "schedule",
})
