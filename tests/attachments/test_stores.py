"""Every attachment store passes the same tests: local disk and an S3-compatible object
store (moto's server in a subprocess). Content-addressed: a key holds its bytes forever."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest

from contests.attachments import BlobMissing, BlobStore, content_key
from contests.attachments.config import default_dir, store_from_env
from contests.attachments.local_disk import LocalDiskStore
from contests.attachments.s3 import S3Store
from tests.attachments.s3_server import BUCKET, CREDENTIALS


@pytest.fixture(params=["local_disk", "s3"])
def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local_disk":
        return LocalDiskStore(tmp_path / "store")
    client = request.getfixturevalue("s3_client")
    return S3Store(BUCKET, prefix=f"t-{uuid.uuid4().hex[:8]}", client=client)  # a prefix per test: stores start empty


def _file(tmp_path: Path, data: bytes) -> tuple[Path, str]:
    path = tmp_path / f"upload-{uuid.uuid4().hex}"
    path.write_bytes(data)
    return path, content_key(hashlib.sha256(data).hexdigest())


def _read(blobs: BlobStore, key: str) -> bytes:
    blob = blobs.open(key)
    try:
        return blob.read()
    finally:
        blob.close()


def test_a_put_blob_reads_back_byte_for_byte(blobs: BlobStore, tmp_path: Path):
    data = "测试报告".encode() + bytes(range(256)) * 100
    path, key = _file(tmp_path, data)
    assert not blobs.exists(key)
    blobs.put(key, path)
    assert blobs.exists(key)
    assert _read(blobs, key) == data
    assert hashlib.sha256(_read(blobs, key)).hexdigest() == key.rsplit("/", 1)[1]


def test_putting_a_key_again_never_overwrites(blobs: BlobStore, tmp_path: Path):
    path, key = _file(tmp_path, b"first bytes")
    blobs.put(key, path)
    other = tmp_path / "other"
    other.write_bytes(b"something else entirely")
    blobs.put(key, other)  # a content key that exists is never written again
    assert _read(blobs, key) == b"first bytes"


def test_two_contents_live_side_by_side(blobs: BlobStore, tmp_path: Path):
    a, key_a = _file(tmp_path, b"version 1")
    b, key_b = _file(tmp_path, b"version 2")
    blobs.put(key_a, a)
    blobs.put(key_b, b)
    assert (_read(blobs, key_a), _read(blobs, key_b)) == (b"version 1", b"version 2")


def test_a_missing_blob_is_reported_as_missing(blobs: BlobStore):
    key = content_key("0" * 64)
    assert not blobs.exists(key)
    with pytest.raises(BlobMissing):
        blobs.open(key)


def test_every_store_implements_the_interface(blobs: BlobStore):
    assert isinstance(blobs, BlobStore)


def test_content_keys_are_digests_only():
    assert content_key("ab" * 32) == f"sha256/ab/ab/{'ab' * 32}"
    for bad in ("AB" * 32, "ab" * 31, "../" + "a" * 61, ""):
        with pytest.raises(ValueError):
            content_key(bad)


def test_the_local_store_keeps_keys_inside_its_root(tmp_path: Path):
    store = LocalDiskStore(tmp_path / "store")
    with pytest.raises(ValueError):
        store.exists("../../etc/passwd")


def test_configuration_from_the_environment(tmp_path: Path, s3_endpoint: str):
    sqlite = f"sqlite+aiosqlite:///{tmp_path / 'biwu.db'}"
    assert default_dir(sqlite) == tmp_path / "biwu-attachments"
    assert default_dir("postgresql+asyncpg://u:p@h/db", {"XDG_DATA_HOME": "/srv/data"}) == Path("/srv/data/biwu/attachments")
    local = store_from_env(sqlite, {"BIWU_ATTACHMENTS_DIR": str(tmp_path / "files")})
    assert isinstance(local, LocalDiskStore) and local.root == tmp_path / "files"
    env = {"BIWU_S3_BUCKET": BUCKET, "BIWU_S3_ENDPOINT_URL": s3_endpoint, "BIWU_S3_REGION": CREDENTIALS["region_name"]}
    s3 = store_from_env(sqlite, env)
    assert isinstance(s3, S3Store) and s3.bucket == BUCKET
