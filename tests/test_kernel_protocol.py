"""The SlimLab kernel over the real Jupyter protocol: streaming, threads, live displays, interrupts,
errors and magics, as a notebook front end sees them."""
import time

import jupyter_client
import pytest

TIMEOUT = 120


@pytest.fixture(scope="module")
def kernel():
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="slimlab", startup_timeout=TIMEOUT)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, timeout=TIMEOUT):
    """Executes code; returns the reply content and the iopub messages with their arrival times."""
    outputs = []
    start = time.monotonic()

    def hook(msg):
        outputs.append((time.monotonic() - start, msg["msg_type"], msg["content"]))

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"], outputs


def of_type(outputs, msg_type):
    return [content for _, kind, content in outputs if kind == msg_type]


def test_kernel_info_reports_java_and_status_ok(kernel):
    _, kc = kernel
    kc.kernel_info()
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["status"] == "ok"
    assert reply["implementation"] == "slimlab"
    assert reply["language_info"]["name"] == "java"
    assert reply["language_info"]["pygments_lexer"] == "java"


def test_kernel_runs_headless_on_jemalloc(kernel):
    _, kc = kernel
    _, outputs = run(kc, 'Files.readString(Path.of("/proc/self/maps")).contains("libjemalloc") '
                         '&& java.awt.GraphicsEnvironment.isHeadless()')
    assert of_type(outputs, "execute_result")[0]["data"]["text/plain"] == "true"


def test_stdout_streams_while_the_cell_runs(kernel):
    _, kc = kernel
    reply, outputs = run(kc, 'for (int i = 0; i < 3; i++) { System.out.print("step " + i + " "); Thread.sleep(500); }')
    assert reply["status"] == "ok"
    chunks = [(t, c["text"]) for t, kind, c in outputs if kind == "stream" and c["name"] == "stdout"]
    first = next(t for t, text in chunks if "step 0" in text)
    last = next(t for t, text in chunks if "step 2" in text)
    assert last - first > 0.5, chunks  # step 0 arrived about a second before step 2
    assert "".join(text for _, text in chunks) == "step 0 step 1 step 2 "


def test_many_small_prints_are_batched_and_kept_in_order_with_displays(kernel):
    _, kc = kernel
    code = ('for (int i = 0; i < 2000; i++) System.out.println("line " + i);\n'
            'display("a display");\nSystem.out.println("after");')
    _, outputs = run(kc, code)
    kinds = [(kind, c.get("name")) for _, kind, c in outputs if kind in ("stream", "display_data")]
    streams = [c["text"] for _, kind, c in outputs if kind == "stream"]
    assert "".join(streams) == "".join("line %d\n" % i for i in range(2000)) + "after\n"
    assert len(streams) < 100, len(streams)
    display_at = kinds.index(("display_data", None))
    assert all(k == ("stream", "stdout") for k in kinds[:display_at]) and kinds[-1] == ("stream", "stdout")


def test_output_of_threads_started_by_the_cell_reaches_it(kernel):
    _, kc = kernel
    _, outputs = run(kc, 'var t = new Thread(() -> System.err.println("from a worker"));\nt.start();\nt.join();')
    errs = [c["text"] for c in of_type(outputs, "stream") if c["name"] == "stderr"]
    assert "".join(errs) == "from a worker\n"


def test_display_returns_an_id_that_update_display_replaces(kernel):
    _, kc = kernel
    reply, outputs = run(kc, 'String id = display("epoch 1");\nupdateDisplay(id, "epoch 2");\nid')
    assert reply["status"] == "ok"
    shown = of_type(outputs, "display_data")[0]
    update = of_type(outputs, "update_display_data")[0]
    result = of_type(outputs, "execute_result")[0]
    display_id = shown["transient"]["display_id"]
    assert update["transient"]["display_id"] == display_id
    assert update["data"]["text/plain"] == "epoch 2"
    assert result["data"]["text/plain"] == display_id


def test_library_code_displays_and_updates_through_the_sink(kernel):
    _, kc = kernel
    code = ('var sink = org.slimlab.notebook.Displays.sink();\n'
            'String bar = sink.display(org.slimlab.notebook.Rich.html("<progress value=1 max=2></progress>", "1/2"));\n'
            'sink.update(bar, org.slimlab.notebook.Rich.html("<progress value=2 max=2></progress>", "2/2"));\n'
            'sink.live()')
    reply, outputs = run(kc, code)
    assert reply["status"] == "ok"
    shown = of_type(outputs, "display_data")[0]
    update = of_type(outputs, "update_display_data")[0]
    assert shown["data"]["text/html"] == "<progress value=1 max=2></progress>"
    assert update["data"]["text/plain"] == "2/2"
    assert update["transient"]["display_id"] == shown["transient"]["display_id"]
    assert of_type(outputs, "execute_result")[0]["data"]["text/plain"] == "true"


def test_chart_result_is_a_png_and_svg_on_request(kernel):
    _, kc = kernel
    code = ('var chart = new XYChartBuilder().width(300).height(200).title("loss").build();\n'
            'chart.addSeries("train", new double[]{1, 2, 3}, new double[]{3, 2, 1});\n'
            'display(chart, "image/svg+xml");\nchart')
    _, outputs = run(kc, code)
    assert "<svg" in of_type(outputs, "display_data")[0]["data"]["image/svg+xml"]
    png = of_type(outputs, "execute_result")[0]["data"]["image/png"]
    import base64
    assert base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n"


def test_errors_point_at_the_cell_line_and_the_kernel_survives(kernel):
    _, kc = kernel
    reply, outputs = run(kc, "int ok = 1;\nint bad = ok / 0;")
    assert reply["status"] == "error"
    assert reply["ename"] == "ArithmeticException"
    error = of_type(outputs, "error")[0]
    assert any("line 2: int bad = ok / 0;" in line for line in error["traceback"]), error["traceback"]
    reply, outputs = run(kc, "ok + 1")
    assert of_type(outputs, "execute_result")[0]["data"]["text/plain"] == "2"


def test_cells_queued_behind_a_failing_cell_are_aborted(kernel):
    _, kc = kernel
    failing = kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("stop here");')
    queued = kc.execute("int neverRuns = 1;")
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert replies[failing]["status"] == "error"
    assert replies[queued]["status"] == "aborted"
    reply, _ = run(kc, "neverRuns")
    assert reply["status"] == "error" and reply["ename"] == "CompilationError"


def test_a_result_that_cannot_render_is_an_error_not_a_hang(kernel):
    _, kc = kernel
    reply, outputs = run(kc, "new XYChartBuilder().width(10).height(10).build()")
    assert reply["status"] in ("ok", "error")
    if reply["status"] == "error":
        assert reply["ename"] == "RenderError"


def interrupt_when_started(km, kc, code):
    """Runs code, which prints "started" when it is under way; interrupts the kernel then and returns
    (reply, seconds from the interrupt to the reply)."""
    msg_id = kc.execute(code)
    deadline = time.monotonic() + TIMEOUT
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "started" in msg["content"]["text"]):
            break
        assert time.monotonic() < deadline, "the cell never started"
    time.sleep(0.3)
    start = time.monotonic()
    km.interrupt_kernel()
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"], time.monotonic() - start


def test_interrupt_stops_a_sleeping_cell(kernel):
    km, kc = kernel
    reply, seconds = interrupt_when_started(km, kc, 'System.out.println("started");\nThread.sleep(120_000);')
    assert reply["status"] == "error"
    assert reply["ename"] == "InterruptedException"
    assert seconds < 2, seconds


def test_interrupt_stops_a_cooperative_training_loop_within_two_seconds(kernel):
    km, kc = kernel
    code = ('int steps = 0;\nboolean checkpointed = false;\n'
            '{\n  System.out.println("started");\n'
            '  while (!Interrupts.interrupted()) { double w = 0; for (int k = 0; k < 100_000; k++) w += Math.sqrt(k); steps++; }\n'
            '  checkpointed = true;\n}')
    reply, seconds = interrupt_when_started(km, kc, code)
    assert reply["status"] == "error" and reply["ename"] == "Interrupted"
    assert seconds < 2, seconds
    after, outputs = run(kc, "checkpointed && steps > 0")
    assert after["status"] == "ok", (after, outputs)
    assert of_type(outputs, "execute_result")[0]["data"]["text/plain"] == "true"


def test_interrupt_handles_a_busy_loop(kernel):
    km, kc = kernel
    reply, seconds = interrupt_when_started(km, kc, 'long spins = 0;\nSystem.out.println("started");\nwhile (true) { spins++; }')
    assert reply["status"] == "error"
    assert seconds < 5, seconds
    _, outputs = run(kc, "1 + 1")
    assert of_type(outputs, "execute_result")[0]["data"]["text/plain"] == "2"


def test_doc_magic_pages_documentation(kernel):
    _, kc = kernel
    reply, _ = run(kc, "%doc Math.max")
    page = reply["payload"][0]
    assert page["source"] == "page"
    assert "int Math.max(int a, int b)" in page["data"]["text/plain"]


def test_time_magic_prints_wall_time(kernel):
    _, kc = kernel
    _, outputs = run(kc, "%time Thread.sleep(100)")
    text = "".join(c["text"] for c in of_type(outputs, "stream"))
    assert text.startswith("Wall time: ")


def test_is_complete_and_completion_over_the_wire(kernel):
    _, kc = kernel
    kc.is_complete("if (true) {")
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["status"] == "incomplete"
    kc.complete("Interrupts.che", 14)
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert "check()" in reply["matches"]
