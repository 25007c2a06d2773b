"""The result cache and the MNIST directory follow one XDG rule: ``$XDG_CACHE_HOME`` when it is
an absolute path, else ``~/.cache``; a relative value is ignored, as the XDG base-directory
specification says, so the cache is not another one in every working directory."""

import sys
from pathlib import Path

import pytest

from runs.cache import default_cache_dir
from runs.data_dir import default_mnist_dir

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="XDG applies off Windows")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("NNCLAIMS_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize("relative", ["cache", "./cache", "relative/dir"])
def test_a_relative_xdg_cache_home_is_ignored_by_both(home, monkeypatch, relative):
    monkeypatch.setenv("XDG_CACHE_HOME", relative)
    assert default_cache_dir() == home / ".cache" / "nnclaims" / "runs"
    assert default_mnist_dir() == home / ".cache" / "nnclaims" / "mnist"


def test_an_absolute_xdg_cache_home_is_followed_by_both(home, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "nnclaims" / "runs"
    assert default_mnist_dir() == tmp_path / "xdg" / "nnclaims" / "mnist"


@pytest.mark.parametrize("value", [None, ""])
def test_unset_or_empty_xdg_cache_home_means_the_home_cache(home, monkeypatch, value):
    if value is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", value)
    assert default_cache_dir() == home / ".cache" / "nnclaims" / "runs"
    assert default_mnist_dir() == home / ".cache" / "nnclaims" / "mnist"


def test_nnclaims_cache_dir_still_wins(home, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("NNCLAIMS_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
