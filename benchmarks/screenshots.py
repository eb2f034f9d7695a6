"""Screenshots of the course as learners see it: the home page and every lesson, desktop and phone.

    python benchmarks/screenshots.py OUT/ [--lessons FOLDER] [--only 01,02] [--slices]

Starts a real Voilà server on 127.0.0.1 the way ``social-lab present`` does (course template and
all) and opens each page in headless Chromium at 1366×900 and 390×844, full page, after the lesson's
widgets have rendered. Writes OUT/<page>-<size>.png and prints one line per file; look at them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT))

import harness  # noqa: E402

from widgets import theme  # noqa: E402
from widgets.cli import hidden_from_list_args  # noqa: E402

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def shoot(out: Path, lessons: Path, only: set[str] | None = None, slices: bool = False) -> list[Path]:
    """Write the screenshots into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in lessons.glob("[0-9][0-9]_*.ipynb")
                   if only is None or p.name[:2] in only)
    server = harness.start_voila(lessons, extra_args=(*hidden_from_list_args(), *theme.voila_template_args()),
                                 env=theme.voila_path_env())
    written = []
    try:
        with sync_playwright() as p:
            browser = harness.launch_chromium(p, harness.find_chromium(p))
            try:
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    context.set_default_timeout(120_000)
                    context.route(harness.EXTERNAL, lambda route: route.abort())  # offline, as in the tests
                    page = context.new_page()
                    page.goto(f"{server.url}/voila/tree")
                    page.wait_for_selector(".sll-home-lessons")
                    written.append(_save(page, out / f"home-{size}.png", slices))
                    for name in names:
                        page.goto(f"{server.url}/voila/render/{name}")
                        harness.wait_voila_rendered(page, ".sll-lesson-nav", timeout_ms=180_000)
                        written.append(_save(page, out / f"{Path(name).stem}-{size}.png", slices))
                    context.close()
            finally:
                browser.close()
    finally:
        server.stop()
    return written


# Voilà's lesson pages scroll inside #rendered_cells (a JupyterLab panel as tall as the window), so a
# full-page shot would stop at the first screen: for the picture, the window grows to the content.
_CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('#rendered_cells')].map(el => el.scrollHeight))"""


# Elements that stick out past the right edge of the window (charts and tables scroll on their own).
_TOO_WIDE = """() => [...document.querySelectorAll('#rendered_cells *, .sll-home-main *')]
  .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 1
          && !el.closest('.js-plotly-plot, table'))
  .slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} in `
                         + `${(el.parentElement.closest('[class]') || el).className}: ${el.textContent.slice(0, 30)}`)"""


def _save(page, path: Path, slices: bool = False) -> Path:
    wide = page.evaluate(_TOO_WIDE)
    if wide:
        print(f"{path.name}: wider than the window: {', '.join(wide)}", flush=True)
    size = page.viewport_size
    height = int(page.evaluate(_CONTENT_HEIGHT))
    height = max(height, size["height"])
    page.set_viewport_size({"width": size["width"], "height": height})
    try:
        page.screenshot(path=str(path), full_page=True)
        print(path, flush=True)
        if slices:  # screen-sized pieces, easier to look at than one very tall picture
            for i, top in enumerate(range(0, height, size["height"])):
                piece = path.with_name(f"{path.stem}-part{i + 1:02d}.png")
                page.screenshot(path=str(piece), clip={"x": 0, "y": top, "width": size["width"],
                                                       "height": min(size["height"], height - top)})
    finally:
        page.set_viewport_size(size)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=Path, default=REPO_ROOT / "lessons")
    parser.add_argument("--only", help="lesson numbers, comma-separated (default: all)")
    parser.add_argument("--slices", action="store_true", help="also write screen-sized pieces of each page")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    shoot(args.out, args.lessons, only, args.slices)
    return 0


if __name__ == "__main__":
    sys.exit(main())
