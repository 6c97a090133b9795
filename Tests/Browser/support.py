"""Shared pieces of the browser suites: Chromium sessions, the API for setting up data, and
checks that apply to every page."""

import json
import os
import re
import time
import unittest
import urllib.request
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("SB_BROWSER_BASE", "http://demo.localhost:8080")
KEY = os.environ.get("SB_BROWSER_KEY", "sbk_demo_local_development_key_do_not_use_in_production")
OUT = os.environ.get("SB_BROWSER_OUT", "/tmp")
HOST = urlparse(BASE).netloc
PORT = urlparse(BASE).port or 80

# Message ids look like agent.ticket.save; none should ever reach a reader.
RAW_KEY = re.compile(r"\b(agent|web|ticket|error|portal|admin)\.[a-z_]+(\.[a-z_]+)*\b")


def chromium(language="en"):
    options = Options()
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--host-resolver-rules=MAP *.localhost 127.0.0.1", f"--lang={language}",
    ]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def api(method, path, body=None):
    """Calls the API on the node directly (loopback, Host header set), as the demo admin key."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Host": HOST, "Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


class BrowserTest(unittest.TestCase):
    """A test that owns its Chromium sessions and closes them, keeping a screenshot of each."""

    def setUp(self):
        self.drivers = []

    def tearDown(self):
        for index, driver in enumerate(self.drivers):
            try:
                driver.save_screenshot(os.path.join(OUT, f"{self.id().split('.')[-1]}-{index}-end.png"))
            finally:
                driver.quit()

    def browser(self, language="en"):
        driver = chromium(language)
        self.drivers.append(driver)
        return driver

    def sign_in(self, driver, email, password):
        driver.get(BASE + "/agent/login")
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login-submit").click()
        wait(driver, lambda d: d.find_elements(By.ID, "signed-in-as"))
        wait(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live-state") == "open")

    def assert_clean(self, driver, name):
        """No message id in the page's text, no script errors; a screenshot for the record."""
        driver.save_screenshot(os.path.join(OUT, f"{name}.png"))
        text = driver.find_element(By.TAG_NAME, "body").text
        self.assertIsNone(RAW_KEY.search(text), f"{name}: a raw message id in {text[:400]!r}")
        # Script errors and policy violations; a page answered with 4xx on purpose is logged by
        # Chromium as a failed load, which is not an error of the page.
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE" and entry["source"] != "network"]
        self.assertEqual(errors, [], f"{name}: browser errors")
