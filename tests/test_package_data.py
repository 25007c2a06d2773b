"""Every file the build reads besides the modules ships with the package: each file under
``reports/page/templates/`` and ``reports/page/locale/`` is matched by a ``package-data`` pattern
of pyproject.toml, so an installed package renders the same page as the checkout (the full
install is tested end to end in ``test_installed_package_builds_the_report.py``)."""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "reports" / "page"


def package_data_files() -> set[Path]:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]
    shipped = set()
    for package, globs in patterns.items():
        directory = ROOT.joinpath(*package.split("."))
        shipped.update(path for pattern in globs for path in directory.glob(pattern))
    return shipped


@pytest.mark.parametrize("data_dir", ["templates", "locale"])
def test_every_file_the_page_reads_is_package_data(data_dir):
    files = {path for path in (PAGE / data_dir).rglob("*") if path.is_file()}
    assert files, f"nothing found under {PAGE / data_dir}"
    assert sorted(map(str, files - package_data_files())) == []
