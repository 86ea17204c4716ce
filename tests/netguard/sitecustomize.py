"""Loaded by child processes in tests (PYTHONPATH): any connection outside loopback fails."""

import ipaddress
import os
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths are local
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded(real):
    def connect(self, address):
        if (
            self.family in (socket.AF_INET, socket.AF_INET6)
            and not _loopback(address)
            and not os.environ.get("NETGUARD_OFF")  # set only by tests marked `integration`
        ):
            raise ConnectionRefusedError(f"network blocked in tests: {address!r}")
        return real(self, address)

    return connect


socket.socket.connect = _guarded(_real_connect)
socket.socket.connect_ex = _guarded(_real_connect_ex)
