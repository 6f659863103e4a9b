"""Accounts: creation, authentication, roles and deactivation."""
from __future__ import annotations

import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import ValidationError
from factcheck.models import User
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.workflow import Role

HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)  # tests only: fast, still Argon2id
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
# verifying against a real hash keeps an unknown email as slow as a wrong password; made at the first
# login, not at import (an Argon2 hash takes 64 MiB, which every worker that never logs anyone in —
# a reader-only one — would otherwise carry as peak memory)
_DUMMY_HASH: str | None = None


def dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = HASHER.hash(secrets.token_hex(16))
    return _DUMMY_HASH


def use_cheap_hashing() -> None:
    """Under TESTING only (create_app calls it): new hashes are cheap; verifying reads each hash's own cost."""
    global HASHER, _DUMMY_HASH
    HASHER, _DUMMY_HASH = CHEAP_HASHER, None


class WrongPassword(ValidationError):
    """The current password, typed to confirm a change, is not the account's."""


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise ValidationError(f"{email or 'An empty value'} is not an email address.")
    return email


def parse_role(role: str) -> Role:
    try:
        return Role.parse(role or "")
    except ValueError as error:
        raise ValidationError(str(error).capitalize() + ".") from None


def check_new_password(password: str | None) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"The password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"The password can have at most {MAX_PASSWORD} characters.")


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def new_user(session: Session, email: str, name: str, role: str, password: str) -> User:
    """Validate and add (not commit) an account; shared by the CLI and the admin page."""
    email, role_enum = normalise_email(email), parse_role(role)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationError("A name is required (at most 120 characters).")
    check_new_password(password)
    if find_by_email(session, email):
        raise ValidationError(f"An account with the email {email} already exists.")
    user = User(email=email, name=name, role=role_enum, password_hash=HASHER.hash(password), active=True)
    session.add(user)
    session.flush()
    return user


@use_case
def create_user(session: Session, actor: User | None, email: str, name: str, role: str, password: str) -> User:
    """`actor` None means the command line (the operator of the machine)."""
    if actor is not None:
        require_role(actor, Role.ADMIN, "Creating accounts")
    user = new_user(session, email, name, role, password)
    audit(session, actor, "create_account", data={"user": user.id, "email": user.email, "role": user.role.label})
    commit(session)
    return user


@use_case
def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active account with this email and password, or None (same time either way)."""
    user = find_by_email(session, email or "")
    try:
        HASHER.verify(user.password_hash if user else dummy_hash(), password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    user.last_login_at = utcnow()
    commit(session)
    return user


@use_case
def change_own_password(session: Session, actor: User, current: str, new: str) -> User:
    """The person's own password: the current one must be right; the audit says it changed, never to what."""
    user = get_or_404(session, User, actor.id, "account")
    try:
        HASHER.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        raise WrongPassword("Your current password is not right; nothing was changed.") from None
    check_new_password(new)
    if new == current:
        raise ValidationError("The new password is the same as the current one; choose another.")
    user.password_hash = HASHER.hash(new)
    user.session_epoch += 1  # other sessions (a stolen cookie among them) end; the caller logs this one in again
    audit(session, actor, "change_password", data={"user": user.id})
    commit(session)
    return user


@use_case
def end_sessions(session: Session, actor: User, user_id: int) -> User:
    """Log an account out everywhere: its own holder (logout) or an admin acting on it."""
    if actor.id != user_id:
        require_role(actor, Role.ADMIN, "Logging someone else out")
    user = get_or_404(session, User, user_id, "account")
    user.session_epoch += 1
    audit(session, actor, "end_sessions", data={"user": user.id})
    commit(session)
    return user


@use_case
def change_role(session: Session, actor: User, user_id: int, role: str) -> User:
    require_role(actor, Role.ADMIN, "Changing roles")
    user = get_or_404(session, User, user_id, "account")
    new_role = parse_role(role)
    if user.id == actor.id and new_role < Role.ADMIN:
        raise ValidationError("You cannot take the admin role away from yourself; ask another admin.")
    audit(session, actor, "change_role", data={"user": user.id, "from": user.role.label, "to": new_role.label})
    user.role = new_role
    commit(session)
    return user


@use_case
def set_active(session: Session, actor: User, user_id: int, active: bool) -> User:
    require_role(actor, Role.ADMIN, "Deactivating accounts")
    user = get_or_404(session, User, user_id, "account")
    if user.id == actor.id and not active:
        raise ValidationError("You cannot deactivate your own account.")
    audit(session, actor, "activate" if active else "deactivate", data={"user": user.id})
    user.active = active
    if not active:
        user.session_epoch += 1
    commit(session)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.name)))
