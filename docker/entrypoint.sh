#!/bin/sh
# The image's entry point: before a command that writes, check that the folders it writes to
# are writable by the user the container runs as, and say how to fix it if not; then run
# `monitor` with the container's arguments.
#
# A bind mount (-v "$PWD/reports:/reports") keeps the host folder's owner and mode, so the
# image's user (uid 10001) usually cannot write to it; a named volume (-v monitor-data:/data)
# starts as the image's folder and is writable.
set -eu

check_writable() {
  dir="$1"
  what="$2"
  if [ -d "$dir" ] && [ ! -w "$dir" ]; then
    echo "monitor: $dir: not writable by uid $(id -u) (the container's user), so $what cannot be written." >&2
    echo "  Run the container as the folder's owner: docker run --user \"\$(id -u):\$(id -g)\" ..." >&2
    echo "  or give the folder to the image's user: sudo chown -R 10001:10001 <host folder>" >&2
    exit 2
  fi
}

data_dir="${MONITOR_DATA_DIR:-/data}"
reports_dir="${MONITOR_REPORTS_DIR:-/reports}"
case "${1:-}" in
  run)
    check_writable "$data_dir" "the database"
    check_writable "$reports_dir" "the digests and the feed" ;;
  digest|feed)
    check_writable "$reports_dir" "the digests and the feed" ;;
  replay|crawl|import-text|reclassify)
    check_writable "$data_dir" "the database" ;;
esac
exec monitor "$@"
