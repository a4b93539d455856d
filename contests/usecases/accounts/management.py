"""Managing login accounts: disable, enable, change one's own password, reset another's.

Each change is audited (who, whose account, never a hash) in its transaction. Disabling
and every password change move the account's `token_generation` on, so every token issued
before stops authenticating at once (the API compares the generation a token carries with
the stored one on every request). Enabling does not: the tokens the disable revoked stay
revoked, the user logs in again.

An organiser cannot disable their own account: the last organiser would lock everybody
out of managing accounts (the CLI, run at the server, can still disable or enable anyone).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor, UserError, password_problem, username_problem
from contests.store.models import UserRow
from contests.usecases.accounts.hashing import hash_password, verify_password
from contests.usecases.accounts.users import Account, account, user_row
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from scoring.errors import Problem


async def set_disabled(session: AsyncSession, by: Actor | None, username: str, disabled: bool) -> Account:
    """Disable (revoking every token) or enable an account. NotFound (404) for an unknown
    username; Conflict (409) for disabling one's own account. `by` None: the CLI ("system")."""
    if by is not None and disabled and by.username == username:
        raise Conflict.at("username", "you cannot disable your own account (another organiser or `biwu user disable` can)")
    async with transaction(session):
        row = await _existing(session, username)
        if row.disabled != disabled:
            row.disabled = disabled
            if disabled:
                row.token_generation += 1
            action = "user.disable" if disabled else "user.enable"
            audit.record(session, _who(by), action, "user", username, before={"disabled": not disabled}, after={"disabled": disabled})
        return account(row)


async def change_password(session: AsyncSession, actor: Actor, current: str, new: str) -> int:
    """The actor changes their own password, proving the current one; returns the new token
    generation (older tokens are revoked). Conflict (409) at `current_password` for a wrong
    current password; UserError (409) at `new_password` for one the policy refuses."""
    if why := password_problem(new, actor.username):
        raise UserError([Problem("new_password", why)])
    password_hash = (await _existing(session, actor.username)).password_hash
    await session.rollback()  # no connection held while argon2 runs (users.log_in says why)
    if not await verify_password(password_hash, current):
        raise Conflict.at("current_password", "is not your current password")
    return await _store(session, actor.username, await hash_password(new), actor.username, "user.password")


async def reset_password(session: AsyncSession, by: Actor | None, username: str, new: str) -> Account:
    """Set another account's password (an organiser, or the CLI with `by` None) and revoke
    its tokens. NotFound (404) for an unknown username; UserError (409) at `password`."""
    await _existing(session, username)
    await session.rollback()  # no connection held while argon2 runs (users.log_in says why)
    if why := password_problem(new, username):
        raise UserError([Problem("password", why)])
    await _store(session, username, await hash_password(new), _who(by), "user.reset_password")
    return account(await _existing(session, username))


async def revoke_tokens(session: AsyncSession, user_ids: list[int]) -> None:
    """Move these accounts' token generation on (in the caller's transaction)."""
    if user_ids:
        await session.execute(
            update(UserRow).where(UserRow.id.in_(user_ids)).values(token_generation=UserRow.token_generation + 1),
            execution_options={"synchronize_session": False},
        )


async def _store(session: AsyncSession, username: str, password_hash: str, who: str, action: str) -> int:
    async with transaction(session):
        row = await _existing(session, username)
        row.password_hash = password_hash
        row.token_generation += 1
        audit.record(session, who, action, "user", username)
        return row.token_generation


async def _existing(session: AsyncSession, username: str) -> UserRow:
    row = None if username_problem(username) else await user_row(session, username)
    if row is None:
        raise NotFound.at("username", f"no user account {username!r}")
    return row


def _who(by: Actor | None) -> str:
    return by.username if by is not None else audit.SYSTEM


__all__ = ["change_password", "reset_password", "revoke_tokens", "set_disabled"]
