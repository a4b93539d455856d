"""Attachments in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, moto), so that
several app servers share one set of files. boto3 is an optional dependency (`pip install
biwu[s3]`), imported only when this store is built.

A put first asks whether the key exists (HEAD) and uploads only if not: content keys never
need overwriting. Objects are private; they are only read through the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from contests.attachments.store import BlobMissing


class S3Store:
    def __init__(self, bucket: str, *, prefix: str = "", client: Any = None, **client_options: Any):
        if client is None:
            import boto3  # optional dependency: only S3 deployments need it

            client = boto3.client("s3", **client_options)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def put(self, key: str, source: Path) -> None:
        if self.exists(key):
            return
        self.client.upload_file(str(source), self.bucket, self.prefix + key)

    def open(self, key: str) -> BinaryIO:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey:
            raise BlobMissing(key) from None
        return answer["Body"]

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True


__all__ = ["S3Store"]
