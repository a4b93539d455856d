"""The declared rules for attachments: a size limit, the allowed types and how many files a
submission may carry. A campaign declares them (`Campaign.attachments`); a definition that
says nothing gets the defaults below. `check` names each broken rule; nothing is stored
for a refused file."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from scoring.errors import Problem, RuleError

FileType = Literal["pdf", "png", "jpeg", "xlsx", "docx", "text"]
# media type sent on download, and the extension a blind reader's file name gets
FILE_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "text": ("text/plain; charset=utf-8", ".txt"),
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a scanned report or a phone photo fits; a video does not
MAX_BYTES_CEILING = 200 * 1024 * 1024  # the service's hard cap on any one upload
DEFAULT_TYPES: tuple[FileType, ...] = ("pdf", "png", "jpeg", "xlsx", "docx", "text")
# the file types a person reads, in Chinese first
LABELS = {"pdf": "PDF", "png": "PNG 图片", "jpeg": "JPEG 照片", "xlsx": "Excel 表格", "docx": "Word 文档", "text": "纯文本"}


class AttachmentRefused(RuleError):
    """A file past the size limit (`status` 413) or of a type not allowed (415)."""

    def __init__(self, problems: list[Problem], status: int = 415):
        super().__init__(problems)
        self.status = status


class AttachmentRules(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Size limit in bytes, allowed types (sniffed from the bytes), files per submission."""

    max_bytes: Annotated[int, msgspec.Meta(ge=1, le=MAX_BYTES_CEILING)] = DEFAULT_MAX_BYTES
    types: Annotated[list[FileType], msgspec.Meta(min_length=1, max_length=6)] = msgspec.field(default_factory=lambda: list(DEFAULT_TYPES))
    max_files: Annotated[int, msgspec.Meta(ge=0, le=100)] = 20

    def too_large(self, size: int | None = None, field: str = "file") -> AttachmentRefused:
        """The refusal of a file past the limit (`size` None: it was cut off on arrival)."""
        what = "is larger than the limit" if size is None else f"is {size} bytes"
        rule = f"{what}: this campaign accepts files of at most {self.max_bytes} bytes{_human(self.max_bytes)}"
        return AttachmentRefused([Problem(field, rule)], status=413)

    def check(self, size: int, kind: str, field: str = "file") -> None:
        """AttachmentRefused naming the field and the rule, or nothing."""
        if size > self.max_bytes:
            raise self.too_large(size, field)
        if size == 0:
            raise AttachmentRefused([Problem(field, "is empty: attach a file with content")], status=415)
        if kind not in self.types:
            allowed = ", ".join(LABELS[t] for t in self.types)
            what = (
                "an executable program"
                if kind == "executable"
                else "of a type that could not be recognised"
                if kind == "unknown"
                else f"a {LABELS[kind]} file"
            )
            rule = f"is {what} (read from its content, not its name); this campaign accepts: {allowed}"
            raise AttachmentRefused([Problem(field, rule)], status=415)


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f" ({n / (1024 * 1024):.1f} MiB)"
    return f" ({n / 1024:.1f} KiB)" if n >= 1024 else ""


__all__ = ["AttachmentRefused", "AttachmentRules", "DEFAULT_MAX_BYTES", "FILE_TYPES", "FileType", "LABELS", "MAX_BYTES_CEILING"]
