"""Screenshots of a built report's landing pages at a desktop and a phone width, for looking at.

    python tests/page_screenshots.py REPORT_DIR OUT_DIR [--screens N]

Writes ``<page>-<width>-<k>.png`` for the first N screens of each page (default: all), and
prints each page's measures (screens, sideways scroll, figures outside the screen, console
errors). Needs headless Chromium and chromedriver (see tests/browser_session.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_session import console_errors, start_chromium  # noqa: E402
from page_measures import DESKTOP, LANDING_PAGES, PHONE_WIDTH, layout_measures, open_at  # noqa: E402


def screenshots(driver, page: Path, out_dir: Path, width: int, limit: int | None) -> list[Path]:
    """Screen after screen of ``page`` at ``width`` x the desktop height, as PNG files."""
    open_at(driver, page, width)
    height = driver.execute_script("return window.innerHeight")
    total = driver.execute_script("return document.documentElement.scrollHeight")
    count = -(-total // height) if limit is None else min(limit, -(-total // height))
    written = []
    for k in range(count):
        driver.execute_script("window.scrollTo(0, arguments[0])", k * height)
        path = out_dir / f"{page.stem}-{width}-{k + 1:02d}.png"
        path.write_bytes(driver.get_screenshot_as_png())
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--screens", type=int, default=None)
    parser.add_argument("--pages", nargs="*", default=list(LANDING_PAGES))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        driver = start_chromium(Path(profile))
        try:
            for name in args.pages:
                for width in (DESKTOP[0], PHONE_WIDTH):
                    page = args.report / name
                    shots = screenshots(driver, page, args.out, width, args.screens)
                    open_at(driver, page, width)
                    measures = layout_measures(driver)
                    errors = console_errors(driver)
                    print(f"{name} at {width}px: {len(shots)} shots, {measures}, errors {errors}")
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
