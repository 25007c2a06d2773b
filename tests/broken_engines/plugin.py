"""pytest plugin: apply the broken engine variant named by $NNCLAIMS_BROKEN_ENGINE before the
claim tests are collected (so their ``from engine... import`` lines see the variant)."""

import os

import pytest

from tests.broken_engines.breakages import BREAKAGES

ENVIRONMENT_VARIABLE = "NNCLAIMS_BROKEN_ENGINE"


def pytest_configure(config):
    name = os.environ.get(ENVIRONMENT_VARIABLE)
    if name not in BREAKAGES:
        raise pytest.UsageError(
            f"-p tests.broken_engines.plugin needs ${ENVIRONMENT_VARIABLE} set to one of "
            f"{sorted(BREAKAGES)}; got {name!r}"
        )
    BREAKAGES[name].apply()


def pytest_report_header(config):
    return f"engine deliberately broken: {os.environ.get(ENVIRONMENT_VARIABLE)}"
