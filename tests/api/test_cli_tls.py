"""`biwu serve --ssl-certfile … --ssl-keyfile …`: HTTPS for a venue's LAN, where tablets reach
the server by its address and a browser runs the tablet's service worker only on https://.

The options are parsed with uvicorn replaced by a recorder; one test starts the real server
with a self-signed certificate and reads /health and the tablet's service worker over TLS."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from api.cli import main
from tests.servers import free_port


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


@pytest.fixture(scope="module")
def pem(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, its key, and a key of another pair."""
    where = tmp_path_factory.mktemp("tls")
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "biwu venue")])
    now = dt.datetime.now(dt.UTC)
    names = x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
    certificate = builder.not_valid_after(now + dt.timedelta(days=2)).add_extension(names, critical=False).sign(key, hashes.SHA256())
    files = {"cert": where / "venue.crt", "key": where / "venue.key", "other": where / "other.key", "text": where / "notes.txt"}
    files["cert"].write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(_key_pem(key))
    files["other"].write_bytes(_key_pem(other))
    files["text"].write_text("not a certificate", "utf-8")
    return files


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setenv("BIWU_SECRET", "s" * 40)
    return calls


def test_both_files_serve_https(api_db: str, pem: dict[str, Path], started: list[dict]):
    args = ["serve", "--host", "0.0.0.0", "--port", "8443", "--db", api_db, "--ssl-certfile", str(pem["cert"])]
    result = CliRunner().invoke(main, [*args, "--ssl-keyfile", str(pem["key"])], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "biwu on https://localhost:8443" in result.output
    assert started == [{"host": "0.0.0.0", "port": 8443, "log_level": "info", "access_log": False, **_tls(pem)}]


def test_the_files_from_the_environment(api_db: str, pem: dict[str, Path], started: list[dict], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIWU_SSL_CERTFILE", str(pem["cert"]))
    monkeypatch.setenv("BIWU_SSL_KEYFILE", str(pem["key"]))
    result = CliRunner().invoke(main, ["serve", "--db", api_db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert started[0]["ssl_certfile"] == str(pem["cert"]) and "https://localhost:8000" in result.output


def test_without_files_it_stays_http(api_db: str, started: list[dict]):
    result = CliRunner().invoke(main, ["serve", "--db", api_db], catch_exceptions=False)
    assert result.exit_code == 0 and "biwu on http://localhost:8000" in result.output
    assert "ssl_certfile" not in started[0] and "ssl_keyfile" not in started[0]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"--ssl-certfile": "cert"}, "--ssl-certfile and --ssl-keyfile go together"),
        ({"--ssl-keyfile": "key"}, "--ssl-certfile and --ssl-keyfile go together"),
        ({"--ssl-certfile": "cert", "--ssl-keyfile": "other"}, "cannot load the certificate"),
        ({"--ssl-certfile": "text", "--ssl-keyfile": "key"}, "cannot load the certificate"),
        ({"--ssl-certfile": "missing", "--ssl-keyfile": "key"}, "does not exist"),
    ],
)
def test_a_wrong_pair_is_refused_before_starting(tmp_path: Path, pem: dict[str, Path], started: list[dict], files: dict, message: str):
    db = f"sqlite+aiosqlite:///{tmp_path / 'never.db'}"
    paths = {**pem, "missing": tmp_path / "missing.crt"}
    args = [part for option, which in files.items() for part in (option, str(paths[which]))]
    result = CliRunner().invoke(main, ["serve", "--db", db, *args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert not started and not (tmp_path / "never.db").exists()  # refused before migrating anything


def _tls(pem: dict[str, Path]) -> dict[str, str]:
    return {"ssl_certfile": str(pem["cert"]), "ssl_keyfile": str(pem["key"])}


def test_a_real_server_answers_over_tls(api_db: str, pem: dict[str, Path], tmp_path: Path):
    port = free_port()
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port), "--db", api_db]
    command += ["--ssl-certfile", str(pem["cert"]), "--ssl-keyfile", str(pem["key"])]
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(command, env=os.environ | {"BIWU_SECRET": "s" * 40}, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
        try:
            with httpx.Client(
                base_url=f"https://127.0.0.1:{port}", verify=ssl.create_default_context(cafile=str(pem["cert"])), timeout=5
            ) as client:
                _wait(client, server, tmp_path / "server.log")
                worker = client.get("/tablet/sw.js")
                assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait(client: httpx.Client, server: subprocess.Popen, log: Path) -> httpx.Response:
    for _ in range(150):
        assert server.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            answer = client.get("/health")
            if answer.status_code == 200:
                return answer
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the HTTPS server did not answer /health")
