"""Per-host politeness shared by every worker of a cluster, kept in the PostgreSQL store.

A run's fetcher spaces its own requests (crawl/fetch.py), but two workers running two sources
of one host, or one source whose articles live on another host than its first URL, would each
keep the limits alone and together exceed them. So a worker's fetchers also ask this pacer:

- **concurrency**: a request holds one of the host's ``concurrency`` slots, a session-level
  advisory lock ``(hash of schema and host, slot number)``. A worker killed with SIGKILL loses
  its connection, and PostgreSQL releases its slots with it: nothing to clean up.
- **delay**: one row per host in ``_host_pacing`` holds the next moment a request may start.
  Taking a turn is one upsert that moves it on by ``delay`` and returns how long to wait, so
  concurrent callers queue up in turn order, on the database's clock (machines' clocks may
  differ).

One connection per worker process serves all its runs; the slots it holds are remembered here
because advisory locks are re-entrant within a session, and at most ``concurrency`` of its
requests to one host look for a free slot at once (the others wait in the process, not on the
database).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

__all__ = ["NOTICE_LOST_PEERS", "PACING_TABLE", "SharedHostPacer", "create_pacing_table"]

PACING_TABLE = "_host_pacing"  # a leading "_": not a data table, `monitor migrate` leaves it
_POLL_SECONDS = 0.01  # how often a request waiting for a free slot looks again

_CREATE = f"""create table if not exists {PACING_TABLE} (
    host text primary key, next_at timestamptz not null)"""
_TAKE_TURN = f"""
insert into {PACING_TABLE} as p (host, next_at)
    values (%(host)s, clock_timestamp() + make_interval(secs => %(delay)s))
on conflict (host) do update
    set next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => %(delay)s)
returning greatest(0, extract(epoch from p.next_at - clock_timestamp()) - %(delay)s)::float8"""
_SLOT_KEY = "hashtext(current_schema() || ' ' || %(host)s)"
# A session's locks last as long as the server believes its client is there. A killed process's
# socket closes at once; a machine that is lost sends nothing, so ask the server to probe an idle
# connection after 10 s and give up after three missed probes 5 s apart.
NOTICE_LOST_PEERS = ("set tcp_keepalives_idle = 10; set tcp_keepalives_interval = 5; "
                     "set tcp_keepalives_count = 3")


def create_pacing_table(conn: psycopg.Connection[Any]) -> None:
    """Create the pacing table if it is missing (worker start-up, under the queue's lock)."""
    conn.execute(_CREATE)


class SharedHostPacer:
    """Cluster-wide slots and turns per host; connects on first use, in the worker's loop."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.AsyncConnection[tuple[Any, ...]] | None = None
        self._connecting = asyncio.Lock()
        self._held: dict[str, set[int]] = {}
        self._local: dict[str, asyncio.Semaphore] = {}

    async def _connection(self) -> psycopg.AsyncConnection[tuple[Any, ...]]:
        async with self._connecting:
            if self._conn is None or self._conn.closed:
                import psycopg

                self._conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
                await self._conn.execute(NOTICE_LOST_PEERS)
            return self._conn

    async def turn(self, host: str, delay: float) -> None:
        """Wait for this host's next turn, ``delay`` seconds after the one before, cluster-wide."""
        if delay <= 0:
            return
        conn = await self._connection()
        row = await (await conn.execute(_TAKE_TURN, {"host": host, "delay": delay})).fetchone()
        wait = float(row[0]) if row else 0.0
        if wait > 0:
            await asyncio.sleep(wait)

    @contextlib.asynccontextmanager
    async def slot(self, host: str, concurrency: int) -> AsyncIterator[None]:
        """Hold one of the host's ``concurrency`` slots while a request runs."""
        local = self._local.setdefault(host, asyncio.Semaphore(concurrency))
        async with local:
            number = await self._acquire(host, concurrency)
            try:
                yield
            finally:
                await self._release(host, number)

    async def _acquire(self, host: str, concurrency: int) -> int:
        conn = await self._connection()
        held = self._held.setdefault(host, set())
        while True:
            for number in range(concurrency):
                if number in held:
                    continue
                held.add(number)  # claimed before the await: no other task of ours tries it
                got = False
                try:
                    cursor = await conn.execute(f"select pg_try_advisory_lock({_SLOT_KEY}, %(n)s)",
                                                {"host": host, "n": number})
                    row = await cursor.fetchone()
                    got = bool(row and row[0])
                finally:
                    if not got:
                        held.discard(number)
                if got:
                    return number
            await asyncio.sleep(_POLL_SECONDS)

    async def _release(self, host: str, number: int) -> None:
        conn = await self._connection()
        try:
            await conn.execute(f"select pg_advisory_unlock({_SLOT_KEY}, %(n)s)",
                               {"host": host, "n": number})
        finally:
            self._held[host].discard(number)

    async def aclose(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None
