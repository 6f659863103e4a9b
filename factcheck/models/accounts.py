from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from factcheck.db import Base, str_enum, utcnow
from factcheck.workflow import Role


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, lambda r: r.label), default=Role.REVIEWER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # carried in the login cookie; moving it on ends every session of the account (services.accounts)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)

    # flask-login reads these four
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What flask-login keeps in the cookie: the account and its session epoch."""
        return f"{self.id}:{self.session_epoch}"

    @validates("role")
    def _typed_role(self, _key: str, value: Role | str) -> Role:
        return value if isinstance(value, Role) else Role.parse(value)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
