"""A real S3-compatible server on loopback (moto's standalone server) for the tests of the data store, reached
through a TCP relay the tests can cut, as a network fault would."""

import contextlib
import dataclasses
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


class Relay:
    """Forwards connections from its own port to the server's; `cut()` refuses new connections and drops open
    ones until `mend()`."""

    def __init__(self, target_port: int):
        self.target_port, self.port = target_port, _free_port()
        self.cut_off = threading.Event()
        self._open: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self._listener.accept()
            if self.cut_off.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            self._open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while not self.cut_off.is_set() and (data := source.recv(65536)):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
            self._open.discard(end)

    def cut(self) -> None:
        self.cut_off.set()
        for end in list(self._open):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def mend(self) -> None:
        self.cut_off.clear()


@dataclasses.dataclass
class ObjectStore:
    relay: Relay
    environment: dict[str, str]  # the settings of this store, for processes the test starts


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server, one for the session (each test takes a bucket of its own)."""
    executable = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log.open("w"),
                               stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def object_store(settings, s3_server):
    """The data store on a new bucket of the local S3 server, reached through a relay (`.relay`) that a test
    can cut. Django's files (evidence) go to the same bucket, as in production."""
    import boto3

    from supervision.settings import object_store_files

    relay = Relay(s3_server)
    endpoint = f"http://127.0.0.1:{relay.port}"
    bucket = f"test-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                 region_name=REGION).create_bucket(Bucket=bucket)
    settings.DATA_URL = f"s3://{bucket}/data"
    settings.DATA_S3_ENDPOINT_URL, settings.DATA_S3_REGION = endpoint, REGION
    settings.DATA_S3_ACCESS_KEY_ID, settings.DATA_S3_SECRET_ACCESS_KEY = ACCESS_KEY, SECRET_KEY
    settings.STORAGES = settings.STORAGES | {"default": object_store_files(settings.DATA_URL, endpoint, REGION,
                                                                           ACCESS_KEY, SECRET_KEY)}
    settings.SCRATCH_ROOT = str(settings.DATA_ROOT.parent / "scratch")
    yield ObjectStore(relay, {"DATA_URL": settings.DATA_URL, "DATA_S3_ENDPOINT_URL": endpoint, "DATA_S3_REGION": REGION,
                              "DATA_S3_ACCESS_KEY_ID": ACCESS_KEY, "DATA_S3_SECRET_ACCESS_KEY": SECRET_KEY})
    relay.cut()


@pytest.fixture(params=["disk", "object_store"])
def store(request):
    """Each test that takes `store` runs on the local-disk default and on the object store."""
    if request.param == "object_store":
        return request.getfixturevalue("object_store")
    return None
