"""Time `monitor reclassify` over a large database, with its progress shown as it runs.

    .venv/bin/python bench/bench_reclassify.py [--articles 100000] [--keep DIR]

Builds a temporary database of ``--articles`` stored articles (copies of a few district news
stories written for this benchmark, each copy made distinct by its number; partnership
announcements and other news mixed about one to three), classified with an older rules version,
then runs the real command, ``monitor reclassify``, as a user would, with its progress lines
passed through. Prints the time to build the database (apart), the time of the reclassify run
(target: 100,000 articles in under 10 minutes) and its rate. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from monitor.models import Article, Classification  # noqa: E402
from monitor.store.sqlite import Store  # noqa: E402

__all__ = ["main"]

# Invented stories in the shape of district news: (title, lede, paragraphs).
_STORIES: list[tuple[str, str, list[str]]] = [
    ("Eastlake University and Minhang sign AI pact",
     "Minhang District signed a strategic cooperation agreement with Eastlake University on "
     "Monday to build a joint artificial intelligence laboratory.",
     ["The laboratory will open in the district's science park next spring and train about 200 "
      "engineers a year.",
      "Under the agreement, the university will send researchers to work with local companies "
      "on large models and robotics.",
      "Officials said the district has set aside land and funds for the project."]),
    ("Twenty projects inked at Jiading investment fair",
     "Twenty projects with a total investment of 12 billion yuan were signed at an investment "
     "fair in Jiading District on Friday.",
     ["The projects cover new energy vehicles, integrated circuits and biomedicine.",
      "Harbor Robotics Group and Blue River Motor Co are among the investors.",
      "The district expects the projects to start production within two years."]),
    ("Baoshan joins hands with Harbor Steel on new materials",
     "Baoshan District joined hands with Harbor Steel Group on Tuesday to develop new materials "
     "for the aerospace industry.",
     ["The two sides will set up a research center in the district.",
      "Harbor Steel Group will move part of its research staff to Baoshan this year.",
      "Local officials said more companies are expected to follow."]),
    ("Riverside park reopens after renovation",
     "A riverside park in Putuo District reopened on Saturday after a year of renovation work.",
     ["The park has new running tracks, a children's playground and a lawn for picnics.",
      "Residents can visit from 6am to 9pm every day.",
      "The district plans to renovate two more parks next year."]),
    ("Delegation from Eastlake University visits Yangpu",
     "A delegation from Eastlake University visited Yangpu District on Wednesday and discussed "
     "prospects for cooperation in education.",
     ["The visitors toured a technology incubator and a vocational school.",
      "Both sides said they hoped to deepen exchanges in the future.",
      "No agreement was signed during the visit."]),
    ("Qingpu hosts water town culture festival",
     "The annual water town culture festival opened in Qingpu District on Sunday with boat "
     "parades, folk music and food stalls.",
     ["About 30,000 visitors are expected over the festival's ten days.",
      "Performers from across the Yangtze River Delta will take part.",
      "The festival runs until the end of the month."]),
    ("Songjiang releases plan for smart manufacturing",
     "Songjiang District released a three-year action plan on Thursday to attract smart "
     "manufacturing companies.",
     ["The plan offers rent subsidies and talent housing to qualified firms.",
      "The district aims to double its industrial output by 2030.",
      "Officials will review progress every six months."]),
    ("New metro line to serve Fengxian by year end",
     "A new metro line linking Fengxian District with downtown Shanghai will open by the end of "
     "the year, the transport authority said.",
     ["The line has 12 stations and will cut travel time to the city center to 40 minutes.",
      "Test runs began last month.",
      "Bus routes will be adjusted to connect with the new stations."]),
]


def _article(number: int) -> Article:
    title, lede, body = _STORIES[number % len(_STORIES)]
    return Article(url=f"https://district-news.example/story/{number:07d}/",
                   title=f"{title} ({number})", lede=lede,
                   body=[*body, f"This is copy number {number} of the benchmark story."],
                   date=None)


def _build(db_path: Path, count: int) -> float:
    """Store ``count`` articles, each with a verdict of an older rules version; seconds taken."""
    started = time.perf_counter()
    stale = Classification(partnership=False, score=0.0, version="benchmark rules 0")
    with Store.open(db_path) as store:
        for number in range(count):
            store.save_article(_article(number), classification=stale)
            if (number + 1) % 20000 == 0:
                print(f"  stored {number + 1}/{count}", file=sys.stderr)
    return time.perf_counter() - started


def _reclassify(db_path: Path) -> float:
    """Run `monitor reclassify` on the database, its progress lines passed through; seconds."""
    monitor = Path(sys.executable).parent / "monitor"
    command = [str(monitor) if monitor.exists() else "monitor", "reclassify", "--db", str(db_path)]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - started
    summary = done.stdout.splitlines()[:1]
    print("  " + (summary[0] if summary else f"(no summary; exit status {done.returncode})"))
    if done.returncode != 0:
        raise SystemExit(f"bench_reclassify: reclassify exited {done.returncode}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to store")
    parser.add_argument("--keep", type=Path, help="build the database in DIR and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db_path = folder / "reclassify-bench.db"
        print(f"building {args.articles:,} stored articles ...", file=sys.stderr)
        built = _build(db_path, args.articles)
        print(f"database built in {built:.0f} s (not part of the figure)")
        print("monitor reclassify (progress on stderr):")
        seconds = _reclassify(db_path)
    rate = args.articles / seconds if seconds else 0.0
    print(f"reclassify of {args.articles:,} articles: {seconds:.0f} s ({seconds / 60:.1f} min), "
          f"{rate:,.0f} articles/s (target: 100,000 in under 10 minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
