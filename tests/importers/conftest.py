"""Fixtures of the moto-backed importer tests: each test module that asks for them gets a moto
server of its own (module scope: the two estates never mix) and an environment that reaches it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.importers.moto_support import aws_env_for, moto_endpoint


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    yield from moto_endpoint()


@pytest.fixture
def aws_env(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    return aws_env_for(endpoint, monkeypatch, "eu-west-1")
