"""Test-wide set-up: Qt offscreen before any Qt import, user data in a temp folder, and no
network: creating an internet socket fails the test, which proves the app never connects."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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
