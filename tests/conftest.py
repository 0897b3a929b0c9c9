"""Test-wide set-up: Qt offscreen before any Qt import, user data in a temp folder, and no
network: creating an internet socket fails the test, which proves the app never connects."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Under emulation (the arm64 root of build_scripts/test_arm64_qemu.sh runs on qemu-user) every
# test runs many times slower. NIANBAO_TEST_SLOWDOWN=N multiplies each pytest-timeout limit by N
# and drops hypothesis' per-example deadline and too-slow check: the tests still decide on
# results, never on speed, and a hang still ends the test.
SLOWDOWN = float(os.environ.get("NIANBAO_TEST_SLOWDOWN", "1") or "1")
# No per-example deadline anywhere: tests decide on results, never on speed (performance lives
# in bench/), and on the shared 2-core machine a 200 ms deadline failed examples at random.
settings.register_profile("results", deadline=None)
settings.load_profile("results")
if SLOWDOWN > 1:
    settings.register_profile(
        "slowdown", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("slowdown")


# Whole modules of slow tests: abuse and hostile inputs (memory limits, subprocesses, big files).
SLOW_MODULES = frozenset(
    {
        "test_abuse_inputs",
        "test_abuse_project_file",
        "test_abuse_roundtrip",
        "test_abuse_cell_text",
        "test_abuse_safety",
        "test_import_hostile",
    }
)


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        # Hypothesis tests run a hundred examples each: slow by nature, wherever they are.
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        is_hypothesis = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        if module in SLOW_MODULES or is_hypothesis:
            item.add_marker(pytest.mark.slow)
    if SLOWDOWN <= 1:
        return
    default = float(config.getoption("timeout", None) or config.getini("timeout") or 0)
    for item in items:
        marker = item.get_closest_marker("timeout")
        limit = float(marker.args[0]) if marker and marker.args else default
        if limit > 0:
            # Put first, so pytest-timeout's get_closest_marker finds it before the test's own.
            item.add_marker(pytest.mark.timeout(limit * SLOWDOWN), append=False)


_real_socket = socket.socket


class _NoInternetSocket(_real_socket):
    def __init__(self, family: Any = -1, type: Any = -1, proto: Any = -1, fileno: Any = None):
        if fileno is None and family in (socket.AF_INET, socket.AF_INET6, -1):
            raise RuntimeError("测试中禁止网络连接：年报软件运行时不得联网")
        super().__init__(family, type, proto, fileno)


def _no_getaddrinfo(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("测试中禁止网络连接：年报软件运行时不得联网")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _NoInternetSocket)
    monkeypatch.setattr(socket, "getaddrinfo", _no_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", _no_getaddrinfo)


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Logs, settings and recovery copies of the app go to a temp folder, never the real one."""
    folder = tmp_path_factory.mktemp("nianbao-data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    yield folder
