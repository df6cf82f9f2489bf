"""User accounts, roles and sign-in for the embedded mode (argon2 password hashes)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from grensdesk.i18n import LANGUAGES, N_, _, ngettext
from grensdesk.models import ROLES, Office, Topic, UserAccount, UserRole
from grensdesk.services.context import Actor, OfficeId, UserId, require_role
from grensdesk.services.errors import (
    NotFoundError,
    SignInError,
    SignInThrottledError,
    ValidationError,
)
from grensdesk.services.events import record_event

ROLE_LABELS: Final = {
    "adviser": N_("adviser"),
    "expert": N_("expert"),
    "editor": N_("editor"),
    "coordinator": N_("coordinator"),
    "admin": N_("administrator"),
}
FREE_ATTEMPTS: Final = 3
MAX_WAIT_SECONDS: Final = 60
MIN_PASSWORD_LENGTH: Final = 8
USERNAME_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")

# Argon2id with OWASP's second recommended setting (46 MiB, 1 pass, 1 lane): about 90 ms
# here, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 300-400 ms of every
# sign-in on a two-core desk PC. Stored hashes with other parameters are upgraded on the
# next successful sign-in (check_needs_rehash).
_hasher = PasswordHasher(time_cost=1, memory_cost=47_104, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so both cases cost the same time."""
    return _hasher.hash("grensdesk-timing-equaliser")


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    office_code: str
    roles: tuple[str, ...]
    password: str
    email: str = ""
    ui_language: str = "nl"
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserSummary:
    id: int
    username: str
    full_name: str
    email: str
    office_code: str
    office_name: str
    roles: tuple[str, ...]
    topics: tuple[str, ...]
    ui_language: str
    active: bool


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def wait_seconds_after(failures: int) -> int:
    """How long to wait after ``failures`` failed attempts in a row: doubling, capped."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS))


def authenticate(
    sessions: sessionmaker[Session],
    username: str,
    password: str,
    now: dt.datetime | None = None,
) -> Actor:
    """Check a password; the message never tells whether the name or the password was wrong."""
    moment = now or dt.datetime.now(dt.UTC)
    wrong = SignInError(_("Unknown user name or wrong password."))
    with sessions.begin() as session:
        user = session.scalar(_user_query().where(UserAccount.username == username.strip()))
        if user is None or not user.active or user.password_hash is None:
            _verify(_dummy_hash(), password)
            raise wrong
        wait = _remaining_wait(user, moment)
        if wait > 0:
            raise SignInThrottledError(
                ngettext(
                    "Too many failed attempts. Try again in {seconds} second.",
                    "Too many failed attempts. Try again in {seconds} seconds.",
                    wait,
                ).format(seconds=wait),
                wait,
            )
        accepted = _verify(user.password_hash, password)
        if accepted:
            user.failed_sign_ins = 0
            user.last_failed_sign_in = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            actor = _actor(user)
        else:
            # Committed (not rolled back with the error) so that the throttle counts it.
            user.failed_sign_ins += 1
            user.last_failed_sign_in = moment
            record_event(
                session, "user.sign_in_failed", "user_account", user.id, office_id=user.office_id
            )
    if not accepted:
        raise wrong
    return actor


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _remaining_wait(user: UserAccount, moment: dt.datetime) -> int:
    if user.last_failed_sign_in is None:
        return 0
    until = user.last_failed_sign_in + dt.timedelta(
        seconds=wait_seconds_after(user.failed_sign_ins)
    )
    return max(0, int((until - moment).total_seconds() + 0.999))


def _user_query() -> Select[UserAccount]:
    return select(UserAccount).options(
        selectinload(UserAccount.office),
        selectinload(UserAccount.roles),
        selectinload(UserAccount.topics),
    )


def _actor(user: UserAccount) -> Actor:
    return Actor(
        user_id=UserId(user.id),
        username=user.username,
        full_name=user.full_name,
        office_id=OfficeId(user.office_id),
        office_code=user.office.code,
        office_name=user.office.name,
        roles=frozenset(role.role for role in user.roles),
        topics=tuple(topic.code for topic in user.topics),
        ui_language=user.ui_language,
    )


def _summary(user: UserAccount) -> UserSummary:
    return UserSummary(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        office_code=user.office.code,
        office_name=user.office.name,
        roles=tuple(role.role for role in user.roles),
        topics=tuple(topic.code for topic in user.topics),
        ui_language=user.ui_language,
        active=user.active,
    )


def _language_problem(language: str) -> ValidationError | None:
    if language in LANGUAGES:
        return None
    return ValidationError(
        _("Unknown language {language}. Choose one of {languages}.").format(
            language=language, languages=", ".join(LANGUAGES)
        ),
        field="ui_language",
    )


def new_user_problems(new: NewUser) -> list[ValidationError]:
    """Every rule the new account breaks, one per field, so a form can show them all."""
    problems: list[ValidationError] = []
    if not USERNAME_PATTERN.match(new.username):
        problems.append(
            ValidationError(
                _(
                    "A user name has 2 to 60 characters: lower-case letters, digits, '.', '_' "
                    "or '-', starting with a letter or digit."
                ),
                field="username",
            )
        )
    if not new.full_name.strip():
        problems.append(ValidationError(_("The full name is required."), field="full_name"))
    unknown = [role for role in new.roles if role not in ROLES]
    if not new.roles:
        problems.append(ValidationError(_("Give the user at least one role."), field="roles"))
    elif unknown:
        problems.append(
            ValidationError(
                _("Unknown role {role}. Known roles: {roles}.").format(
                    role=unknown[0], roles=", ".join(ROLES)
                ),
                field="roles",
            )
        )
    language = _language_problem(new.ui_language)
    if language is not None:
        problems.append(language)
    if len(new.password) < MIN_PASSWORD_LENGTH:
        problems.append(
            ValidationError(
                _("The password needs at least {count} characters.").format(
                    count=MIN_PASSWORD_LENGTH
                ),
                field="password",
            )
        )
    return problems


def validate_new_user(new: NewUser) -> None:
    problems = new_user_problems(new)
    if problems:
        raise problems[0]


def add_user(sessions: sessionmaker[Session], actor: Actor, new: NewUser) -> UserSummary:
    """Create a user account; administrators only."""
    require_role(actor, "admin")
    validate_new_user(new)
    with sessions.begin() as session:
        office = session.scalar(select(Office).where(Office.code == new.office_code))
        if office is None:
            raise NotFoundError(_("Unknown office {code}.").format(code=new.office_code))
        topics = _topics_by_code(session, new.topics)
        if session.scalar(select(UserAccount.id).where(UserAccount.username == new.username)):
            raise ValidationError(
                _("The user name {username} is taken.").format(username=new.username),
                field="username",
            )
        user = UserAccount(
            username=new.username,
            full_name=new.full_name.strip(),
            email=new.email.strip(),
            office=office,
            ui_language=new.ui_language,
            password_hash=hash_password(new.password),
            roles=[UserRole(role=role) for role in dict.fromkeys(new.roles)],
            topics=topics,
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError as error:
            raise ValidationError(
                _("The user name {username} is taken.").format(username=new.username),
                field="username",
            ) from error
        record_event(
            session,
            "user.created",
            "user_account",
            user.id,
            office_id=office.id,
            actor_id=actor.user_id,
        )
        return _summary(user)


def _topics_by_code(session: Session, codes: tuple[str, ...]) -> list[Topic]:
    if not codes:
        return []
    found = {t.code: t for t in session.scalars(select(Topic).where(Topic.code.in_(codes)))}
    missing = [code for code in codes if code not in found]
    if missing:
        raise NotFoundError(_("Unknown topic {code}.").format(code=missing[0]))
    return [found[code] for code in dict.fromkeys(codes)]


def list_users(
    sessions: sessionmaker[Session], actor: Actor, office_code: str | None = None
) -> list[UserSummary]:
    """Every account (or one office's); administrators only."""
    require_role(actor, "admin")
    with sessions() as session:
        query = _user_query().order_by(UserAccount.username)
        if office_code is not None:
            office_id = session.scalar(select(Office.id).where(Office.code == office_code))
            if office_id is None:
                raise NotFoundError(_("Unknown office {code}.").format(code=office_code))
            query = query.where(UserAccount.office_id == office_id)
        return [_summary(user) for user in session.scalars(query)]


def set_ui_language(sessions: sessionmaker[Session], actor: Actor, language: str) -> None:
    """Remember the signed-in user's own UI language."""
    problem = _language_problem(language)
    if problem is not None:
        raise problem
    if actor.user_id is None:
        return
    with sessions.begin() as session:
        user = session.get(UserAccount, actor.user_id)
        if user is None:
            raise NotFoundError(_("Your account no longer exists."))
        user.ui_language = language


def office_advisers(sessions: sessionmaker[Session], actor: Actor) -> list[tuple[int, str]]:
    """The advisers of the actor's own office, by name: for filtering its consultations."""
    with sessions() as session:
        return [
            (user_id, name)
            for user_id, name in session.execute(
                select(UserAccount.id, UserAccount.full_name)
                .join(UserRole)
                .where(UserAccount.office_id == actor.office_id, UserRole.role == "adviser")
                .order_by(UserAccount.full_name)
            )
        ]
