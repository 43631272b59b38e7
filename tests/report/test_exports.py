"""The report package names its public API without importing it; every name must resolve."""

from __future__ import annotations

import pytest

import monitor.report


@pytest.mark.parametrize("name", monitor.report.__all__)
def test_public_name_resolves(name: str) -> None:
    assert getattr(monitor.report, name) is not None
