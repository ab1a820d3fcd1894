"""The inbox in a real headless browser: Debian's chromium driven through its chromedriver.

`make test` installs both (`make browser`). Screenshots of each view go to
test-results/inbox/ (ignored by git).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from inbox_helpers import NUMBER, PHONE, RunningApp, send
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sendwire.testing import MockServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
RESULTS = Path(__file__).resolve().parents[2] / "test-results" / "inbox"
HOSTILE = '<img src=x onerror="window.__pwned=1">'
WAIT_SECONDS = 15

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="chromium and chromium-driver are not installed (make browser)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="sendwire-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        process = service.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)
        shutil.rmtree(profile, ignore_errors=True)


# Live updates redraw what the page shows: an element found a moment ago may be gone.
_REDRAWN = (StaleElementReferenceException,)


def _wait(driver: webdriver.Chrome, css: str, text: str | None = None) -> None:
    def found(_: object) -> bool:
        for element in driver.find_elements(By.CSS_SELECTOR, css):
            if text is None or text in element.text:
                return True
        return False

    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=_REDRAWN).until(
        found, f"{css} with {text!r}"
    )


def _click(driver: webdriver.Chrome, css: str) -> None:
    def clicked(_: object) -> bool:
        driver.find_element(By.CSS_SELECTOR, css).click()
        return True

    WebDriverWait(driver, WAIT_SECONDS, ignored_exceptions=_REDRAWN).until(clicked, css)


def _screenshot(driver: webdriver.Chrome, name: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(RESULTS / f"{name}.png"))


def _open(driver: webdriver.Chrome, mock: MockServer, view: str) -> None:
    driver.get(f"{mock.url}/_mock/inbox/#/{view}")
    _wait(driver, "#live.on")


def test_a_sent_message_appears_live_and_its_status_moves(
    browser: webdriver.Chrome, mock: MockServer, api: httpx.Client
) -> None:
    _open(browser, mock, "messages")
    created = send(api, body="Hello from the API ✓")
    row = f'#messages tr[data-sid="{created["sid"]}"]'
    _wait(browser, row + " .status", "queued")
    mock.advance(600)
    _wait(browser, row + " .status", "delivered")
    _screenshot(browser, "messages")

    _click(browser, row)
    _wait(browser, '#detail-props tr[data-property="sid"] td', created["sid"])
    _wait(browser, "#encoding-name", "UCS-2")
    _wait(browser, "#encoding-forcing", "✓")
    _screenshot(browser, "message")


def test_a_hostile_body_shows_as_text_and_runs_nothing(
    browser: webdriver.Chrome, mock: MockServer, api: httpx.Client
) -> None:
    _open(browser, mock, "messages")
    created = send(api, body=HOSTILE)
    _wait(browser, f'#messages tr[data-sid="{created["sid"]}"] td.body', HOSTILE)
    browser.get(f"{mock.url}/_mock/inbox/#/message/{created['sid']}")
    _wait(browser, '#detail-props tr[data-property="body"] td', HOSTILE)
    browser.get(f"{mock.url}/_mock/inbox/#/conversation/{PHONE}/{NUMBER}")
    _wait(browser, "#thread .bubble", HOSTILE)
    assert browser.find_elements(By.CSS_SELECTOR, "main img") == []
    assert browser.execute_script("return window.__pwned === undefined")


def test_the_virtual_phone_reaches_the_app_and_its_reply_appears(
    browser: webdriver.Chrome, mock: MockServer, example_app: RunningApp
) -> None:
    _open(browser, mock, "phone")
    url_field = browser.find_element(By.ID, "incoming-url")
    url_field.clear()
    url_field.send_keys(example_app.url)
    browser.find_element(By.CSS_SELECTOR, "#incoming-form button").click()
    _wait(browser, "#incoming-result", example_app.url)
    _screenshot(browser, "phone")
    browser.find_element(By.ID, "phone-body").send_keys("ping <b>bold</b>")
    browser.find_element(By.CSS_SELECTOR, "#phone-form button").click()
    _wait(browser, "#thread li.in .bubble", "ping <b>bold</b>")
    _wait(browser, "#thread li.out .bubble", "You said: ping <b>bold</b>")
    _wait(browser, "#thread li.event", "answered 200")
    _screenshot(browser, "conversation")

    browser.get(f"{mock.url}/_mock/inbox/#/requests")
    _wait(browser, '#requests tr[data-operation="IncomingMessage"] .outcome', "200")
    _screenshot(browser, "requests")


def test_controls_advance_the_clock_and_set_faults(
    browser: webdriver.Chrome, mock: MockServer
) -> None:
    before = mock.clock()["now_us"]
    _open(browser, mock, "controls")
    seconds = browser.find_element(By.ID, "clock-seconds")
    seconds.clear()
    seconds.send_keys("3600")
    browser.find_element(By.CSS_SELECTOR, "#clock-form button").click()
    _wait(browser, "#clock-result", "Mock time")
    assert mock.clock()["now_us"] - before >= 3600 * 1_000_000
    faults = browser.find_element(By.ID, "faults")
    faults.clear()
    faults.send_keys("latency_ms=1")
    browser.find_element(By.CSS_SELECTOR, "#faults-form button").click()
    _wait(browser, "#faults-result", "latency_ms=1")
    _screenshot(browser, "controls")
