"""Screenshots of the example site for the README: the meeting page, the register (at a
desktop and a phone width) and a measure page, each its first screen.

Usage: python scripts/screenshots.py [OUT]     (default: screenshots/)

Builds the bundled examples with `mkdocs build --strict` (a public build) into a temporary
folder, serves it on localhost and drives Debian's Chromium through chromedriver, as the
browser tests do. Where Pillow is installed (WeasyPrint brings it) each PNG is reduced to
128 colours, a third of the size, text still sharp.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
DESKTOP, PHONE = (1280, 800), (390, 844)
SHOTS = {  # file name: page, size
    "meeting.png": ("meetings/corporate-parenting-board/2012-07-10/", DESKTOP),
    "register.png": ("actions/", DESKTOP),
    "register-phone.png": ("actions/", PHONE),
    "measure.png": ("measures/ss-pm-07/", DESKTOP),
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Only the files written are worth printing."""


def build(site: Path) -> None:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    env = {**os.environ, "MINUTES_KIT_INTERNAL": "false", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([mkdocs, "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env,
                   check=True)


def browser() -> Any:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        sys.exit("chromium and chromedriver are needed (Debian: apt install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


def shoot(driver: Any, url: str, size: tuple[int, int], path: Path) -> None:
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get(url)
    driver.execute_async_script(  # the theme has wrapped the tables and our script has run
        "const done = arguments[arguments.length - 1]; document$.subscribe(() => setTimeout(done, 0));")
    driver.save_screenshot(str(path))
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        driver = browser()
        try:
            for name, (page, size) in SHOTS.items():
                shoot(driver, f"http://127.0.0.1:{server.server_address[1]}/{page}", size, out / name)
                print(f"{out / name}: {(out / name).stat().st_size // 1024} KB")
        finally:
            driver.quit()
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots")
