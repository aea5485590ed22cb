"""Shared set-up for the Python-side tests: they run against the kernelspec that environment/test
writes into build/jupyter (JUPYTER_PATH), never against a user's own Jupyter configuration."""
import os
import pathlib
import socket

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
KERNEL_NAME = "slimlab"


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def slimlab_kernelspec():
    """Fails early, with a clear message, when the test kernelspec is missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        pytest.fail("kernelspec 'slimlab' not found on JUPYTER_PATH=%s; run environment/test"
                    % os.environ.get("JUPYTER_PATH"))
    return spec
