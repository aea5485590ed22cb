"""End to end in a real browser: headless Chromium opens the classic Notebook UI, runs 00-welcome.ipynb
with Cell > Run All, and sees the chart rendered as an inline PNG image."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SERVER_START_SECONDS = 90
RUN_ALL_SECONDS = 600


@pytest.fixture
def notebook_server(tmp_path):
    """Serves a copy of notebooks/ on 127.0.0.1 (random free port, random token); always stopped."""
    workdir = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", workdir)
    port, token = free_port(), uuid.uuid4().hex
    env = dict(os.environ, SLIMLAB_QUICK="1")
    log = open(tmp_path / "server.log", "wb")
    server = subprocess.Popen(
        ["jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port, "--port-retries=0",
         "--NotebookApp.token=" + token, "--notebook-dir=" + str(workdir)]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = "http://127.0.0.1:%d" % port
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                urllib.request.urlopen("%s/api/status?token=%s" % (base, token), timeout=5).read()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "server.log").read_text()
                assert time.monotonic() < deadline, "the notebook server did not start"
                time.sleep(0.5)
        yield base, token
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="slimlab-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1024", "--user-data-dir=" + profile]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_run_all_renders_the_welcome_chart(notebook_server, browser):
    base, token = notebook_server
    browser.get("%s/notebooks/00-welcome.ipynb?token=%s" % (base, token))
    wait = WebDriverWait(browser, SERVER_START_SECONDS)
    wait.until(lambda d: d.execute_script(
        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
        " && Jupyter.notebook.kernel.is_connected())"))
    assert browser.execute_script("return Jupyter.notebook.kernel.name") == "slimlab"

    browser.find_element(By.ID, "celllink").click()
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#run_all_cells > a"))).click()

    image = WebDriverWait(browser, RUN_ALL_SECONDS).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, ".output_area img[src^='data:image/png']")))
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    WebDriverWait(browser, RUN_ALL_SECONDS).until(lambda d: d.execute_script(
        "return Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || c.input_prompt_number > 0)"
        " && Jupyter.notebook.kernel_busy === false"))
    assert browser.find_elements(By.CSS_SELECTOR, ".output_area .output_error") == []
    assert browser.find_elements(By.CSS_SELECTOR, ".output_area table.slimlab-table")
    width = browser.execute_script("return arguments[0].naturalWidth", image)
    assert width == 640
    # the kernel's language_info gives Java syntax highlighting: keywords such as "int" are marked
    keywords = browser.execute_script(
        "return Array.from(document.querySelectorAll('.CodeMirror .cm-keyword, .CodeMirror .cm-type'))"
        ".map(e => e.textContent)")
    assert "int" in keywords
