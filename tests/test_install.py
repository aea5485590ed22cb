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


def fake_torch(root, version_file, text):
    """A folder laid out like a PyTorch install (torch/lib + torch/version.py) or a libtorch archive
    (libtorch/lib + libtorch/build-version), with an empty libtorch.so."""
    lib = root / "lib"
    lib.mkdir(parents=True)
    (lib / "libtorch.so").write_bytes(b"")
    (root / version_file).write_text(text)
    return lib


def run_with_libtorch(command, lib):
    env = dict(os.environ, PYTORCH_LIBRARY_PATH="/nonexistent:%s" % lib)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def test_launchers_refuse_a_libtorch_of_another_release(tmp_path):
    lib = fake_torch(tmp_path / "torch", "version.py", "__version__ = '2.11.0+cu130'\ngit_version = 'x'\n")
    target = tmp_path / "k"
    install("--kernel-dir", str(target))
    for command in ([str(REPO / "slim"), "--help"], ["/bin/bash", str(target / "launch.sh"), "/nonexistent.json"]):
        result = run_with_libtorch(command, lib)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "PYTORCH_LIBRARY_PATH: %s holds libtorch 2.11.0+cu130" % lib in lines[0]
        assert "built for libtorch 2.7.1" in lines[0]


def test_launchers_accept_the_release_the_jni_is_built_for(tmp_path):
    lib = fake_torch(tmp_path / "libtorch", "build-version", "2.7.1+cu128\n")
    result = run_with_libtorch([str(REPO / "slim"), "--help"], lib)
    assert result.returncode == 0, result.stderr
    assert "Usage: slim" in result.stdout
