"""The figures a reader's view of the report is held to, measured on built pages.

Text measures read the HTML: the visible prose (outside scripts, styles, formulas, code and
figures' internals), its share of Latin letters, pseudo-LaTeX, long floats and program
identifiers in it, and the local links. Browser measures read the page as headless Chromium
lays it out at a given window size: screens of height, sideways scroll, figures outside the
screen, console errors.
"""

from __future__ import annotations

import html.parser
import re
import urllib.parse
from pathlib import Path

MAX_LANDING_BYTES = 400_000
MAX_SCREENS = 15
DESKTOP = (1400, 900)
PHONE_WIDTH = 400
MAX_LATIN_SHARE = 0.20
LANDING_PAGES = ("index.en.html", "index.zh.html")

# Prose ends where a formula, code or a figure begins.
_NOT_PROSE = frozenset({"script", "style", "math", "code", "pre", "svg", "kbd", "samp", "title"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
# ASCII mathematics in prose: TeX commands, braced super/subscripts, "<=", "sigma(", "delta^L".
PSEUDO_LATEX = re.compile(
    r"\\[A-Za-z]+|[\^_]\{|<=|>=|\b(?:sigma|delta|eta|alpha|lambda)\b|[A-Za-z)]\^[A-Za-z0-9({]"
)
LONG_FLOAT = re.compile(r"\d\.\d{8,}")
# snake_case names (two words or more joined by "_") and dotted module paths
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")


class _ProseParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: whether it is outside prose
        self.parts: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in _VOID:
            return
        classes = (attributes.get("class") or "").split()
        hidden = "hidden" in attributes and tag not in ("form",)
        self.stack.append(tag in _NOT_PROSE or "mono" in classes or hidden)

    def handle_startendtag(self, tag, attrs):
        if "id" in dict(attrs):
            self.ids.add(dict(attrs)["id"])

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack):
            self.parts.append(data)


def parse_page(text: str) -> _ProseParser:
    parser = _ProseParser()
    parser.feed(text)
    parser.close()
    return parser


def visible_prose(text: str) -> str:
    """The page's prose as a reader sees it, whitespace collapsed."""
    return re.sub(r"\s+", " ", " ".join(parse_page(text).parts)).strip()


def latin_share(prose: str) -> float:
    """Latin letters (A-Z, a-z) as a share of all letters (Chinese characters included)."""
    letters = [c for c in prose if c.isalpha()]
    latin = [c for c in letters if c.isascii()]
    return len(latin) / len(letters) if letters else 0.0


def in_context(pattern: re.Pattern, prose: str, width: int = 50) -> list[str]:
    """Each match of ``pattern`` in ``prose`` with ``width`` characters either side."""
    return [prose[max(0, m.start() - width) : m.end() + width] for m in pattern.finditer(prose)]


def broken_links(directory: Path) -> list[str]:
    """``page -> href`` for every local link of the HTML pages in ``directory`` whose file is
    missing or whose fragment names no element of that file."""
    pages = {
        path.name: parse_page(path.read_text(encoding="utf-8")) for path in directory.glob("*.html")
    }
    broken = []
    for name, parsed in pages.items():
        for href in parsed.links:
            target = urllib.parse.urlsplit(href)
            if target.scheme or target.netloc:
                continue
            file_name = urllib.parse.unquote(target.path) or name
            fragment = urllib.parse.unquote(target.fragment)
            if file_name not in pages or (fragment and fragment not in pages[file_name].ids):
                broken.append(f"{name} -> {href}")
    return broken


def open_at(driver, path: Path, width: int, height: int = DESKTOP[1]):
    driver.set_window_size(width, height)
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    return driver


def layout_measures(driver) -> dict:
    """Of the page open in ``driver``: ``screens`` (document height / window height),
    ``scroll_width`` and ``client_width``, and ``figures_outside``: each figure SVG whose box
    reaches past the screen's left or right edge, with its left and right edge."""
    return driver.execute_script("""
        const root = document.documentElement;
        const outside = Array.from(document.querySelectorAll('figure svg'))
          .map(svg => [svg.closest('figure').id, svg.getBoundingClientRect()])
          .filter(([, r]) => r.left < 0 || r.right > root.clientWidth + 0.5)
          .map(([id, r]) => [id, r.left, r.right]);
        return {screens: root.scrollHeight / window.innerHeight,
                scroll_width: root.scrollWidth, client_width: root.clientWidth,
                figures_outside: outside};""")
