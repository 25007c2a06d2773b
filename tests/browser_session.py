"""Headless Chromium for the tests that read the report as a browser shows it.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package. Missing, the
test is skipped with the reason, except under CI (``$CI`` set), where their absence is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it, so its absence is an error there)")
    pytest.skip(reason)


def start_chromium(profile_dir: Path, width: int = 1280, height: int = 1000):
    """A selenium driver of headless Chromium that logs the console and fetches nothing on its
    own (no background networking, updates or sync)."""
    chromium = next(
        (path for path in CHROMIUM_CANDIDATES if os.path.exists(path)), shutil.which("chromium")
    )
    require(
        chromium is not None,
        "headless Chromium is not installed (apt-get install chromium chromium-driver)",
    )
    require(
        os.path.exists(CHROMEDRIVER),
        f"chromedriver is not installed at {CHROMEDRIVER} (apt-get install chromium-driver)",
    )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "selenium is not installed (pip install 'nnclaims[test]')")
    options = Options()
    options.binary_location = chromium
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile_dir}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def console_errors(driver) -> list[dict]:
    """The console entries at level ERROR or SEVERE since the last call."""
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
