"""The image, checked by reading it (no engine runs here): pins, layer order, port, user, lock,
and the entry point's check of the folders a command writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
INSTRUCTIONS = [line.strip() for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def index_of(pattern: str) -> int:
    return next(i for i, line in enumerate(INSTRUCTIONS) if re.search(pattern, line))


def test_base_image_is_pinned_to_a_patch_release() -> None:
    assert re.fullmatch(r"FROM python:3\.11\.\d+-slim-bookworm", INSTRUCTIONS[index_of(r"^FROM ")])


def test_lock_is_installed_before_the_source_is_copied() -> None:
    assert index_of(r"^RUN pip install .*-r requirements\.lock") < index_of(r"^COPY src ")


def test_package_install_adds_nothing_outside_the_lock() -> None:
    assert "--no-deps" in INSTRUCTIONS[index_of(r"^RUN pip install .*\.( |$)")]


def test_every_line_of_the_lock_is_an_exact_pin() -> None:
    lines = [x for x in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
             if x.strip() and not x.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^ ]*", x) for x in lines)


def test_lock_satisfies_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]}"


def test_image_runs_as_a_non_root_user() -> None:
    assert INSTRUCTIONS[index_of(r"^USER ")].split()[1].split(":")[0] not in ("0", "root")


def test_the_web_port_is_exposed_and_listens_beyond_loopback() -> None:
    listen = re.search(r"MONITOR_WEB__LISTEN=([\d.]+):(\d+)", DOCKERFILE)
    assert listen is not None and listen.group(1) == "0.0.0.0"
    assert f"EXPOSE {listen.group(2)}" in INSTRUCTIONS


def test_entrypoint_is_the_checking_script() -> None:
    assert 'ENTRYPOINT ["monitor-entrypoint"]' in INSTRUCTIONS
    assert "COPY docker/entrypoint.sh /usr/local/bin/monitor-entrypoint" in INSTRUCTIONS


def test_dockerignore_keeps_what_the_build_copies() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for needed in ("requirements.lock", "docker/", "src/", "config/", "README.md", "pyproject.toml"):
        assert needed not in ignored and needed.rstrip("/") not in ignored


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder that another user can reach (pytest's own are private to us)."""
    with tempfile.TemporaryDirectory() as name:
        Path(name).chmod(0o755)
        yield Path(name)


@pytest.fixture
def stub_monitor(open_tmp: Path) -> dict[str, str]:
    """PATH with a `monitor` that prints its arguments, in place of the real one."""
    bin_dir = open_tmp / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "monitor"
    stub.write_text('#!/bin/sh\necho "monitor $*"\n')
    stub.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_entrypoint_hands_the_arguments_to_monitor(tmp_path: Path, stub_monitor: dict[str, str]) -> None:
    env = {**stub_monitor, "MONITOR_DATA_DIR": str(tmp_path), "MONITOR_REPORTS_DIR": str(tmp_path)}
    done = subprocess.run(["sh", str(ENTRYPOINT), "digest", "--date", "2025-03-25"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "monitor digest --date 2025-03-25\n"


def as_nobody() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: every folder is writable")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.parametrize("command", ["digest", "feed", "run"])
def test_entrypoint_refuses_a_reports_folder_it_cannot_write(
        open_tmp: Path, stub_monitor: dict[str, str], command: str) -> None:
    reports, data = open_tmp / "reports", open_tmp / "data"
    reports.mkdir()
    data.mkdir()
    reports.chmod(0o555)
    data.chmod(0o777)
    env = {**stub_monitor, "MONITOR_DATA_DIR": str(data), "MONITOR_REPORTS_DIR": str(reports)}
    done = subprocess.run([*as_nobody(), "sh", str(ENTRYPOINT), command], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert f"{reports}: not writable by uid" in done.stderr and "--user" in done.stderr


def test_entrypoint_is_executable_as_copied() -> None:
    assert ENTRYPOINT.stat().st_mode & 0o111 == 0o111
