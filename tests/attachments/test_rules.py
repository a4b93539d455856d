"""The declared attachment rules: types read from the bytes, the size limit, file names,
the capped spool, and the campaign definition's `attachments` field."""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec
import pytest

from contests.attachments import AttachmentRefused, AttachmentRules, Spool, clean_filename, sniff
from contests.attachments.spool import CapExceeded
from contests.campaigns.definition import Campaign, campaign_problems
from tests.attachments import files
from tests.campaigns.factories import campaign_1986


def _sniffed(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "upload.bin"  # the name says nothing: the bytes decide
    path.write_bytes(data)
    return sniff(path)


@pytest.mark.parametrize(
    "data, kind",
    [
        (files.PDF, "pdf"),
        (files.PNG, "png"),
        (files.JPEG, "jpeg"),
        (files.TEXT, "text"),
        (b"\xef\xbb\xbf" + files.TEXT, "text"),
        (files.EXE, "executable"),
        (files.ELF, "executable"),
        (files.SCRIPT, "executable"),
        (b"", "unknown"),
        (b"\x00\x01\x02binary", "unknown"),
        ("油位".encode("gb18030") + b"\x80\x81", "unknown"),
        (files.zipped({"readme.txt": b"hi"}), "unknown"),  # a ZIP is not an office document
        (files.zipped({"word/document.xml": b"x"}), "unknown"),  # no [Content_Types].xml
        (b"PK\x03\x04 truncated", "unknown"),
    ],
)
def test_the_type_is_read_from_the_bytes(tmp_path: Path, data: bytes, kind: str):
    assert _sniffed(tmp_path, data) == kind


def test_office_documents_are_told_apart_by_their_members(tmp_path: Path):
    assert _sniffed(tmp_path, files.xlsx()) == "xlsx"
    assert _sniffed(tmp_path, files.docx()) == "docx"


def test_text_cut_inside_a_character_at_the_sample_edge_is_still_text(tmp_path: Path):
    data = ("试" * 30_000).encode()  # 90,000 bytes: the 64 KiB sample ends inside a character
    assert _sniffed(tmp_path, data) == "text"


def test_default_rules_accept_the_usual_evidence_and_refuse_programs():
    rules = AttachmentRules()
    for kind in ("pdf", "png", "jpeg", "xlsx", "docx", "text"):
        rules.check(1000, kind)
    with pytest.raises(AttachmentRefused) as refused:
        rules.check(1000, "executable")
    assert refused.value.status == 415
    assert refused.value.problems[0].path == "file" and "executable program" in refused.value.problems[0].rule


def test_the_size_limit_is_inclusive_and_names_itself():
    rules = AttachmentRules(max_bytes=100)
    rules.check(100, "pdf")
    with pytest.raises(AttachmentRefused) as refused:
        rules.check(101, "pdf")
    assert refused.value.status == 413
    assert "at most 100 bytes" in refused.value.problems[0].rule


def test_a_type_left_out_of_the_declared_list_is_refused():
    with pytest.raises(AttachmentRefused, match="accepts: PDF"):
        AttachmentRules(types=["pdf"]).check(10, "jpeg")


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("图纸.pdf", "图纸.pdf"),
        ("C:\\Users\\张三\\Desktop\\报告.docx", "报告.docx"),
        ("e\u0301tude.pdf", "\u00e9tude.pdf"),  # decomposed (macOS) → NFC
    ],
)
def test_file_names_are_kept_in_nfc_without_their_path(raw: str, kept: str):
    assert clean_filename(raw) == (kept, None)


@pytest.mark.parametrize("raw", ["bad\x00name.pdf", "tab\there.pdf", "line\nbreak.pdf", "c1\x85.pdf", "", "a/", "x" * 256])
def test_bad_file_names_are_refused_with_the_field_named(raw: str):
    name, problem = clean_filename(raw)
    assert name is None and problem is not None and problem.path == "filename"


def test_the_spool_hashes_counts_and_caps(tmp_path: Path):
    spool = Spool(cap=10, directory=str(tmp_path))
    spool.write(b"12345")
    spool.write(b"67890")
    received = spool.finish()
    assert (received.size, received.sha256) == (10, hashlib.sha256(b"1234567890").hexdigest())
    assert received.path.read_bytes() == b"1234567890"
    over = Spool(cap=10, directory=str(tmp_path))
    over.write(b"12345")
    with pytest.raises(CapExceeded):
        over.write(b"678901")
    assert not over.path.exists()  # nothing of an oversized upload is kept


def test_old_campaign_definitions_stay_valid_and_get_the_defaults():
    body = msgspec.to_builtins(campaign_1986())
    body.pop("attachments")
    campaign = msgspec.convert(body, Campaign)
    assert campaign.attachments == AttachmentRules()
    assert campaign_problems(campaign) == []


def test_a_campaign_declares_its_own_rules_and_duplicates_are_refused():
    body = msgspec.to_builtins(campaign_1986()) | {"attachments": {"max_bytes": 5_000_000, "types": ["pdf", "jpeg", "pdf"]}}
    campaign = msgspec.convert(body, Campaign)
    assert campaign.attachments.max_bytes == 5_000_000
    assert [p.path for p in campaign_problems(campaign)] == ["attachments.types[2]"]
    with pytest.raises(msgspec.ValidationError, match="attachments"):
        msgspec.convert(body | {"attachments": {"types": ["exe"]}}, Campaign)
