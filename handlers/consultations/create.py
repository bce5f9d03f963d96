"""Registering an act (staff, /act_new): kind, title, number or source, sender, the
deadline of the discussion, the addressed municipalities, a preview, then the act is
registered, its discussion opened and announced to its audience."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.consultations import keyboards as kb
from handlers.consultations.callbacks import ActKindCb, ActNewCb, NewAction
from handlers.consultations.states import ActNew
from handlers.dialogue import dialogue_data
from handlers.replies import alert
from models import consultations as cons
from models.consultations import ActKind, NewAct
from models.dates import parse_local
from models.errors import DomainError
from models.municipalities import get_by_id, search_active
from models.proposals.acts import ACT_FIELD_MAX, ACT_TITLE_MAX
from texts import t

NONE_MARK = "-"
SCOPE_ALL = "all"


async def new_command(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(ActNew.kind)
    await message.answer(t("consultations-new-kind"), reply_markup=kb.kinds())


async def kind_cb(
    callback: CallbackQuery, callback_data: ActKindCb, state: FSMContext, bot: Bot
) -> None:
    await state.update_data(kind=callback_data.kind.value)
    await state.set_state(ActNew.title)
    await bot.send_message(callback.from_user.id, t("consultations-new-title"))


def _typed(message: Message, limit: int, *, optional: bool) -> str | None:
    value = " ".join((message.text or "").split())
    if optional and value == NONE_MARK:
        return None
    if not value:
        raise DomainError("consultations-empty")
    if len(value) > limit:
        raise DomainError("consultations-too-long", length=len(value), limit=limit)
    return value


async def title_given(message: Message, state: FSMContext) -> None:
    await _step(message, state, "title", ACT_TITLE_MAX, ActNew.number, "consultations-new-number")


async def number_given(message: Message, state: FSMContext) -> None:
    await _step(message, state, "number", ACT_FIELD_MAX, ActNew.sender, "consultations-new-sender")


async def sender_given(message: Message, state: FSMContext) -> None:
    await _step(
        message, state, "sender", ACT_FIELD_MAX, ActNew.deadline, "consultations-new-deadline"
    )


async def _step(
    message: Message, state: FSMContext, field: str, limit: int, nxt: object, ask: str
) -> None:
    await dialogue_data(state, "kind")
    try:
        value = _typed(message, limit, optional=field != "title")
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await state.update_data({field: value})
    await state.set_state(nxt)  # type: ignore[arg-type]
    await message.answer(t(ask))


async def deadline_given(message: Message, state: FSMContext, tz: ZoneInfo) -> None:
    await dialogue_data(state, "kind", "title")
    try:
        deadline = parse_local(message.text or "", tz)
    except DomainError:
        await message.answer(t("consultations-bad-date"))
        return
    await state.update_data(deadline=deadline.isoformat())
    await state.set_state(ActNew.scope)
    await message.answer(t("consultations-new-scope"), reply_markup=kb.scope_all())


async def scope_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    await dialogue_data(state, "kind", "title", "deadline")
    names = [n.strip() for n in (message.text or "").split(",") if n.strip()]
    found: list[int] = []
    unknown: list[str] = []
    for name in names[:40]:
        hits = await search_active(session, name)
        if hits:
            found.extend(m.id for m in hits[:1])
        else:
            unknown.append(name)
    if unknown or not found:
        await message.answer(
            t("consultations-new-scope-unknown", names=", ".join(unknown) or NONE_MARK),
            reply_markup=kb.scope_all(),
        )
        return
    await state.update_data(scope=sorted(set(found)))
    assert message.bot is not None
    await _preview(message.bot, message.chat.id, state, session)


async def _preview(bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, "kind", "title", "deadline", "scope")
    scope = data["scope"]
    if scope == SCOPE_ALL:
        where = t.plain("consultations-scope-all")
    else:
        where = ", ".join([(m.name if (m := await get_by_id(session, i)) else "") for i in scope])
    await state.set_state(ActNew.preview)
    await bot.send_message(
        chat_id,
        t(
            "consultations-new-preview",
            kind=t.label(ActKind(data["kind"])),
            title=str(data["title"]),
            number=t("consultations-card-number", number=data["number"])
            if data.get("number")
            else "",
            sender=t("consultations-card-sender", sender=data["sender"])
            if data.get("sender")
            else "",
            deadline=datetime.fromisoformat(str(data["deadline"])),
            scope=where,
        ),
        reply_markup=kb.create_confirm(),
    )


async def new_cb(
    callback: CallbackQuery,
    callback_data: ActNewCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    chat_id = callback.from_user.id
    current = await state.get_state()
    if callback_data.action is NewAction.CANCEL:
        await state.clear()
        await bot.send_message(chat_id, t("consultations-cancelled"))
        return
    if callback_data.action is NewAction.ALL:
        if current != ActNew.scope.state:
            alert(callback_answer, t.plain("stale-button"))
            return
        await state.update_data(scope=SCOPE_ALL)
        await _preview(bot, chat_id, state, session)
        return
    if current != ActNew.preview.state:
        alert(callback_answer, t.plain("stale-button"))
        return
    data = await dialogue_data(state, "kind", "title", "deadline", "scope")
    await state.clear()
    scope = () if data["scope"] == SCOPE_ALL else tuple(int(i) for i in data["scope"])
    try:
        act = await cons.create_act(
            session,
            chat_id,
            NewAct(
                kind=ActKind(data["kind"]),
                title=str(data["title"]),
                number=data.get("number"),
                sender=data.get("sender"),
                discussion_ends_at=datetime.fromisoformat(str(data["deadline"])),
                municipality_ids=scope,
            ),
            render=t,
        )
    except DomainError as exc:
        await bot.send_message(chat_id, t(exc.code, **exc.params))
        return
    wake_sender()
    representatives, others = await cons.audience(session, act)
    await bot.send_message(
        chat_id,
        t("consultations-created", title=act.title, count=len(representatives) + len(others)),
    )


async def press_button(message: Message) -> None:
    await message.answer(t("consultations-press-button"))
