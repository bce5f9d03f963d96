"""Dialogues as real people go through them, on the real bot (``build_app`` + ``serve``)
against the fake Telegram: a restart in the middle of every dialogue, a detour to the menu
or a command, a paste Telegram split into parts, a changed consent; and, with updates
handled concurrently as production does, double taps, two /start at once and twenty
presses for five seats."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.runner import App
from handlers.events.callbacks import EventAnswerCb, RsvpAnswer
from handlers.proposals.keyboards import KIND_BUTTONS
from models import audit
from models.audit import AuditEntry
from models.consent import WITHDRAWN, ConsentLog
from models.events import Event, Rsvp, RsvpStatus
from models.events.answers import rsvp
from models.mailings import MAX_BUTTONS
from models.outbox import Delivery
from models.proposals import AmendmentKind, drafts
from models.proposals.entities import TEXT_MAX
from models.users import Role, User, set_role
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_user, make_users
from tests.harness import running_bot
from texts import t

pytestmark = pytest.mark.slow

PERSON = 7301


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def _user(app: App, telegram_id: int) -> User | None:
    async with app.session_factory() as session:
        return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def _draft(app: App, telegram_id: int) -> drafts.Draft | None:
    user = await _user(app, telegram_id)
    assert user is not None
    async with app.session_factory() as session:
        return await drafts.get_draft(session, user.id)


def shown(key: str, **args: Any) -> str:
    """A message as the person sees it: the HTML markup rendered away."""
    return html.unescape(re.sub(r"<[^>]+>", "", t(key, **args)))


def paused_hint(kind: str) -> str:
    return t.plain("dialogue-paused", what=t.plain(f"dialogue-name-{kind}"))


def kind_button(kind: AmendmentKind) -> str:
    return t.plain(KIND_BUTTONS[kind])


async def _to_proposed_step(tg: FakeTelegram, app: App) -> None:
    """A registered person at step 4 of the proposal dialogue (the proposed wording)."""
    person, chat = tg.user(PERSON), tg.chat(PERSON)
    await person.send("/proposals")
    await person.press(t.plain("proposals-btn-new"))
    await person.send("ст. 5")
    await person.press(kind_button(AmendmentKind.NEW_WORDING))
    await person.press(t.plain("proposals-btn-skip"))
    assert chat.last_text().startswith("Шаг 4. Предлагаемая редакция.")


# --- 1. a restart at any step of any dialogue continues where it was ---


async def test_restart_mid_registration(tg: FakeTelegram, settings: Settings) -> None:
    person, chat = tg.user(PERSON, first_name="Ирина"), tg.chat(PERSON)
    async with running_bot(tg, settings):
        await person.send("/start")
        await person.press(t.plain("consent-yes"))
        assert chat.last_text() == t("ask-name")
    async with running_bot(tg, settings):  # the process was restarted
        await person.send("Ирина Петрова")
        assert chat.last_text() == t("ask-occupation")


async def test_restart_mid_proposal(tg: FakeTelegram, settings: Settings) -> None:
    chat = tg.user(PERSON).chat
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON)
        await _to_proposed_step(tg, app)
    async with running_bot(tg, settings) as app:
        await tg.user(PERSON).send("Слова «30 дней» заменить словами «15 дней»")
        assert chat.last_text().startswith("Шаг 5. Обоснование.")
        draft = await _draft(app, PERSON)
        assert draft is not None
        assert draft.proposed_wording == "Слова «30 дней» заменить словами «15 дней»"


async def test_restart_mid_event_creation(tg: FakeTelegram, settings: Settings) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings):
        await admin.send("/event_new")
        await admin.send("Семинар для ТОС")
        assert chat.last_text() == t("events-ask-description")
    async with running_bot(tg, settings):
        await admin.send("Как получить грант")
        assert chat.last_text() == t("events-ask-kind")


async def test_restart_mid_mailing_compose(tg: FakeTelegram, settings: Settings) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings):
        await admin.send("/mailing")
    async with running_bot(tg, settings):
        await admin.send("Напоминаем о семинаре в пятницу")
        last = chat.last_message()
        assert last is not None
        assert t.plain("mailing-btn-no-buttons") in last.buttons
        assert last.display_text.startswith(
            t.plain("mailing-ask-buttons", limit=MAX_BUTTONS).split("\n")[0]
        )


# --- 2. a menu press or a command is never taken as the answer ---


async def test_menu_detour_pauses_the_proposal(tg: FakeTelegram, settings: Settings) -> None:
    person = tg.user(PERSON)
    chat = person.chat
    question = "Подскажите, когда ближайший семинар для ТОС?"
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON)
        await _to_proposed_step(tg, app)
        await person.send(t.plain("menu-events"))
        texts = chat.texts()
        assert texts[-2] == t.plain("events-list-empty")  # the menu item ran
        hint = paused_hint("proposal")
        assert texts[-1] == hint
        await person.send(question)
        assert chat.last_text() == hint  # not stored: the way back is shown again
        draft = await _draft(app, PERSON)
        assert draft is not None and draft.proposed_wording is None
        # A command in the middle of the dialogue: it runs, the dialogue stays paused.
        await person.press(t.plain("dialogue-resume-btn"))
        assert chat.last_text().startswith("Шаг 4. Предлагаемая редакция.")
        await person.send("/my_events")
        assert chat.texts()[-2] == t.plain("events-my-events-empty")
        assert chat.last_text() == hint
        await person.press(t.plain("dialogue-resume-btn"))
        await person.send("Новая редакция статьи 5")
        assert chat.last_text().startswith("Шаг 5. Обоснование.")


async def test_detour_in_every_typed_step_of_registration(
    tg: FakeTelegram, settings: Settings
) -> None:
    person, chat = tg.user(PERSON), tg.chat(PERSON)
    async with running_bot(tg, settings) as app:
        await person.send("/start")
        await person.press(t.plain("consent-yes"))
        await person.send(t.plain("menu-help"))
        assert chat.texts()[-2] == shown("common-help")
        assert chat.last_text() == paused_hint("profile")
        user = await _user(app, PERSON)
        assert user is not None and user.full_name is None  # «❓ Помощь» is not a name
        await person.press(t.plain("dialogue-resume-btn"))
        assert chat.last_text() == t("ask-name")
        await person.send("Ма́рия Иванова")  # a stress mark is fine
        assert chat.last_text() == t("ask-occupation")


async def test_detour_in_event_creation_resumes_the_step(
    tg: FakeTelegram, settings: Settings
) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings):
        await admin.send("/event_new")
        await admin.send("Семинар")
        await admin.send("/events")
        assert chat.last_text() == paused_hint("event")
        await admin.press(t.plain("dialogue-resume-btn"))
        assert chat.last_text() == t("events-ask-description")


# --- 5. a paste Telegram splits is refused whole, never its tail alone ---


async def test_split_paste_is_refused_whole(tg: FakeTelegram, settings: Settings) -> None:
    person = tg.user(PERSON)
    chat = person.chat
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON)
        await _to_proposed_step(tg, app)
        before = len(chat.texts())
        # Telegram delivers the parts of one paste together, not one after the bot's reply
        await person.send("ж" * 4096, wait=False)
        await person.send("ж" * 4096, wait=False)
        await person.send("ж" * 1808)  # updates of one chat are handled in order
        assert chat.texts()[before:] == [t.plain("dialogue-split-paste")]
        draft = await _draft(app, PERSON)
        assert draft is not None and draft.proposed_wording is None
        await asyncio.sleep(2.1)  # a message of its own, later, is an answer again
        await person.send("ж" * TEXT_MAX)
        assert chat.last_text().startswith("Шаг 5. Обоснование.")


# --- 3. consent: /stop and /help always work; «not agree» to a new version withdraws ---


async def test_new_consent_version_stop_help_and_not_agree(
    tg: FakeTelegram, settings: Settings
) -> None:
    person = tg.user(PERSON)
    chat = person.chat
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            user = await make_user(session, PERSON)
            user.consent_version = "old-1"
            await session.commit()
        await person.send("/help")
        assert chat.last_text() == shown("common-help")
        await person.send("/stop")
        assert chat.last_text() == t.plain("subs-stopped")
        await person.send("здравствуйте")
        last = chat.last_message()
        assert last is not None and t.plain("consent-no") in last.buttons
        await person.press(t.plain("consent-no"))
        assert chat.last_text() == t.plain("consent-withdrawn")
        stored = await _user(app, PERSON)
        assert stored is not None
        assert (stored.consent_version, stored.announcements_enabled) == (None, False)
        assert stored.reminders_enabled is False
        async with app.session_factory() as session:
            log = (await session.scalars(select(ConsentLog).order_by(ConsentLog.id))).all()
        assert [(r.version, r.action) for r in log][-1] == ("old-1", WITHDRAWN)
        assert log[-1].created_at is not None


# --- 4 and 8: concurrency, as production handles updates ---


async def _soon(delay: float, action: Awaitable[Any]) -> Any:
    await asyncio.sleep(delay)
    return await action


def _answers(tg: FakeTelegram) -> list[str]:
    return [str(call.params.get("text") or "") for call in tg.calls("answerCallbackQuery")]


def _apologies(tg: FakeTelegram) -> list[str]:
    return [
        str(call.params.get("text"))
        for call in tg.calls("sendMessage")
        if call.params.get("text") == t("internal-error")
    ]


async def test_two_start_at_once_by_new_people(tg: FakeTelegram, settings: Settings) -> None:
    people = [tg.user(8100 + i) for i in range(10)]
    async with running_bot(tg, settings, concurrent=True) as app:
        await asyncio.gather(
            *(p.send("/start") for p in people), *(_soon(0.005, p.send("/start")) for p in people)
        )
        await tg.wait_for(lambda: all(len(tg.chat(p.id).texts()) >= 2 for p in people), timeout=30)
        assert _apologies(tg) == []
        async with app.session_factory() as session:
            ids = await session.scalars(select(User.telegram_id).where(User.telegram_id > 8099))
            assert sorted(ids) == [p.id for p in people]


async def test_double_tap_going(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON)
            event = await make_event(session, capacity=5)
        data = EventAnswerCb(id=event.id, answer=RsvpAnswer.GOING).pack()
        person = tg.user(PERSON)
        await asyncio.gather(person.press_raw(data), _soon(0.005, person.press_raw(data)))
        await tg.wait_for(lambda: len(_answers(tg)) == 2, timeout=30)
        assert _answers(tg) == [t.plain("rsvp-saved-going")] * 2
        assert _apologies(tg) == []
        async with app.session_factory() as session:
            stored = await session.get(Event, event.id)
            assert stored is not None and stored.going_count == 1
            rows = await session.scalar(select(func.count()).select_from(Rsvp))
            assert rows == 1


async def test_twenty_presses_for_five_seats(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            await make_users(session, 8200, 20)
            event = await make_event(session, capacity=5)
        data = EventAnswerCb(id=event.id, answer=RsvpAnswer.GOING).pack()
        await asyncio.gather(*(tg.user(8200 + i).press_raw(data) for i in range(20)))
        await tg.wait_for(lambda: len(_answers(tg)) == 20, timeout=60)
        answers = _answers(tg)
        assert answers.count(t.plain("rsvp-saved-going")) == 5
        told = sorted(
            n
            for text in answers
            for n in range(1, 16)
            if text == t.plain("rsvp-waitlist", position=n)
        )
        assert told == list(range(1, 16))  # distinct positions, as stored
        async with app.session_factory() as session:
            stored = await session.get(Event, event.id)
            assert stored is not None and stored.going_count == 5


# --- 7. /delete_me gives the seat up as «not going» does ---


async def test_delete_me_releases_the_seat_and_the_ids(
    tg: FakeTelegram, settings: Settings
) -> None:
    person, waiting = tg.user(PERSON), tg.user(PERSON + 1)
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            me = await make_user(session, PERSON, name="Ирина Петрова")
            other = await make_user(session, PERSON + 1, name="Олег Сидоров")
            event = await make_event(session, title="Семинар для ТОС", capacity=1)
            await rsvp(session, event.id, me, RsvpStatus.GOING, render=t)
            await rsvp(session, event.id, other, RsvpStatus.GOING, render=t)
            await set_role(session, ADMIN_ID, PERSON, Role.MODERATOR)
        await person.send("/delete_me")
        await person.press(t.plain("privacy-delete-confirm-btn"))
        assert tg.chat(PERSON).last_text() == t.plain("privacy-delete-done")
        await tg.chat(waiting.id).wait_for_text("Семинар для ТОС", timeout=15)
        async with app.session_factory() as session:
            stored = await session.get(Event, event.id)
            assert stored is not None and stored.going_count == 1
            answer = await session.scalar(select(Rsvp).where(Rsvp.user_id == other.id))
            assert answer is not None and answer.status is RsvpStatus.GOING
            gone = await session.get(User, me.id)
            assert gone is not None and gone.role is Role.USER
            left = await session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    (AuditEntry.actor_telegram_id == PERSON)
                    | (AuditEntry.target == f"user:{PERSON}")
                )
            )
            assert left == 0
            mine = await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.chat_id == PERSON)
            )
            assert mine == 0


# --- 9. the audit log in words, paged ---


async def test_audit_log_in_words_paged(tg: FakeTelegram, settings: Settings) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON, name="Ирина")
            await set_role(session, ADMIN_ID, PERSON, Role.MODERATOR)
            for _ in range(12):  # answers of ~3,000 characters each stay out of the list
                audit.record(
                    session,
                    PERSON,
                    "proposal.status",
                    target="proposal:135-2026-0007",
                    before="under_review",
                    after="rejected",
                    answer="ж" * 3000,
                )
            await session.commit()
        await admin.send("/admin")
        await admin.press(t.plain("admin-audit-btn"))
        first = chat.last_message()
        assert first is not None and len(first.display_text) <= 4096
        line = "· Ирина (модератор) · предложение 135-2026-0007: на рассмотрении → не учтено"
        assert first.display_text.count(line) == 10
        assert "{" not in first.display_text and "under_review" not in first.display_text
        await admin.press(t.plain("page-next"))
        second = chat.last_message()
        assert second is not None
        assert second.display_text.count(line) == 2
        assert "роль: Ирина (модератор): участник → модератор" in second.display_text
        assert not [c for c in tg.calls("editMessageText") if not c.ok]
