"""The official Jupyter kernel conformance suite (jupyter_kernel_test) against the SlimLab kernel."""
import unittest

import jupyter_kernel_test as jkt


class SlimLabKernelConformance(jkt.KernelTests):
    kernel_name = "slimlab"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "System.out.printl", "matches": {"println("}},
        {"text": "Math.sqr", "matches": {"sqrt("}},
    ]
    complete_code_samples = ["int x = 1;", "1 + 1", "void f() {}", "%lsmagic"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = Math.max(1,", "class A {"]
    invalid_code_samples = ["int z = ;", "}"]

    code_generate_error = 'throw new RuntimeException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"slim" + "lab"', "result": "slimlab"},
        {"code": "int a = 2;\nint b = 3;\na * b", "result": "6"},
        {"code": "Table.create(\"t\", IntColumn.create(\"n\", 1, 2))", "mime": "text/html"},
        {"code": "var ch = new XYChartBuilder().width(120).height(90).build();\n"
                 "ch.addSeries(\"s\", new double[]{1, 2}, new double[]{2, 1});\nch", "mime": "image/png"},
    ]

    code_display_data = [
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
        {"code": 'display("<b>hi</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("# title", "text/markdown");', "mime": "text/markdown"},
        {"code": "var c2 = new XYChartBuilder().width(120).height(90).build();\n"
                 "c2.addSeries(\"s\", new double[]{1, 2}, new double[]{2, 1});\ndisplay(c2, \"image/svg+xml\");",
         "mime": "image/svg+xml"},
        {"code": "display(Table.create(\"t\", StringColumn.create(\"s\", \"a\")));", "mime": "text/html"},
    ]

    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "System.out.println("

    code_clear_output = "clearOutput();"

    code_page_something = "%doc Math.max"


if __name__ == "__main__":
    unittest.main()
