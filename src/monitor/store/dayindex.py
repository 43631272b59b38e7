"""The digest's day index: per article, the few values that decide where a day's digest lists
it, kept in a narrow table of their own so that a day of 100,000 articles is one short index walk.

A digest's first pass (report/gather.py) needs, for every article first stored on the day, its
id, the district list it is listed under (its own, else the classifier's) and its verdict as a
reader would see it (tagged, reviewed, why it may need a check, its score). Read from articles,
classifications and reviews, that is two index probes per article, two thirds of the pass on a
big day. ``digest_index`` holds them ready, one row per article:

  article_id     the article
  first_seen_at  when it was first stored (the digest's day is a range of this)
  districts      the district list it is listed under: articles.districts, else the verdict's
  flags          TAGGED + REASONS + REVIEWED + CLASSIFIED (below), as the reviewed verdict says
  score          the classifier's score, for the near-threshold test (its margin is configured)

The table is derived, like the full-text index: triggers on articles, classifications and
reviews rewrite an article's row whenever any of those changes, whoever writes (the crawl, the
workers, reclassify, the workspace, a tool writing SQL), so it cannot fall out of step. It is not
copied between databases (the target's triggers build it); its migration builds it from what is
already stored.
One statement computes a row, from the same ``WINNING`` expressions as every report.
"""

from __future__ import annotations

from sqlite_utils import Database

from monitor.store.reviews import WINNING
from monitor.store.search import FROM_ARTICLES

__all__ = ["CLASSIFIED", "POSTGRES_SQL", "REASONS", "REVIEWED", "TABLE", "TAGGED",
           "create_sqlite", "row_sql"]

TABLE = "digest_index"
TAGGED, REASONS, REVIEWED, CLASSIFIED = 1, 2, 4, 8

# The district list an article is listed under: its own, else the classifier's. Kept as the
# stored JSON text (never parsed here, so no row can make a write fail); the digest reads its
# first name, decoding each distinct list once.
_DISTRICTS = ("CASE WHEN a.districts IS NULL OR a.districts IN ('', '[]') THEN c.districts "
              "ELSE a.districts END")
_PARTNERSHIP = WINNING["partnership"]
_FLAGS = (f"CASE WHEN coalesce({_PARTNERSHIP}, 0) <> 0 THEN {TAGGED} ELSE 0 END"
          f" + CASE WHEN c.check_reasons NOT IN ('', '[]') THEN {REASONS} ELSE 0 END"
          f" + CASE WHEN {WINNING['reviewed']} THEN {REVIEWED} ELSE 0 END"
          f" + CASE WHEN {_PARTNERSHIP} IS NOT NULL THEN {CLASSIFIED} ELSE 0 END")
_COLUMNS = "article_id, first_seen_at, districts, flags, score"


def row_sql(article_id: str) -> str:
    """The index rows of the articles ``article_id`` (an SQL expression) selects; with
    ``article_id`` a column of ``a`` itself (``a.id``), every article's."""
    where = "" if article_id == "a.id" else f" WHERE a.id = {article_id}"
    return (f"SELECT a.id, a.first_seen_at, {_DISTRICTS}, {_FLAGS}, c.score "
            f"{FROM_ARTICLES}{where}")


def _sqlite_refresh(article_id: str) -> str:
    return f"INSERT OR REPLACE INTO {TABLE} ({_COLUMNS}) {row_sql(article_id)};"


def create_sqlite(db: Database) -> None:
    """Migration m007 on SQLite: the table, keyed in the digest's order (so it is its own
    covering index and a write touches one B-tree), the triggers, and the rows of every article
    already stored."""
    db.execute(f"CREATE TABLE {TABLE} (first_seen_at TEXT NOT NULL, article_id TEXT NOT NULL, "
               "districts TEXT, flags INTEGER NOT NULL, score REAL, "
               "PRIMARY KEY (first_seen_at, article_id)) WITHOUT ROWID")
    forget_old = f"DELETE FROM {TABLE} WHERE first_seen_at = OLD.first_seen_at AND article_id = OLD.id;"
    triggers = {
        "article_in": ("AFTER INSERT ON articles", _sqlite_refresh("NEW.id")),
        "article_up": ("AFTER UPDATE OF id, first_seen_at, districts ON articles",
                       _sqlite_refresh("NEW.id")),
        "article_moved": ("AFTER UPDATE OF id, first_seen_at ON articles WHEN OLD.id IS NOT NEW.id "
                          "OR OLD.first_seen_at IS NOT NEW.first_seen_at", forget_old),
        "article_del": ("AFTER DELETE ON articles", forget_old),
    }
    for table in ("classifications", "reviews"):
        triggers |= {
            f"{table}_in": (f"AFTER INSERT ON {table}", _sqlite_refresh("NEW.article_id")),
            f"{table}_up": (f"AFTER UPDATE ON {table}", _sqlite_refresh("NEW.article_id")),
            f"{table}_moved": (f"AFTER UPDATE OF article_id ON {table} "
                               "WHEN OLD.article_id IS NOT NEW.article_id",
                               _sqlite_refresh("OLD.article_id")),
            f"{table}_del": (f"AFTER DELETE ON {table}", _sqlite_refresh("OLD.article_id")),
        }
    for name, (when, body) in triggers.items():
        db.execute(f"CREATE TRIGGER {TABLE}_{name} {when} BEGIN {body} END")
    db.execute(f"INSERT INTO {TABLE} ({_COLUMNS}) {row_sql('a.id')}")


# PostgreSQL: one function writes an article's row (an upsert, so two transactions writing the
# same article never collide on the key), and row triggers call it. PL/pgSQL rather than SQL,
# because it keeps the statement's plan for the session instead of planning it on every call.
# ``row_sql`` is SQLite's spelling; its only parameter here is the function's argument, so it
# runs unchanged. The triggers fire when the writing transaction commits, after every other lock
# it takes: a save (article, then verdict) and a reclassify batch (verdicts) never hold one
# article's index row while waiting for the other's verdict row, so they cannot deadlock; and
# each refresh reads the rows as the transaction leaves them. The index holds only the day's
# order: a B-tree entry here is capped at about 2.7 kB, and a district list written by hand
# could be longer (the table itself has no cap).
POSTGRES_SQL = f"""
create table {TABLE} (article_id text primary key, first_seen_at text not null,
    districts text, flags integer not null, score double precision);
create index idx_{TABLE}_day on {TABLE} (first_seen_at, article_id);
create function {TABLE}_refresh(target text) returns void language plpgsql as $fn$
begin
  insert into {TABLE} ({_COLUMNS}) {row_sql('target')}
  on conflict (article_id) do update set first_seen_at = excluded.first_seen_at,
    districts = excluded.districts, flags = excluded.flags, score = excluded.score;
end $fn$;
create function {TABLE}_of_article() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.id <> new.id) then
    delete from {TABLE} where article_id = old.id;
  end if;
  if tg_op <> 'DELETE' then
    perform {TABLE}_refresh(new.id);
  end if;
  return null;
end $fn$;
create function {TABLE}_of_verdict() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.article_id is distinct from new.article_id) then
    perform {TABLE}_refresh(old.article_id);
  end if;
  if tg_op <> 'DELETE' then
    perform {TABLE}_refresh(new.article_id);
  end if;
  return null;
end $fn$;
create constraint trigger {TABLE}_article
  after insert or delete or update of id, first_seen_at, districts on articles
  deferrable initially deferred for each row execute function {TABLE}_of_article();
create constraint trigger {TABLE}_classification
  after insert or update or delete on classifications
  deferrable initially deferred for each row execute function {TABLE}_of_verdict();
create constraint trigger {TABLE}_review after insert or update or delete on reviews
  deferrable initially deferred for each row execute function {TABLE}_of_verdict();
insert into {TABLE} ({_COLUMNS}) {row_sql('a.id')};
"""
