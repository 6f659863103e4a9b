"""Where uploaded media live: a content-addressed store (the key is made from the file's SHA-256).

`MEDIA_STORAGE = "local"` (the default) keeps files under the instance folder (`instance/media/…`);
`"s3://bucket/prefix"` keeps them in an S3-compatible bucket through boto3 (the optional extra `s3`),
with `MEDIA_S3_ENDPOINT`, `MEDIA_S3_REGION`, `MEDIA_S3_ACCESS_KEY` and `MEDIA_S3_SECRET_KEY`.

`put` says whether it wrote a new object: the same bytes uploaded twice share one object, so a caller
that must undo a put (its database row failed) deletes the object only if its own put created it.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"^[a-z]+/[0-9a-f]{2}/[0-9a-f]{64}(\.[a-z0-9]{1,5})?$")


class StorageError(Exception):
    """The store could not be reached or refused the operation."""


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> bool: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def describe(self, key: str) -> str: ...


def key_for(kind: str, sha256: str, extension: str) -> str:
    """"image/ab/abcdef….png": a folder per kind, then the first two hex digits (no huge folders)."""
    return f"{kind}/{sha256[:2]}/{sha256}{extension}"


def check_key(key: str) -> str:
    if not KEY.match(key or ""):
        raise StorageError(f"{key!r} is not a storage key.")
    return key


class LocalStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> bool:
        target = self.path(key)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)  # whole or not at all: a reader never sees half a file
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True

    def get(self, key: str) -> bytes:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            raise StorageError(f"The stored file {key} is missing.") from None

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def describe(self, key: str) -> str:
        return str(self.path(key))

    def keys(self) -> list[str]:
        """Every stored key (tests and `factcheck` upkeep: nothing stored without a row)."""
        if not self.root.is_dir():
            return []
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file()
                      and not p.name.startswith(".upload-"))


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph…) through boto3, which is imported only when used."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str | None = None, region: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None, client=None):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        if client is None:
            try:
                import boto3
            except ImportError:
                raise StorageError("MEDIA_STORAGE is an s3:// bucket but boto3 is not installed "
                                   "(pip install 'factcheck[s3]').") from None
            client = boto3.client("s3", endpoint_url=endpoint or None, region_name=region or None,
                                  aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None)
        self.client = client

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, fn, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(Bucket=self.bucket, **kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(kwargs.get("Key")) from None
            raise StorageError(f"The media bucket refused to {what} ({code or error}).") from None
        except BotoCoreError as error:
            raise StorageError(f"The media bucket could not be reached to {what} ({error}).") from None

    def exists(self, key: str) -> bool:
        try:
            self._call("look up a file", self.client.head_object, Key=self._name(key))
        except FileNotFoundError:
            return False
        return True

    def put(self, key: str, data: bytes) -> bool:
        if self.exists(key):
            return False
        self._call("store a file", self.client.put_object, Key=self._name(key), Body=data)
        return True

    def get(self, key: str) -> bytes:
        try:
            return self._call("read a file", self.client.get_object, Key=self._name(key))["Body"].read()
        except FileNotFoundError:
            raise StorageError(f"The stored file {key} is missing from the bucket.") from None

    def delete(self, key: str) -> None:
        try:
            self._call("delete a file", self.client.delete_object, Key=self._name(key))
        except FileNotFoundError:
            pass

    def describe(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._name(key)}"


def from_config(config, instance_path: str | Path) -> Storage:
    spec = str(config.get("MEDIA_STORAGE") or "local")
    if spec == "local":
        return LocalStorage(Path(instance_path) / "media")
    if spec.startswith("file:"):
        return LocalStorage(Path(spec[len("file:"):]))
    if spec.startswith("s3://"):
        bucket, _, prefix = spec[len("s3://"):].partition("/")
        if not bucket:
            raise StorageError("MEDIA_STORAGE s3:// needs a bucket name: s3://bucket/prefix.")
        return S3Storage(bucket, prefix, endpoint=config.get("MEDIA_S3_ENDPOINT"), region=config.get("MEDIA_S3_REGION"),
                         access_key=config.get("MEDIA_S3_ACCESS_KEY"), secret_key=config.get("MEDIA_S3_SECRET_KEY"))
    raise StorageError(f"MEDIA_STORAGE must be 'local', 'file:/path' or 's3://bucket/prefix', not {spec!r}.")
