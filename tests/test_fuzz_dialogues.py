"""Property-based: random text, commands, media and callback data (including forged payloads
of every CallbackData factory, for other people's objects and for staff actions) pushed
through the real dispatcher in every state of every dialogue, as a user, a moderator and an
admin. No handler may fail, every callback must be answered, and a person without rights
must change nothing."""

from __future__ import annotations

import enum
import importlib
import logging
import os
import pkgutil
import typing
from typing import Any

import pytest
from aiogram import Dispatcher
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import Document, PhotoSize, Sticker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import handlers
from bot.config import Settings
from bot.factory import create_dispatcher
from models.audit import AuditEntry
from models.users import Role, User
from tests import updates
from tests.conftest import ADMIN_ID
from tests.factories import make_user
from tests.mocked_bot import MockedBot

PLAIN, MODERATOR = 61001, 61002


def _submodules(package: Any) -> list[Any]:
    """Every module of the package, sub-packages included: each section keeps its states and
    callbacks in its own package (``handlers/<section>/states.py``, ``callbacks.py``)."""
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        found.append(importlib.import_module(info.name))
    return found


def _all_states() -> list[State | None]:
    states: list[State | None] = [None]
    for module in _submodules(handlers):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, StatesGroup)
                and value is not StatesGroup
            ):
                states.extend(value.__all_states__)
    return states


def _all_factories() -> list[type[CallbackData]]:
    factories: set[type[CallbackData]] = set()
    for module in _submodules(handlers):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, CallbackData)
                and value is not CallbackData
            ):
                factories.add(value)
    return sorted(factories, key=lambda f: f.__prefix__)


def test_discovery_finds_every_section() -> None:
    """The fuzzing below is only as good as what it finds: states and buttons of every
    section must be among them."""
    prefixes = {f.__prefix__ for f in _all_factories()}
    groups = {s.group.__name__ for s in _all_states() if s is not None}
    assert len(prefixes) >= 30, prefixes
    assert {"consent", "rsvp", "adm", "delme"} <= prefixes
    assert {"Profile", "AdminStates"} <= groups
    assert len(groups) >= 6, groups


STATES = _all_states()
FACTORIES = _all_factories()


def _field_strategy(annotation: Any) -> st.SearchStrategy[str]:
    """Values as they would appear in packed data: valid ones and garbage."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or (origin is not None and type(None) in args):
        inner = [a for a in args if a is not type(None)]
        return st.one_of(st.just(""), *(_field_strategy(a) for a in inner))
    garbage = st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters=":"),
        max_size=12,
    )
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.one_of(st.sampled_from([str(m.value) for m in annotation]), garbage)
    if annotation is int:
        return st.one_of(
            st.integers(min_value=-5, max_value=10).map(str),
            st.sampled_from([str(ADMIN_ID), str(PLAIN), str(MODERATOR), "99999999999"]),
            garbage,
        )
    if annotation is bool:
        return st.sampled_from(["0", "1", "", "x"])
    return garbage


@st.composite
def callback_payloads(draw: st.DrawFn) -> str:
    if draw(st.booleans()) and FACTORIES:
        factory = draw(st.sampled_from(FACTORIES))
        hints = typing.get_type_hints(factory)
        parts = [factory.__prefix__]
        for name in factory.model_fields:
            parts.append(draw(_field_strategy(hints.get(name, str))))
        return ":".join(parts)[:64]
    return draw(st.text(max_size=64))


texts_strategy = st.one_of(
    st.text(max_size=300),
    st.text(min_size=4000, max_size=5000, alphabet="абв <b>&"),
    st.sampled_from(
        [
            "/start",
            "/start event_1",
            "/start checkin_1_x",
            "/admin",
            "/help",
            "/cancel",
            "/profile",
            "/events",
            "/proposals",
            "/settings",
            "/stop",
            "/mailing",
            "/my_data",
            "<b>жирный</b>",
            "15.12.2026 10:00",
            "ст. 5 ч. 2 п. 3",
            "1",
            "",
        ]
    ),
    st.text(max_size=20).map(lambda s: "/" + s),
)


@st.composite
def random_updates(draw: st.DrawFn, user_id: int) -> Any:
    kind = draw(
        st.sampled_from(["text", "text", "callback", "callback", "sticker", "photo", "document"])
    )
    if kind == "text":
        text = draw(texts_strategy)
        return updates.message(user_id, text or " ")
    if kind == "callback":
        return updates.callback(
            user_id, draw(callback_payloads()), message_id=draw(st.integers(1, 5))
        )
    if kind == "sticker":
        sticker = Sticker(
            file_id="s",
            file_unique_id="su",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        )
        return updates.message(user_id, None, sticker=sticker)
    if kind == "document":
        name = draw(st.sampled_from(["law.txt", "law.docx", "x.pdf", "пусто"]))
        document = Document(file_id="d", file_unique_id="du", file_name=name, file_size=10)
        return updates.message(user_id, None, document=document, caption=draw(texts_strategy))
    return updates.message(
        user_id, None, photo=[PhotoSize(file_id="p", file_unique_id="pu", width=1, height=1)]
    )


class FailedHandlers(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def world(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> tuple[Dispatcher, async_sessionmaker[AsyncSession]]:
    async with session_factory() as session:
        await make_user(session, PLAIN, name="Пётр Обычный")
        moderator = await make_user(session, MODERATOR, name="Мария Модератор")
        moderator.role = Role.MODERATOR
        await make_user(session, ADMIN_ID, name="Анна Админ")
        await session.commit()
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    return dp, session_factory


async def _reset_people(factory: async_sessionmaker[AsyncSession]) -> int:
    """Every example starts with the same three registered people (an example may have made
    one of them forget themselves with /delete_me, or changed a role). Returns the plain
    user's row id."""
    async with factory() as session:
        for telegram_id, name, role in (
            (PLAIN, "Пётр Обычный", Role.USER),
            (MODERATOR, "Мария Модератор", Role.MODERATOR),
            (ADMIN_ID, "Анна Админ", Role.USER),
        ):
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None or not user.is_registered:
                if user is not None:
                    await session.delete(user)
                    await session.flush()
                user = await make_user(session, telegram_id, name=name)
            user.role = role
            user.is_active = True
        await session.commit()
        plain = await session.scalar(select(User.id).where(User.telegram_id == PLAIN))
    assert plain is not None
    return plain


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_random_input_in_every_state(
    world: tuple[Dispatcher, async_sessionmaker[AsyncSession]], data: st.DataObject
) -> None:
    dp, factory = world
    plain_id = await _reset_people(factory)
    bot = MockedBot()
    failures = FailedHandlers()
    logging.getLogger("handlers.errors").addHandler(failures)
    try:
        user_id = data.draw(st.sampled_from([PLAIN, MODERATOR, ADMIN_ID]))
        state = data.draw(st.sampled_from(STATES))
        context = dp.fsm.get_context(bot, chat_id=user_id, user_id=user_id)
        await context.set_state(state)
        update = data.draw(random_updates(user_id))
        await dp.feed_update(bot, update)
        assert failures.records == [], failures.records[0].getMessage()
        if update.callback_query is not None:
            answered = [
                m
                for m in bot.sent("answerCallbackQuery")
                if isinstance(m, AnswerCallbackQuery)
                and m.callback_query_id == update.callback_query.id
            ]
            assert answered, f"callback {update.callback_query.data!r} in {state} not answered"
        async with factory() as session:
            # Only the admin may change roles or leave staff audit records.
            assert set(await session.scalars(select(User.role).where(User.id == plain_id))) <= {
                Role.USER
            }
            if user_id != ADMIN_ID:
                actors = (
                    await session.scalars(
                        select(AuditEntry.actor_telegram_id).where(
                            AuditEntry.actor_telegram_id == PLAIN
                        )
                    )
                ).all()
                assert actors == []
    finally:
        logging.getLogger("handlers.errors").removeHandler(failures)
