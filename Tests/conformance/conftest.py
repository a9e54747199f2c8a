"""Fixtures for the conformance tests: a running `easel sandbox`, reached with canvasapi.

scripts/conformance.sh starts the sandbox and passes its URL and two accepted tokens in the environment.
"""

import os
import uuid

import pytest
from canvasapi import Canvas


def pytest_configure(config):
    # canvasapi warns about plain http; the sandbox only listens on loopback.
    config.addinivalue_line("filterwarnings", "ignore:Canvas may respond unexpectedly:UserWarning")
    config.addinivalue_line(
        "markers", "throttle429: needs a sandbox started with --throttle-status 429 (a run of its own)"
    )


@pytest.fixture(scope="session")
def sandbox_url():
    url = os.environ.get("EASEL_SANDBOX_URL")
    if not url:
        pytest.exit("EASEL_SANDBOX_URL is not set: run scripts/conformance.sh", returncode=2)
    return url


@pytest.fixture(scope="session")
def sandbox_token():
    token = os.environ.get("EASEL_SANDBOX_TOKEN")
    if not token:
        pytest.exit("EASEL_SANDBOX_TOKEN is not set: run scripts/conformance.sh", returncode=2)
    return token


@pytest.fixture(scope="session")
def canvas(sandbox_url, sandbox_token):
    return Canvas(sandbox_url, sandbox_token)


@pytest.fixture(scope="session")
def second_token():
    """A second accepted token, with its own throttle bucket."""
    token = os.environ.get("EASEL_SANDBOX_SECOND_TOKEN")
    if not token:
        pytest.exit("EASEL_SANDBOX_SECOND_TOKEN is not set: run scripts/conformance.sh", returncode=2)
    return token


@pytest.fixture
def unique():
    """A short unique suffix, so that tests never collide on SIS ids or logins."""
    return uuid.uuid4().hex[:10]
