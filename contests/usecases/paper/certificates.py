"""Certificates (获奖证书): issued from a published list, verified in public, revoked with a reason.

- `issue_contest_certificates` / `issue_campaign_certificates` (organiser): one certificate
  per award of the latest published snapshot of an event, or of a campaign's published award
  list. Issuing again returns the certificates already issued for the same list and holder
  (the same serial numbers: a reprint is the same certificate); a newer snapshot is a new
  list and gets new certificates.
- `revoke_certificate` (organiser): final, with a reason, audited in the same transaction.
- `verify_certificate` (public): what the QR code opens. It confirms the certificate against
  the published list it was issued from and against the latest one: valid, revoked, or
  superseded when a later publication no longer gives this holder this award.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.campaigns.award_list import AwardList
from contests.results.exports import from_json
from contests.store.models import AwardListRow, CampaignRow, CertificateRevocationRow, CertificateRow, SnapshotRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from scoring.errors import RuleError

SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed by hand
MAX_REASON = 500
Status = Literal["valid", "revoked", "superseded"]


class Certificate(msgspec.Struct, frozen=True, kw_only=True):
    serial: str
    holder: str
    name: str
    unit: str
    award: str
    contest: str  # contest or campaign name
    event: str
    snapshot: int | None
    issued_at: dt.datetime


class CertificateCheck(msgspec.Struct, frozen=True, kw_only=True):
    certificate: Certificate
    status: Status
    revoked_at: dt.datetime | None = None
    reason: str | None = None


def new_serial(year: int) -> str:
    return f"ZS{year}-" + "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))


async def issue_contest_certificates(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> list[Certificate]:
    """A certificate per prize winner of the event's latest published snapshot (organiser)."""
    access.require_role(actor, (access.ORGANISER,), "issue certificates")
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    row = await _latest_snapshot(session, contest.id, event_id)
    if row is None:
        raise Conflict.at("event_id", f"event {event_id!r} has no published results: certificates are issued from a published list")
    standings = from_json(row.standings)
    winners = [(r.blind_code, r.name or "", r.unit or "", r.award) for r in standings.rows if r.award]
    scope = f"contest/{contest.id}/{event_id}/{row.number}"
    source = {"contest_id": contest.id, "event_id": event_id, "snapshot_number": row.number}
    rows = await _issue(session, actor, scope, source, winners, row.created_at.year)
    return [_view(r, standings.contest_name, standings.event_name) for r in rows]


async def issue_all_contest_certificates(session: AsyncSession, actor: Actor, contest_id: int) -> list[Certificate]:
    """The certificates of every event that has published results, in definition order (one
    PDF for the ceremony). 409 when no event has published results."""
    access.require_role(actor, (access.ORGANISER,), "issue certificates")
    contest, definition = await lookup.current_contest(session, contest_id)
    published = [e.id for e in definition.events if await _latest_snapshot(session, contest.id, e.id) is not None]
    if not published:
        raise Conflict.at("contest_id", f"contest {contest_id} has no published results: certificates are issued from a published list")
    return [c for event_id in published for c in await issue_contest_certificates(session, actor, contest_id, event_id)]


async def issue_campaign_certificates(session: AsyncSession, actor: Actor, campaign_id: int) -> list[Certificate]:
    """A certificate per awarded submission of the campaign's published award list (organiser)."""
    access.require_role(actor, (access.ORGANISER,), "issue certificates")
    campaign, award_list, published = await _campaign_list(session, campaign_id)
    if award_list is None:
        raise Conflict.at("campaign_id", f"campaign {campaign_id} has no published award list: certificates are issued from it")
    winners = [(e.submission, _proposers(e), e.unit_name, e.grade_name) for e in award_list.entries]
    rows = await _issue(session, actor, f"campaign/{campaign.id}", {"campaign_id": campaign.id}, winners, published.year)
    return [_view(r, award_list.name, "") for r in rows]


async def _issue(session: AsyncSession, actor: Actor, scope: str, source: dict, winners: list, year: int) -> list[CertificateRow]:
    async with transaction(session, conflict="certificates were issued for this list at the same time: issue again"):
        existing = {r.holder: r for r in await session.scalars(select(CertificateRow).where(CertificateRow.scope == scope))}
        fresh = [
            CertificateRow(serial=new_serial(year), scope=scope, holder=holder, name=name, unit=unit, award=award, created_by=actor.username, **source)
            for holder, name, unit, award in winners
            if holder not in existing
        ]  # fmt: skip
        session.add_all(fresh)
        if fresh:
            audit.record(
                session, actor.username, "certificates.issue", "certificates", scope, contest_id=source.get("contest_id"),
                after={"issued": len(fresh), "serials": [r.serial for r in fresh]},
            )  # fmt: skip
    return [existing.get(h) or next(r for r in fresh if r.holder == h) for h, *_ in winners]


async def revoke_certificate(session: AsyncSession, actor: Actor, serial: str, reason: str) -> CertificateCheck:
    """Revoke a certificate (organiser), with a reason; final. 409 if already revoked."""
    access.require_role(actor, (access.ORGANISER,), "revoke certificates")
    reason = " ".join(reason.split())
    if not reason or len(reason) > MAX_REASON:
        raise RuleError.at("reason", f"a revocation needs a reason of 1 to {MAX_REASON} characters")
    async with transaction(session, conflict=f"certificate {serial} was revoked at the same time", path="serial"):
        row = await _certificate(session, serial)
        if await _revocation(session, row.id) is not None:
            raise Conflict.at("serial", f"certificate {serial} is already revoked")
        session.add(CertificateRevocationRow(certificate_id=row.id, reason=reason, created_by=actor.username))
        audit.record(
            session, actor.username, "certificates.revoke", "certificates", serial, contest_id=row.contest_id,
            before={"award": row.award, "name": row.name}, reason=reason,
        )  # fmt: skip
    return await verify_certificate(session, serial)


async def verify_certificate(session: AsyncSession, serial: str) -> CertificateCheck:
    """What the QR code opens (public). NotFound for a serial never issued."""
    row = await _certificate(session, serial)
    revocation = await _revocation(session, row.id)
    if row.contest_id is not None:
        latest = await _latest_snapshot(session, row.contest_id, row.event_id or "")
        standings = from_json(latest.standings)  # the snapshot it was issued from exists: snapshots are never deleted
        current = standings.row(row.holder)
        still = current is not None and current.award == row.award and (current.name or "") == row.name
        view = _view(row, standings.contest_name, standings.event_name)
    else:
        _, award_list, _ = await _campaign_list(session, row.campaign_id or 0)
        entry = next((e for e in award_list.entries if e.submission == row.holder), None) if award_list else None
        still = entry is not None and entry.grade_name == row.award
        view = _view(row, award_list.name if award_list else "", "")
    if revocation is not None:
        return CertificateCheck(certificate=view, status="revoked", revoked_at=revocation.created_at, reason=revocation.reason)
    return CertificateCheck(certificate=view, status="valid" if still else "superseded")


async def _certificate(session: AsyncSession, serial: str) -> CertificateRow:
    row = await session.scalar(select(CertificateRow).where(CertificateRow.serial == serial)) if len(serial) <= 32 else None
    if row is None:
        raise NotFound.at("serial", f"no certificate numbered {serial!r} was issued")
    return row


async def _revocation(session: AsyncSession, certificate_id: int) -> CertificateRevocationRow | None:
    return await session.scalar(select(CertificateRevocationRow).where(CertificateRevocationRow.certificate_id == certificate_id))


async def _latest_snapshot(session: AsyncSession, contest_id: int, event_id: str) -> SnapshotRow | None:
    query = select(SnapshotRow).where(SnapshotRow.contest_id == contest_id, SnapshotRow.event_id == event_id)
    return await session.scalar(query.order_by(SnapshotRow.number.desc()).limit(1))


async def _campaign_list(session: AsyncSession, campaign_id: int) -> tuple[CampaignRow, AwardList | None, dt.datetime]:
    campaign = await session.get(CampaignRow, campaign_id)
    if campaign is None:
        raise NotFound.at("campaign_id", f"no campaign {campaign_id}")
    row = await session.scalar(select(AwardListRow).where(AwardListRow.campaign_id == campaign.id))
    if row is None:
        return campaign, None, campaign.created_at
    return campaign, msgspec.json.decode(row.award_list, type=AwardList), row.created_at


def _proposers(entry) -> str:
    return "、".join(s.name for s in entry.shares)


def _view(row: CertificateRow, contest: str, event: str) -> Certificate:
    return Certificate(
        serial=row.serial, holder=row.holder, name=row.name, unit=row.unit, award=row.award, contest=contest, event=event,
        snapshot=row.snapshot_number, issued_at=row.created_at,
    )  # fmt: skip


__all__ = [
    "Certificate",
    "CertificateCheck",
    "issue_all_contest_certificates",
    "issue_campaign_certificates",
    "issue_contest_certificates",
    "revoke_certificate",
    "verify_certificate",
]
