"""A regional draft law through the real bot, as production runs (``concurrent=True``, SQLite,
a shifted clock for "days later"): staff register it for all 34 municipalities with a
10-day discussion from /act_new; every representative hears of it; five representatives
submit the municipality's position (one with the signed letter, one replaces its first
position), twelve people submit proposals, staff see «ответили 5 из 34»; the reminder three
days before goes to the 29 who have not answered, the one-day reminder to fewer, the staff
tap reminds once; the deadline closes the discussion by itself; a draft finished after it
is refused, kept and listed apart for staff; a person without the right cannot /act_new."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.runner import App
from handlers.consultations.callbacks import (
    ActPublic,
    ActPublicCb,
    ActRemindCb,
    ActStaff,
    ActStaffCb,
    ActStageCb,
    PosAction,
    PosActionCb,
)
from handlers.proposals.keyboards import KIND_BUTTONS
from models import consultations as cons
from models import representatives as reps
from models.base import DEFAULT_TZ, utcnow
from models.consultations import ActStage, Stance
from models.outbox import Delivery, Mailing
from models.proposals import AmendmentKind, Proposal
from models.proposals.acts import Act
from models.proposals.drafts import Draft, get_draft, save_draft
from models.proposals.numbering import submit
from models.users import Role, User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.records import ChatMessage, ChatTranscript
from scheduler.clock import SystemClock
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_user
from tests.harness import running_bot
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]

MODERATOR = 7500
REPS = list(range(7600, 7634))  # one representative per municipality, 1..34
PEOPLE = list(range(7700, 7712))  # twelve residents who propose
LATE = 7800
TITLE = "О внесении изменений в Закон Кемеровской области «О местном самоуправлении»"
DRAFT = Draft(
    place_kind="whole_law",
    kind="new_wording",
    proposed_wording="Изложить статью в новой редакции",
    justification="Практика муниципалитетов",
    attachment_done=True,
)


class ShiftedClock(SystemClock):
    def __init__(self, shift: timedelta) -> None:
        self.shift = shift

    def now(self):  # type: ignore[no-untyped-def]
        return super().now() + self.shift


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def _after(
    tg: FakeTelegram, chat: ChatTranscript, action: Awaitable[Any], text: str, timeout: float = 20
) -> ChatMessage:
    """Do ``action``; wait for a new bot message in ``chat`` containing ``text``."""
    skip = len(chat.history)
    await action

    def find() -> ChatMessage | None:
        for msg in reversed(chat.history[skip:]):
            if msg.from_bot and not msg.deleted and text in msg.display_text:
                return msg
        return None

    await tg.wait_for(lambda: find() is not None, timeout=timeout)
    found = find()
    assert found is not None
    return found


async def _open_act(tg: FakeTelegram, uid: int, expect: str) -> ChatMessage:
    """/acts, then the act's button: its card."""
    person, chat = tg.user(uid), tg.chat(uid)
    listing = await _after(tg, chat, person.send("/acts"), "Акты на обсуждении")
    label = next(b for b in listing.buttons if b.startswith("О внесении"))
    await person.press(label)  # the list becomes the card in place
    await tg.wait_for(lambda: expect in listing.display_text, timeout=20)
    return listing


async def _people(app: App, tg: FakeTelegram) -> None:
    async with app.session_factory() as session:
        staff = await make_user(session, MODERATOR, name="Юрист Совета")
        staff.role = Role.MODERATOR
        await session.commit()
        for i, uid in enumerate(REPS):
            person = await make_user(
                session, uid, name=f"Представитель {i + 1}", municipality_id=i + 1
            )
            await reps.appoint(session, ADMIN_ID, i + 1, person.id, signatory=True)
        for i, uid in enumerate([*PEOPLE, LATE]):
            await make_user(session, uid, name=f"Житель {i + 1}", municipality_id=1 + i % 34)
    for uid in [*REPS, *PEOPLE, LATE]:  # everyone has a chat with the bot
        await tg.user(uid).send("/help")
    await tg.wait_for(lambda: all(tg.chat(u).texts() for u in [*REPS, *PEOPLE, LATE]), 30)


async def step_staff_registers_the_act(tg: FakeTelegram, app: App) -> Act:
    staff, chat = tg.user(MODERATOR), tg.chat(MODERATOR)
    stranger = tg.user(REPS[0])
    await _after(tg, tg.chat(REPS[0]), stranger.send("/act_new"), t.plain("unknown-command"))
    await _after(tg, chat, staff.send("/act_new"), "Шаг 1 из 6")
    await _after(tg, chat, staff.press(t.plain("act-kind-regional_draft")), "Шаг 2 из 6")
    await _after(tg, chat, staff.send("x" * 501), "Слишком длинно")
    await _after(tg, chat, staff.send(TITLE), "Шаг 3 из 6")
    await _after(tg, chat, staff.send("42-ЗП"), "Шаг 4 из 6")
    await _after(tg, chat, staff.send("Парламент Кузбасса"), "Шаг 5 из 6")
    await _after(tg, chat, staff.send("завтра когда-нибудь"), "Не понял дату")
    deadline = (utcnow() + timedelta(days=10)).astimezone(DEFAULT_TZ)
    await _after(tg, chat, staff.send(deadline.strftime("%d.%m.%Y %H:%M")), "Шаг 6 из 6")
    await _after(tg, chat, staff.send("Атлантида"), "Не нашёл: Атлантида")
    preview = await _after(tg, chat, staff.press(t.plain("consultations-btn-all")), "Проверьте")
    assert "Парламент Кузбасса" in preview.display_text
    create = preview.button(t.plain("consultations-btn-create"))
    assert create is not None
    await _after(tg, chat, staff.press(t.plain("consultations-btn-create")), "Акт зарегистрирован")
    # A second tap on the old preview creates nothing.
    await staff.press_raw(create["callback_data"], message_id=preview.message_id)
    async with app.session_factory() as session:
        acts = list(await session.scalars(select(Act).where(Act.title == TITLE)))
    assert len(acts) == 1 and acts[0].stage is ActStage.DISCUSSION and acts[0].code == "42"
    for uid in REPS:
        await tg.chat(uid).wait_for_text("Открыто обсуждение", timeout=30)
    return acts[0]


async def _position(tg: FakeTelegram, uid: int, stance: Stance, text: str, letter: bool) -> None:
    person, chat = tg.user(uid), tg.chat(uid)
    await _open_act(tg, uid, "Этап: обсуждение")
    await _after(tg, chat, person.press(t.plain("consultations-btn-position")), "Позиция")
    await _after(tg, chat, person.press(t.label(stance)), "Изложите позицию")
    await _after(tg, chat, person.send(text), "Приложите подписанное письмо")
    if letter:
        await _after(tg, chat, person.send_document(filename="pismo.pdf"), "Письмо приложено")
    else:
        await _after(tg, chat, person.press(t.plain("consultations-btn-no-file")), text)
    await _after(tg, chat, person.press(t.plain("consultations-btn-send")), "принята")
    card = await _open_act(tg, uid, "Этап: обсуждение")
    assert "Новая позиция заменит её" in card.display_text
    assert f": {t.label(stance)} (" in card.display_text


async def step_five_positions(tg: FakeTelegram, app: App, act: Act) -> None:
    await _position(tg, REPS[0], Stance.SUPPORT, "Поддерживаем полностью", letter=False)
    await _position(
        tg, REPS[0], Stance.SUPPORT_WITH_REMARKS, "С замечаниями по ст. 2", letter=True
    )
    for uid in REPS[1:5]:
        await _position(
            tg, uid, Stance.OPPOSE, "Не поддерживаем: нет финансирования", letter=False
        )
    async with app.session_factory() as session:
        current = await cons.current_positions(session, act.id)
        assert [p.municipality_id for p in current] == [1, 2, 3, 4, 5]
        assert current[0].stance is Stance.SUPPORT_WITH_REMARKS
        assert current[0].attachment_name == "pismo.pdf" and current[0].by_signatory
        assert len(await cons.history(session, act.id, 1)) == 2


async def _to_preview(tg: FakeTelegram, uid: int) -> None:
    """From the act's card through the real proposal dialogue up to its preview."""
    person, chat = tg.user(uid), tg.chat(uid)
    await _open_act(tg, uid, "Этап")
    await _after(tg, chat, person.press(t.plain("consultations-btn-propose")), "Выбран акт")
    await _after(tg, chat, person.press(t.plain("consultations-btn-start")), "Шаг 1")
    await _after(tg, chat, person.send("ст. 5"), "Шаг 2")
    await _after(tg, chat, person.press(t.plain(KIND_BUTTONS[AmendmentKind.NEW_WORDING])), "Шаг 3")
    await _after(tg, chat, person.press(t.plain("proposals-btn-skip")), "Шаг 4")
    await _after(tg, chat, person.send("Статью 5 изложить иначе"), "Шаг 5")
    await _after(tg, chat, person.send("Так понятнее"), "Шаг 6")
    await _after(tg, chat, person.press(t.plain("proposals-btn-no-attachment")), "Проверьте")


async def step_twelve_proposals(tg: FakeTelegram, app: App, act: Act) -> None:
    # One person starts from the act's card and goes through the dialogue to the act's
    # first number; eleven more are submitted through the domain.
    await _to_preview(tg, PEOPLE[0])
    year = utcnow().astimezone(DEFAULT_TZ).year
    submit_btn = t.plain("proposals-btn-submit")
    await _after(tg, tg.chat(PEOPLE[0]), tg.user(PEOPLE[0]).press(submit_btn), f"42-{year}-0001")
    async with app.session_factory() as session:
        for uid in PEOPLE[1:]:
            user = await session.scalar(select(User).where(User.telegram_id == uid))
            assert user is not None
            await save_draft(session, user.id, Draft(**DRAFT.__dict__))
            await submit(session, user, act_id=act.id)
        numbers = list(
            await session.scalars(select(Proposal.number).where(Proposal.act_id == act.id))
        )
    assert sorted(numbers) == [f"42-{year}-{n:04d}" for n in range(1, 13)]


async def step_staff_card(tg: FakeTelegram, act: Act) -> ChatMessage:
    return await _open_act(tg, MODERATOR, "Ответили 5 из 34")


async def _refreshed(tg: FakeTelegram, card: ChatMessage, text: str) -> None:
    """«Обновить» on the staff card: the card is redrawn in place."""
    await tg.user(MODERATOR).press(
        t.plain("consultations-btn-refresh"), message_id=card.message_id
    )
    await tg.wait_for(lambda: text in card.display_text, timeout=20)


def _answers(tg: FakeTelegram, user_id: int) -> list[str]:
    return [str(q.answer.text) for q in tg.callback_queries if q.user_id == user_id and q.answer]


async def _run_timers(app: App, shift: timedelta) -> None:
    app.background.clock = ShiftedClock(shift)
    await app.background.consultations()


async def _reminded(app: App, act: Act, key: str) -> set[int]:
    async with app.session_factory() as session:
        rows = await session.scalars(
            select(Delivery.chat_id).join(Mailing).where(Mailing.dedup_key == key)
        )
        return set(rows)


async def test_regional_draft_law_for_34_municipalities(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, concurrent=True) as app:
        await _people(app, tg)
        act = await step_staff_registers_the_act(tg, app)
        await step_five_positions(tg, app, act)
        await step_twelve_proposals(tg, app, act)
        card = await step_staff_card(tg, act)
        assert "Ответственный: Юрист Совета" in card.display_text  # who registered it
        await tg.user(MODERATOR).press(
            t.plain("consultations-btn-take"), message_id=card.message_id
        )
        await tg.wait_for(lambda: t.plain("consultations-taken") in _answers(tg, MODERATOR), 20)
        assert "без представителей: 0" in card.display_text
        deadline = act.discussion_ends_at
        assert deadline is not None
        now = utcnow()

        # Three days before: the 29 who have not answered, nobody else.
        await _run_timers(app, deadline - timedelta(days=3) - now)
        assert await _reminded(app, act, f"act:{act.id}:auto:72h") == set(REPS[5:])
        for uid in REPS[5:]:
            await tg.chat(uid).wait_for_text("Напоминание", timeout=30)
        assert not any("Напоминание" in x for x in tg.chat(REPS[0]).texts())
        # Three more answer; a day before: the other 26.
        async with app.session_factory() as session:
            for uid in REPS[5:8]:
                user = await session.scalar(select(User).where(User.telegram_id == uid))
                assert user is not None
                await cons.submit_position(
                    session, user, act.id, user.municipality_id or 0, Stance.SUPPORT, "Да"
                )
        await _run_timers(app, deadline - timedelta(hours=23) - now)
        await _run_timers(app, deadline - timedelta(hours=22) - now)  # again: nothing new
        assert await _reminded(app, act, f"act:{act.id}:auto:24h") == set(REPS[8:])
        # Staff's one tap, tapped twice: one reminder, to the same 26.
        staff, chat = tg.user(MODERATOR), tg.chat(MODERATOR)
        await _refreshed(tg, card, "Ответили 8 из 34")
        missing = await _after(
            tg, chat, staff.press(t.plain("consultations-btn-missing")), "Не ответили (26)"
        )
        assert len(missing.display_text.splitlines()) == 27
        positions = await _after(
            tg,
            chat,
            staff.press(t.plain("consultations-btn-positions")),
            "Позиции муниципалитетов",
        )
        assert (
            "(8)" in positions.display_text
            and "поддерживаем с замечаниями" in positions.display_text
        )
        # The signed letter of the current position comes as a document.
        await tg.wait_for(lambda: any("Письмо:" in x for x in chat.texts()), 20)
        label = t.plain("consultations-btn-remind", count=26)
        button = card.button(label)
        assert button is not None
        await staff.press(label)
        await staff.press_raw(button["callback_data"], message_id=card.message_id)
        sent = t.plain("consultations-reminded", count=26)
        none = t.plain("consultations-reminded-none")
        await tg.wait_for(lambda: {sent, none} <= set(_answers(tg, MODERATOR)), 20)
        async with app.session_factory() as session:
            nudges = await session.scalar(
                select(func.count())
                .select_from(Mailing)
                .where(Mailing.dedup_key.like(f"act:{act.id}:nudge:%"))
            )
        assert nudges == 1

        # A late person fills a proposal in; the deadline passes and the discussion closes by
        # itself; «Отправить» is then refused, the draft kept and listed for staff.
        await _to_preview(tg, LATE)
        await _run_timers(app, deadline + timedelta(minutes=1) - now)
        async with app.session_factory() as session:
            closed = await session.get(Act, act.id)
            assert closed is not None and closed.stage is ActStage.SUMMARY
        for uid in REPS:
            await tg.chat(uid).wait_for_text("Обсуждение завершено", timeout=30)
        late_chat = tg.chat(LATE)
        submit_btn = t.plain("proposals-btn-submit")
        refusal = await _after(tg, late_chat, tg.user(LATE).press(submit_btn), "закрыт")
        assert "черновик сохранён" in refusal.display_text
        async with app.session_factory() as session:
            late = await session.scalar(select(User).where(User.telegram_id == LATE))
            assert late is not None
            assert await get_draft(session, late.id) is not None
        await _refreshed(tg, card, "Поздних черновиков: 1")
        await _after(tg, chat, staff.press(t.plain("consultations-btn-late")), "Житель 13")


async def test_forged_and_stale_buttons_and_rights(tg: FakeTelegram, settings: Settings) -> None:
    """A person presses staff buttons (forged): nothing moves; staff press buttons of an act
    that does not exist; a non-representative forges «position»; «send» outside the dialogue
    is stale; the stage button tapped twice moves the act once."""
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            staff_user = await make_user(session, MODERATOR, name="Юрист Совета")
            staff_user.role = Role.MODERATOR
            await make_user(session, PEOPLE[0], name="Житель Один")
            await session.commit()
            act = await cons.create_act(
                session,
                ADMIN_ID,
                cons.NewAct(
                    kind=cons.ActKind.MUNICIPAL_ACT,
                    title="О бюджете",
                    discussion_ends_at=utcnow() + timedelta(days=5),
                ),
                render=t,
            )
        person, staff = tg.user(PEOPLE[0]), tg.user(MODERATOR)
        await _after(tg, tg.chat(PEOPLE[0]), person.send("/acts"), "Акты на обсуждении")
        forged = [
            ActStageCb(act_id=act.id, expected=ActStage.DISCUSSION).pack(),
            ActRemindCb(act_id=act.id, stamp=1).pack(),
            ActStaffCb(action=ActStaff.LATE, act_id=act.id).pack(),
            ActPublicCb(action=ActPublic.POSITION, act_id=act.id).pack(),
            PosActionCb(action=PosAction.SEND).pack(),
        ]
        for data in forged:
            await person.press_raw(data)
        await tg.wait_for(lambda: len(_answers(tg, PEOPLE[0])) >= len(forged), 20)
        answers = _answers(tg, PEOPLE[0])
        assert answers.count(t.plain("stale-button")) >= 4
        assert t.plain("consultations-not-representative") in answers
        await _after(tg, tg.chat(MODERATOR), staff.send("/acts"), "Акты на обсуждении")
        await staff.press_raw(ActStaffCb(action=ActStaff.MISSING, act_id=999_999).pack())
        await staff.press_raw(ActStageCb(act_id=999_999, expected=ActStage.DISCUSSION).pack())
        stage = ActStageCb(act_id=act.id, expected=ActStage.DISCUSSION).pack()
        await staff.press_raw(stage)
        await staff.press_raw(stage)
        await tg.wait_for(lambda: len(_answers(tg, MODERATOR)) >= 4, 20)
        staff_answers = _answers(tg, MODERATOR)
        assert t.plain("consultations-act-not-found") in staff_answers
        assert t.plain("consultations-stage-stale") in staff_answers
        assert (
            staff_answers.count(
                t.plain("consultations-stage-moved", stage=t.label(ActStage.SUMMARY))
            )
            == 1
        )
        async with app.session_factory() as session:
            moved = await session.get(Act, act.id)
            assert moved is not None and moved.stage is ActStage.SUMMARY
