"""MkDocs hook: serve files kept at the top of the repository as pages of the site.

BENCHMARKS.md and RELIABILITY.md are written by the benchmark and reliability runs,
CONTRIBUTING.md and CHANGELOG.md are read on the repository's front page; copies under docs/
would drift. A picture they show is served at the path it links to.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("BENCHMARKS.md", "RELIABILITY.md", "CONTRIBUTING.md", "CHANGELOG.md")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)\n?")


def _images(name: str) -> list[str]:
    return IMAGE.findall((ROOT / name).read_text(encoding="utf-8"))


def on_files(files: Files, config: Any) -> Files:
    for name in PAGES:
        files.append(File.generated(config, name, abs_src_path=str(ROOT / name)))
        for image in _images(name):
            if (ROOT / image).is_file():
                files.append(File.generated(config, image, abs_src_path=str(ROOT / image)))
    return files


def on_page_markdown(markdown: str, page: Page, config: Any, files: Files) -> str:
    """A picture a generated report no longer ships (until the report is written again) is
    left out, rather than shown broken."""
    if page.file.src_uri not in PAGES:
        return markdown
    return IMAGE.sub(lambda m: m.group(0) if (ROOT / m.group(1)).is_file() else "", markdown)
