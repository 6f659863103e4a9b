"""The organisation's settings and the desk's rules (rows installed by the migrations)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Setting, User
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.workflow import Role


def all_settings(session: Session) -> dict[str, Any]:
    return {row.key: row.value for row in session.scalars(select(Setting))}


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


@use_case
def update_settings(session: Session, actor: User, values: dict[str, Any]) -> None:
    require_role(actor, Role.ADMIN, "Changing the settings")
    for key, value in values.items():
        row = session.get(Setting, key) or Setting(key=key)
        if row.value != value:
            audit(session, actor, "setting", data={"key": key, "from": row.value, "to": value})
        row.value = value
        session.add(row)
    commit(session)
