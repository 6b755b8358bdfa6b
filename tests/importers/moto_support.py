"""What the moto-backed importer tests share: a moto server of their own (server mode: a real
HTTP endpoint on 127.0.0.1, port chosen by the OS) and an environment that reaches it through the
standard `AWS_ENDPOINT_URL` with dummy credentials and no user configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def moto_endpoint() -> Iterator[str]:
    """The server's URL, for as long as the generator runs (a module fixture yields from it)."""
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def aws_env_for(endpoint: str, monkeypatch: pytest.MonkeyPatch, region: str) -> str:
    """Point boto3 at `endpoint`: every AWS_* variable of the caller removed, dummy credentials,
    no config or credentials file."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    return endpoint
