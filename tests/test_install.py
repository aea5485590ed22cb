"""environment/install writes the slimlab kernelspec where it is asked to, and a second run changes nothing."""
import json
import os
import subprocess

from conftest import REPO

INSTALL = str(REPO / "environment" / "install")


def install(*args, env=None):
    return subprocess.run([INSTALL, "--no-packages", "--no-build", *args], capture_output=True, text=True,
                          env=env or dict(os.environ), check=True, timeout=120).stdout


def test_kernelspec_names_the_kernel_and_points_at_this_checkout(tmp_path):
    target = tmp_path / "kernels" / "slimlab"
    install("--kernel-dir", str(target))
    spec = json.loads((target / "kernel.json").read_text())
    assert spec["display_name"] == "Java (SlimLab)"
    assert spec["language"] == "java"
    assert spec["interrupt_mode"] == "message"
    assert spec["argv"] == ["/bin/bash", "{resource_dir}/launch.sh", "{connection_file}"]
    launcher = (target / "launch.sh").read_text()
    assert 'repo="%s"' % REPO in launcher
    assert "libjemalloc.so.2" in launcher and "dirty_decay_ms:-1,muzzy_decay_ms:-1" in launcher
    assert "-Djava.awt.headless=true" in launcher and "-Dai.djl.offline=" in launcher and "DJL_CACHE_DIR" in launcher
    assert "@" not in launcher.replace("$@", "")


def test_second_run_changes_nothing(tmp_path):
    target = tmp_path / "k"
    install("--kernel-dir", str(target))
    before = {p.name: p.stat().st_mtime_ns for p in target.iterdir()}
    out = install("--kernel-dir", str(target))
    assert "up to date" in out
    assert {p.name: p.stat().st_mtime_ns for p in target.iterdir()} == before


def test_prefix_and_jupyter_path_choose_the_location(tmp_path):
    install("--prefix", str(tmp_path / "prefix"))
    assert (tmp_path / "prefix" / "share" / "jupyter" / "kernels" / "slimlab" / "kernel.json").is_file()
    env = dict(os.environ, JUPYTER_PATH="%s:%s" % (tmp_path / "jp1", tmp_path / "jp2"))
    install(env=env)
    assert (tmp_path / "jp1" / "kernels" / "slimlab" / "launch.sh").is_file()
    assert not (tmp_path / "jp2").exists()
