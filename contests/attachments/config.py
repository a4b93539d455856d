"""Which attachment store a deployment uses, from the environment.

- BIWU_S3_BUCKET set: S3Store on that bucket (several app servers share it), with
  BIWU_S3_ENDPOINT_URL (MinIO, Ceph, …; unset for AWS), BIWU_S3_REGION, BIWU_S3_PREFIX;
  credentials come the usual boto3 way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile
  or an instance role), never from biwu's own settings.
- otherwise LocalDiskStore under BIWU_ATTACHMENTS_DIR; unset, next to the SQLite database
  (`biwu.db` → `biwu-attachments/`), or for another database under $XDG_DATA_HOME (default
  ~/.local/share)/biwu/attachments. Several app servers need the S3 store or a shared dir.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from contests.attachments.local_disk import LocalDiskStore
from contests.attachments.store import BlobStore


def default_dir(database_url: str, environ: Mapping[str, str] = os.environ) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        return db.with_name(f"{db.stem}-attachments")
    data_home = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "biwu" / "attachments"


def store_from_env(database_url: str, environ: Mapping[str, str] = os.environ) -> BlobStore:
    if bucket := environ.get("BIWU_S3_BUCKET"):
        from contests.attachments.s3 import S3Store

        options = {"endpoint_url": environ.get("BIWU_S3_ENDPOINT_URL"), "region_name": environ.get("BIWU_S3_REGION")}
        return S3Store(bucket, prefix=environ.get("BIWU_S3_PREFIX", ""), **{k: v for k, v in options.items() if v})
    return LocalDiskStore(environ.get("BIWU_ATTACHMENTS_DIR") or default_dir(database_url, environ))


__all__ = ["default_dir", "store_from_env"]
