"""The contest end to end through the fake Telegram, as production runs (``concurrent=True``)
and with a fake clock for the scheduler: a contest with 2 nominations, 12 applications (one
written in the bot across a restart, returned by staff and fixed; one late and refused),
5 jurors (one excluded from the application of their own municipality; one scoring in the
bot), a flagged disagreement, reminders to slow jurors, 40 voters (5 fresh accounts not
counted, their burst flagged), a tie broken by the earlier submission, the protocol DOCX
checked table by table, the XLSX of scores, the results announced to subscribers and the
winners' practices opened from the announcement."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta

import docx
import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.runner import App
from handlers.contest.callbacks import JuryScoresCb, ScoreCb, VoteMenuCb
from handlers.contest.views import shorten
from models.base import utcnow
from models.contest import Application, AppStatus, Contest, Juror, jury, setup, voting
from models.contest import applications as apps
from models.contest.results import rank
from models.municipalities import get_by_id
from models.subscriptions import set_default_topics
from models.users import User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.person import Person, tiny_png
from sandbox.telegram.records import CallbackAnswer, ChatMessage
from scheduler import contest as contest_job
from tests.conftest import ADMIN_ID, TOKEN
from tests.contest_story import make_contest, representative, write_application
from tests.factories import make_user, make_users
from tests.harness import running_bot
from texts import t

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

APPLICANT = 8103  # the representative of municipality 3 writes in the bot
LATE = 8109  # municipality 9: too late
JURORS = [8201, 8202, 8203, 8204, 8205]  # J1 comes from municipality 2
VOTERS = 8300  # 35 registered before the vote
FRESH = 8400  # 5 accounts made after the vote opened


def b(key: str, **args: object) -> str:
    return t.plain(key, **args)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def press(tg: FakeTelegram, person: Person, label: str, **kw: int) -> CallbackAnswer:
    """Press and wait for the bot's answer (sent when the handler is done)."""
    await person.press(label, **kw)
    query = tg.callback_queries[-1]
    return await tg.wait_for(lambda: query.answer, what=f"an answer to {label!r}")


async def press_raw(tg: FakeTelegram, person: Person, data: str) -> CallbackAnswer:
    await person.press_raw(data)
    query = tg.callback_queries[-1]
    return await tg.wait_for(lambda: query.answer, what=f"an answer to {data!r}")


async def say(tg: FakeTelegram, person: Person, text: str, expect: str) -> ChatMessage:
    """Send and wait for a new bot message containing ``expect``."""
    chat = person.chat
    seen = len(chat.history)
    await person.send(text)
    return await seen_after(tg, person, seen, expect)


async def seen_after(tg: FakeTelegram, person: Person, seen: int, expect: str) -> ChatMessage:
    chat = person.chat

    def find() -> ChatMessage | None:
        return next(
            (m for m in chat.history[seen:] if m.from_bot and expect in m.display_text), None
        )

    return await tg.wait_for(find, timeout=15, what=f"{expect!r} in chat {person.id}")


async def the_contest(app: App) -> Contest:
    async with app.session_factory() as session:
        contest: Contest | None = await session.scalar(select(Contest))
        assert contest is not None
        return contest


# --- set-up straight through the domain ---


async def setup_people(session: AsyncSession, tg: FakeTelegram) -> None:
    now = utcnow()
    photo = tg.store_file("photo", tiny_png(), width=64, height=48).file_id
    contest = await make_contest(session, now)
    applicant = await representative(session, APPLICANT, municipality_id=3, name="Анна Бот")
    await set_default_topics(session, applicant.id)
    await representative(session, LATE, municipality_id=9, name="Опоздавший")
    for offset, municipality in enumerate((2, 4, 5, 6, 7, 8)):
        rep = await representative(session, 8110 + municipality, municipality)
        title = f"Практика МО {municipality}"
        moment = now + timedelta(seconds=offset)
        await write_application(session, rep, contest, 0, moment, title=title, photo=photo)
    for index in range(5):
        chair = await make_user(session, 8150 + index, name=f"Председатель {index}")
        # The third TOS applies with the highest number of the three but submitted first.
        moment = now - timedelta(minutes=30) if index == 2 else now + timedelta(minutes=1)
        await write_application(
            session,
            chair,
            contest,
            1,
            moment + timedelta(seconds=index),
            title=f"ТОС-практика {index}",
            municipality_id=10 + index,
            photo=photo,
        )
    first, second = await setup.nominations_of(session, contest.id)
    for index, telegram_id in enumerate(JURORS):
        await make_user(
            session,
            telegram_id,
            name=f"Жюри {index + 1}",
            municipality_id=[2, 20, 21, 22, 23][index],
        )
    for telegram_id in JURORS[:3]:
        await setup.appoint_juror(session, ADMIN_ID, first.id, telegram_id)
    for telegram_id in JURORS[2:]:
        await setup.appoint_juror(session, ADMIN_ID, second.id, telegram_id)
    voters = await make_users(session, VOTERS, 35)
    for voter in voters[:10]:
        await set_default_topics(session, voter.id)
    await session.commit()


# --- the application written in the bot, across a restart ---


async def municipality_name(app: App, municipality_id: int) -> str:
    async with app.session_factory() as session:
        place = await get_by_id(session, municipality_id)
        assert place is not None
        return place.name


async def step_application_first_half(tg: FakeTelegram, app: App) -> None:
    person, chat = tg.user(APPLICANT), tg.chat(APPLICANT)
    await say(tg, person, "/contest", "Лучшая муниципальная практика")
    await press(tg, person, b("contest-btn-apply"))
    assert "Шаг 1. Номинация." in chat.last_text()
    await press(tg, person, shorten("Благоустройство общественных пространств", 40))
    assert "Выберите муниципальное образование" in chat.last_text()
    await press(tg, person, shorten(await municipality_name(app, 3), 40))
    assert "Контакт." in chat.last_text()
    await person.send_sticker()
    await seen_after(tg, person, len(chat.history) - 1, "Напишите ответ текстом")
    await say(tg, person, "Анна Бот, +7 900 111-22-33", "Название практики.")
    await say(tg, person, "Д" * 250, "Слишком длинно: 250 символов, а можно не больше 200.")
    await say(tg, person, "<b>Двор</b> & сквер", "Описание практики.")


async def step_application_second_half(tg: FakeTelegram) -> None:
    """After the restart the dialogue goes on from the description: nothing typed is lost."""
    person, chat = tg.user(APPLICANT), tg.chat(APPLICANT)
    await say(tg, person, "Благоустроили двор и сквер вместе с жителями.", "Результаты с цифрами.")
    await say(tg, person, "3 двора, 120 жителей, 15 деревьев", "Бюджет.")
    await press(tg, person, b("contest-btn-skip"))  # the budget is optional here
    assert "Фотографии." in chat.last_text() and "обязательно" in chat.last_text()
    await person.send_document(b"%PDF-1.4", filename="x.pdf")
    await seen_after(tg, person, len(chat.history) - 1, "Здесь нужна фотография")
    await person.send_photo()
    await seen_after(tg, person, len(chat.history) - 1, "Фото получено (всего: 1)")
    await press(tg, person, b("contest-btn-files-done"))
    assert "Документы." in chat.last_text()
    await press(tg, person, b("contest-btn-files-done"))
    preview = chat.last_text()
    assert "Проверьте заявку" in preview and "<b>Двор</b> & сквер" in preview
    assert "Всё обязательное заполнено" in preview
    # An edit from the preview comes back to the preview, not to the next step.
    await press(tg, person, b("contest-btn-edit", field=b("contest-field-contact")))
    assert "Контакт." in chat.last_text()
    await say(tg, person, "Анна Бот, anna@example.ru", "Проверьте заявку")
    assert "Контакт: Анна Бот, anna@example.ru" in chat.last_text()
    answer = await press(tg, person, b("contest-btn-submit"))
    assert answer.text is None
    assert "Заявка № 12 отправлена" in chat.last_text()
    await seen_after(tg, person, 0, "Заявка № 12 «<b>Двор</b> & сквер» на конкурс")
    # A second tap on the old preview's button: refused, no second number.
    again = await press(tg, person, b("contest-btn-submit"))
    assert again.text == b("contest-stale")


async def step_staff_returns_and_applicant_fixes(tg: FakeTelegram) -> None:
    admin, person, chat = tg.user(ADMIN_ID), tg.user(APPLICANT), tg.chat(APPLICANT)
    await say(tg, admin, "/contest", "Лучшая муниципальная практика")
    await press(tg, admin, b("contest-btn-staff"))
    await press(tg, admin, b("contest-btn-staff-apps"))
    assert "12 заявок" in tg.chat(ADMIN_ID).last_text()
    await press(tg, admin, b("page-next"))  # ten a page: number 12 is on the second
    await press(tg, admin, b("contest-btn-staff-app", number=12, title="<b>Двор</b> & сквер"))
    await press(tg, admin, b("contest-btn-return"))
    await say(tg, admin, "Укажите бюджет практики", "Заявка № 12 возвращена на доработку")
    await seen_after(tg, person, 0, "Комментарий: Укажите бюджет практики")
    await say(tg, person, "/contest", "возвращена на доработку — нажмите")
    await press(tg, person, b("contest-btn-continue"))
    assert "Комментарий Совета: Укажите бюджет практики" in chat.last_text()
    await press(tg, person, b("contest-btn-edit", field=b("contest-field-budget")))
    await say(tg, person, "450 тыс. руб., бюджет округа", "Проверьте заявку")
    await press(tg, person, b("contest-btn-submit"))
    assert "Заявка № 12 отправлена" in chat.last_text()


async def step_late_application_refused(tg: FakeTelegram, app: App) -> None:
    """The late applicant had a complete draft open when staff closed the applications."""
    async with app.session_factory() as session:
        late = await session.scalar(select(User).where(User.telegram_id == LATE))
        contest = await session.scalar(select(Contest))
        assert late is not None and contest is not None
        draft_id = await write_application(
            session, late, contest, 0, utcnow(), title="Поздняя", submit=False, photo="x"
        )
    person = tg.user(LATE)
    await say(tg, person, "/contest", "Лучшая муниципальная практика")
    await press(tg, person, b("contest-btn-continue"))
    assert "Проверьте заявку" in tg.chat(LATE).last_text()
    admin = tg.user(ADMIN_ID)
    await press(tg, admin, b("contest-btn-staff-stage"))
    await press(tg, admin, b("contest-btn-stage-yes"))
    assert "теперь: «работа жюри»" in tg.chat(ADMIN_ID).last_text()
    again = await press(tg, admin, b("contest-btn-stage-yes"))  # a double tap ends no more
    assert again.text == b("contest-stage-gone")
    seen = len(tg.chat(LATE).history)
    await press(tg, person, b("contest-btn-submit"))
    refusal = await seen_after(tg, person, seen, "Приём заявок закрыт")
    assert "Заявки после срока не принимаются." in refusal.display_text
    async with app.session_factory() as session:
        row = await session.get(Application, draft_id)
        assert row is not None and row.status is AppStatus.DRAFT and row.number is None


# --- the jury ---

NOM0 = [1, 2, 3, 4, 5, 6, 12]  # the municipal nomination's numbers (municipality 2, 4, …, 3)
NOM1 = [7, 8, 9, 10, 11]  # the TOS nomination's
NOM1_VALUES = {7: 5, 8: 4, 9: 4, 10: 2, 11: 1}  # 8 and 9 tie; 9 was submitted first
SPLIT = {JURORS[0]: 5, JURORS[1]: 10, JURORS[2]: 2}  # number 5: a disagreement of 8 points


def planned(number: int, juror: int) -> int:
    if number in NOM1_VALUES:
        return NOM1_VALUES[number]
    if number == 5:
        return SPLIT[juror]
    return 9 - NOM0.index(number)


async def step_juror_in_the_bot(tg: FakeTelegram, app: App) -> None:
    person, chat = tg.user(JURORS[0]), tg.chat(JURORS[0])
    await say(tg, person, "/contest", "Лучшая муниципальная практика")
    await press(tg, person, b("contest-btn-jury"))
    card = chat.messages[-3].display_text
    assert card.startswith("⚖️ Оценено 0 из 6.")  # number 1 is from their own municipality
    assert "Заявка № 2. Практика МО 4" in card
    assert chat.messages[-2].photo
    prompt = chat.last_message()
    assert prompt is not None
    for index in range(3):
        assert f"Критерий {index + 1} из 3" in prompt.display_text
        answer = await press(tg, person, "8")
        assert answer.text == "Балл 8 сохранён."
        if index == 0:  # a double tap of the same button: the same score, nothing breaks
            again = await press_raw(tg, person, tg.callback_queries[-1].data)
            assert again.text == "Балл 8 сохранён." and "Критерий 2 из 3" in prompt.display_text
    assert chat.last_message() is prompt  # the same message, edited criterion by criterion
    assert chat.last_text().startswith("Заявка № 2 оценена. Ваш взвешенный балл: 8.00.")
    await press(tg, person, b("contest-btn-comment"))
    await say(tg, person, "Сильная практика, но мало цифр", "Комментарий сохранён.")
    await press(tg, person, b("contest-btn-next"))
    assert chat.messages[-3].display_text.startswith("⚖️ Оценено 1 из 6.")
    # The application of their own municipality cannot be scored, even by a forged button.
    async with app.session_factory() as session:
        own = await session.scalar(select(Application).where(Application.number == 1))
        nomination = await setup.get_nomination(session, own.nomination_id or 0) if own else None
        criteria = await setup.criteria_of(session, nomination.id) if nomination else []
    assert own is not None and criteria
    forged = ScoreCb(app=own.id, criterion=criteria[0].id, value=9).pack()
    answer = await press_raw(tg, person, forged)
    assert answer.text == b("contest-juror-excluded") and answer.show_alert
    # Other jurors' scores stay hidden while the jury works.
    contest_id = (await the_contest(app)).id
    hidden = await press_raw(tg, person, JuryScoresCb(contest=contest_id).pack())
    assert hidden.text == b("contest-jury-scores-hidden")


async def step_reminders_on_a_fake_clock(tg: FakeTelegram, app: App) -> None:
    contest = await the_contest(app)
    day_before = contest.jury_until - timedelta(days=1)
    first = await contest_job.run(app.session_factory, day_before)
    assert first.reminded == 5
    assert (await contest_job.run(app.session_factory, day_before)).reminded == 0
    async with app.session_factory() as session:
        marked = await session.scalars(select(Juror.reminded_at))
        assert all(moment == day_before for moment in marked)
    # Staff remind by hand today: once a day per juror, whoever asks.
    admin = tg.user(ADMIN_ID)
    reminded = await press(tg, admin, b("contest-btn-staff-remind"))
    assert reminded.text == b("contest-staff-reminded", count=5)
    again = await press(tg, admin, b("contest-btn-staff-remind"))
    assert again.text == b("contest-staff-reminded", count=0)
    app.background.wake()
    await seen_after(tg, tg.user(JURORS[0]), 0, "Напоминание жюри конкурса")
    assert "оценено 1 из 6" in tg.chat(JURORS[0]).last_text()


async def score_the_rest(app: App) -> None:
    async with app.session_factory() as session:
        for telegram_id in JURORS:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            assert user is not None
            contest = await session.scalar(select(Contest))
            assert contest is not None
            for item in await jury.queue(session, user, contest.id):
                criteria = await setup.criteria_of(session, item.nomination_id or 0)
                value = planned(item.number or 0, telegram_id)
                for criterion in criteria:
                    await jury.score(session, user, item.id, criterion.id, value, t, [ADMIN_ID])


async def step_staff_see_progress_and_the_flag(tg: FakeTelegram) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    alert = await seen_after(tg, admin, 0, "Сильное расхождение оценок жюри: заявка № 5")
    assert "разброс оценок по одному из критериев 5 при пороге 3" in alert.display_text
    await say(tg, admin, "/contest", "Лучшая муниципальная практика")
    await press(tg, admin, b("contest-btn-staff"))
    await press(tg, admin, b("contest-btn-staff-jury"))
    progress = chat.last_text()
    assert "Жюри 1 — «Благоустройство общественных пространств»: оценено 6 из 6" in progress
    assert "Жюри 3 — «Лучший ТОС»: оценено 5 из 5" in progress
    assert "⏳" not in progress


async def step_juror_sees_all_scores_after_the_jury(tg: FakeTelegram) -> None:
    person = tg.user(JURORS[0])
    await say(tg, person, "/contest", "Лучшая муниципальная практика")
    await press(tg, person, b("contest-btn-jury-scores"))
    text = tg.chat(JURORS[0]).last_text()
    assert "№ 2 «Практика МО 4»: Жюри 1 — 8.00; Жюри 2 — 8.00; Жюри 3 — 8.00" in text
    assert "№ 1 «" not in text  # their own municipality's application is not theirs


# --- the public vote ---


async def step_admit_and_open_the_vote(tg: FakeTelegram, app: App) -> None:
    admin = tg.user(ADMIN_ID)
    await press(tg, admin, b("contest-btn-staff-apps"))
    flagged = b("contest-btn-staff-app", number=5, title="Практика МО 7")
    listing = tg.chat(ADMIN_ID).last_message()
    assert listing is not None
    assert b("contest-btn-staff-app-flagged", label=flagged) in listing.buttons
    await press(tg, admin, b("page-next"))  # ten a page: number 12 is on the second
    await press(tg, admin, b("contest-btn-staff-app", number=12, title="<b>Двор</b> & сквер"))
    actions = tg.chat(ADMIN_ID).last_text()
    assert "• Жюри 1: 3.00 (комментарий: —)" in actions and "• Жюри 2: 3.00" in actions
    answer = await press(tg, admin, b("contest-btn-admit"))
    assert answer.text == b("contest-staff-admitted", number=12)
    again = await press(tg, admin, b("contest-btn-admit"))  # a double tap
    assert again.text == b("contest-already-admitted")
    await seen_after(tg, tg.user(APPLICANT), 0, "допущена к народному голосованию")
    async with app.session_factory() as session:
        for item in await apps.mine_all(session, (await the_contest(app)).id):
            if not item.in_vote:
                await apps.admit_to_vote(session, ADMIN_ID, item.id, t)
    await press(tg, admin, b("contest-btn-staff"))
    await press(tg, admin, b("contest-btn-staff-stage"))
    await press(tg, admin, b("contest-btn-stage-yes"))
    assert "теперь: «народное голосование»" in tg.chat(ADMIN_ID).last_text()
    await seen_after(tg, tg.user(VOTERS), 0, "открыто народное голосование")


async def votes_by_model(app: App) -> None:
    """34 registered voters and 4 of the 5 fresh accounts vote through the domain."""
    async with app.session_factory() as session:
        fresh = await make_users(session, FRESH, 5)  # made after the vote opened
        by_number = {a.number: a.id for a in await session.scalars(select(Application))}
        for index in range(1, 35):
            voter = await session.scalar(select(User).where(User.telegram_id == VOTERS + index))
            assert voter is not None
            target = 12 if index < 20 else 3
            await voting.vote(session, voter, by_number[target], t, [ADMIN_ID])
            await voting.vote(session, voter, by_number[7 if index % 2 else 9], t, [ADMIN_ID])
        for person in fresh[1:]:
            await voting.vote(session, person, by_number[2], t, [ADMIN_ID])


async def step_vote_in_the_bot(tg: FakeTelegram, contest_id: int) -> None:
    voter, chat = tg.user(VOTERS), tg.chat(VOTERS)
    await press(tg, voter, b("contest-announce-vote-button"))
    assert "Итоги голосования будут видны после его окончания." in chat.last_text()
    await press(tg, voter, shorten("Благоустройство общественных пространств", 40))
    ballot = chat.last_message()
    assert ballot is not None
    assert [line.split(".")[0] for line in ballot.display_text.split("\n")[1:]] == [
        f"№ {n}" for n in NOM0
    ]
    assert "голоса:" not in ballot.display_text  # counts only after the end
    answer = await press(tg, voter, b("contest-btn-vote-for", number=12))
    assert answer.text == b("contest-vote-done")
    assert b("contest-btn-voted", number=12) in ballot.buttons  # redrawn in place
    same = await press(tg, voter, b("contest-btn-voted", number=12))
    assert same.text == b("contest-vote-same")
    moved = await press(tg, voter, b("contest-btn-vote-for", number=3))
    assert moved.text == b("contest-vote-moved")
    assert b("contest-btn-voted", number=3) in ballot.buttons
    assert b("contest-btn-vote-for", number=12) in ballot.buttons
    back = await press(tg, voter, b("contest-btn-vote-for", number=12))
    assert back.text == b("contest-vote-moved")
    await press(tg, voter, b("contest-btn-open", number=12))
    assert any(x.startswith("Заявка № 12. <b>Двор</b> & сквер") for x in chat.texts()[-3:])
    # A fresh account (made after the vote opened) is told its vote does not count.
    fresh = tg.user(FRESH)
    await press_raw(tg, fresh, VoteMenuCb(contest=contest_id).pack())
    await press(tg, fresh, shorten("Благоустройство общественных пространств", 40))
    answer = await press(tg, fresh, b("contest-btn-vote-for", number=2))
    assert answer.text == b("contest-vote-not-counted") and answer.show_alert
    await seen_after(tg, tg.user(ADMIN_ID), 0, "Всплеск голосов новых аккаунтов: заявка № 2")


# --- results ---


async def step_results_on_a_fake_clock(tg: FakeTelegram, app: App) -> None:
    contest = await the_contest(app)
    assert contest.vote_until is not None
    tick = await contest_job.run(app.session_factory, contest.vote_until + timedelta(minutes=1))
    assert tick.entered == 1
    app.background.wake()
    voter = tg.user(VOTERS + 3)
    announcement = await seen_after(tg, voter, 0, "Итоги конкурса «Лучшая муниципальная")
    text = announcement.display_text
    assert "1. Практика МО 2" in text and "1. ТОС-практика 0" in text
    assert text.index("2. ТОС-практика 2") < text.index("3. ТОС-практика 1")  # the tie
    assert "🗳 Народное голосование: «<b>Двор</b> & сквер» — 20 голосов" in text
    assert "🗳 Народное голосование: «ТОС-практика 0» — 17 голосов" in text  # 17:17, earlier
    await press(tg, voter, b("contest-announce-results-button"))
    await press(tg, voter, b("contest-btn-practice", place=1, title="Практика МО 2"))
    assert any(x.startswith("Заявка № 1. Практика МО 2") for x in voter.chat.texts()[-3:])
    notice = await seen_after(tg, tg.user(APPLICANT), 0, "Итоги конкурса")
    assert "место 7 в номинации «Благоустройство" in notice.display_text
    async with app.session_factory() as session:
        first, second = await setup.nominations_of(session, contest.id)
        ranked = await rank(session, first)
        numbers = {a.id: a.number for a in await session.scalars(select(Application))}
        votes = {numbers[k]: v for k, v in (await voting.tally(session, first.id)).items()}
        assert votes == {12: 20, 3: 15}
        assert await voting.uncounted(session, first.id) == 5
        assert [r.app.number for r in ranked.ranking] == [1, 2, 3, 4, 5, 6, 12]
        tos = await rank(session, second)
        assert [r.app.number for r in tos.ranking] == [7, 9, 8, 10, 11]


def cells(table: docx.table.Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


async def step_protocol(tg: FakeTelegram) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await say(tg, admin, "/contest", "Лучшая муниципальная практика")
    await press(tg, admin, b("contest-btn-staff"))
    await press(tg, admin, b("contest-btn-staff-protocol"))
    sent = [m for m in chat.messages[-2:] if m.document]
    assert [m.document["file_name"][-5:] for m in sent] == [".docx", ".xlsx"]  # type: ignore[index]
    document = docx.Document(io.BytesIO(tg.files[sent[0].document["file_id"]].data))  # type: ignore[index]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "ПРОТОКОЛ" in body and "Подписи членов жюри:" in body
    assert body.count("______________________ /") == 5
    scores0, ranking0, scores1, ranking1 = (cells(x) for x in document.tables)
    assert scores0[0] == [
        "№ заявки",
        "Член жюри",
        "Результативность",
        "Экономическая эффективность",
        "Тиражируемость",
        "Взвешенный балл",
    ]
    assert len(scores0) == 1 + 7 * 3 - 1  # Жюри 1 did not score number 1
    assert not any(r[0] == "1" and r[1] == "Жюри 1" for r in scores0)
    assert ["5", "Жюри 2", "10", "10", "10", "10,00"] in scores0
    assert ["2", "Жюри 1", "8", "8", "8", "8,00"] in scores0
    assert ranking0[0] == [
        "Место",
        "№ заявки",
        "Практика",
        "Заявитель",
        "Итоговый балл",
        "Оценок",
        "Голоса",
    ]
    assert [r[1] for r in ranking0[1:]] == ["1", "2", "3", "4", "5", "6", "12"]
    assert ranking0[5][4] == "5,67*" and ranking0[1][5] == "2" and ranking0[7][6] == "20"
    assert ranking0[7][2] == "<b>Двор</b> & сквер"
    assert len(scores1) == 1 + 5 * 3 and scores1[0][2:4] == ["Вовлечённость жителей", "Результаты"]
    assert [r[1] for r in ranking1[1:]] == ["7", "9", "8", "10", "11"]
    assert ranking1[1][3].startswith("ТОС «ТОС ТОС-практика 0»")
    book = openpyxl.load_workbook(io.BytesIO(tg.files[sent[1].document["file_id"]].data))  # type: ignore[index]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 20 * 3 + 15 * 2
    assert all(
        isinstance(r[1], int) and isinstance(r[6], int | float) and isinstance(r[7], int)
        for r in rows[1:]
    )
    commented = [r for r in rows if r[1] == 2 and r[4] == "Жюри 1"]
    assert len(commented) == 3 and {r[8] for r in commented} == {"Сильная практика, но мало цифр"}
    totals = list(book.worksheets[1].iter_rows(values_only=True))
    assert totals[1][1:3] == (1, 1) and totals[1][5] == 9.0


async def test_contest_story(tg: FakeTelegram, settings: Settings) -> None:
    for telegram_id in [APPLICANT, LATE, *JURORS, *range(VOTERS, VOTERS + 35), FRESH]:
        tg.user(telegram_id)  # their chats exist: what the bot sends them is kept
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            await setup_people(session, tg)
        await step_application_first_half(tg, app)
    # A restart mid-dialogue: the FSM and the draft are in the database.
    async with running_bot(tg, settings, concurrent=True) as app:
        await step_application_second_half(tg)
        await step_staff_returns_and_applicant_fixes(tg)
        await step_late_application_refused(tg, app)
        await step_juror_in_the_bot(tg, app)
        await step_reminders_on_a_fake_clock(tg, app)
        await score_the_rest(app)
        app.background.wake()
        await step_staff_see_progress_and_the_flag(tg)
        await step_admit_and_open_the_vote(tg, app)
        await step_juror_sees_all_scores_after_the_jury(tg)
        await votes_by_model(app)
        await step_vote_in_the_bot(tg, (await the_contest(app)).id)
        await step_results_on_a_fake_clock(tg, app)
        await step_protocol(tg)
