"""Adds up the JUnit XML reports of every test stage and prints one line per stage, then the total as
`N passed, N failed` on the last line. Exit status 1 when anything failed or a stage left no report.

usage: summary.py STAGE=REPORT_GLOB[,REPORT_GLOB...]:EXIT_CODE ...
"""
import glob
import sys
import xml.etree.ElementTree as ET


def count(paths):
    """(passed, failed, skipped) over the testcase elements of the given JUnit XML files."""
    passed = failed = skipped = 0
    for path in paths:
        for case in ET.parse(path).getroot().iter("testcase"):
            kinds = {child.tag for child in case}
            if kinds & {"failure", "error"}:
                failed += 1
            elif "skipped" in kinds:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def main(args):
    total_passed = total_failed = total_skipped = 0
    for arg in args:
        stage, rest = arg.split("=", 1)
        patterns, code = rest.rsplit(":", 1)
        paths = sorted(p for pattern in patterns.split(",") for p in glob.glob(pattern))
        passed, failed, skipped = count(paths)
        if int(code) != 0 and failed == 0:
            failed = 1  # the stage broke before reporting a failing test (build error, crash)
        note = "" if paths else " (no report)"
        print("%-12s %d passed, %d failed, %d skipped%s" % (stage, passed, failed, skipped, note))
        total_passed += passed
        total_failed += failed
        total_skipped += skipped
    if total_skipped:
        print("(%d skipped)" % total_skipped)
    print("%d passed, %d failed" % (total_passed, total_failed))
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
