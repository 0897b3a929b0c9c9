"""The suite runs with internet sockets blocked (tests/conftest.py); this proves the block works,
so a passing suite means no code path the tests cover opens a connection."""

from __future__ import annotations

import socket

import pytest


def test_creating_an_internet_socket_fails() -> None:
    with pytest.raises(RuntimeError, match="禁止网络连接"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(RuntimeError):
        socket.create_connection(("127.0.0.1", 80))
    with pytest.raises(RuntimeError):
        socket.getaddrinfo("example.org", 443)
