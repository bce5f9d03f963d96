"""End to end through the fake Telegram, as production runs (``concurrent=True``): six
people support others' proposals from the proposal dialogue (one double tap), staff decide
with reasons (a template, one group decision), set a due date and get its reminder on a
fake clock, get the batched alert, send the summary (DOCX/XLSX checked cell by cell; each
participant gets their own lines), a new version flags two proposals, and the result tells
each author whether their change is in the adopted text."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from functools import partial
from typing import Any

import docx
import openpyxl
import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runner import App
from handlers.proposals.callbacks import (
    PSupportCb,
    PViewCb,
    SAssignCb,
    SExportCb,
    SGroupDecideCb,
    SSummaryCb,
    STemplateCb,
)
from models.base import DEFAULT_TZ, utcnow
from models.proposals import AmendmentKind, PlaceKind, Proposal, drafts, law, submit, support
from models.proposals import ProposalStatus as Status
from models.proposals.acts import Act, ActKind, ActStage, choose_act
from models.users import User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.records import ChatMessage, ChatTranscript
from scheduler import proposal_alerts
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from tests.test_proposals_e2e import _register
from tests.test_proposals_model import LAW_TXT
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]

AUTHORS = [9101, 9102, 9103, 9104]
FANS = [9201, 9202, 9203, 9204, 9205, 9206]
OLD_212 = "2) тестовый орган — участник примера;"
NEW_212 = "2) тестовый орган — главный участник;"
# (author, place, proposed wording)
PROPOSALS = [
    (9101, (2, 1, 2), NEW_212),
    (9102, (2, 1, 2), "2) тестовый орган — наблюдатель;"),
    (9103, (3, 2, None), "2. Порядок взаимодействия определяется советом."),
    (9104, (1, None, None), "Настоящий закон определяет всё."),
]


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


def _answers(tg: FakeTelegram, user_id: int) -> list[str]:
    return [
        str(c.params.get("text") or "")
        for c in tg.calls("answerCallbackQuery")
        if c.params.get("callback_query_id") in _queries_of(tg, user_id)
    ]


def _answered(tg: FakeTelegram, user_id: int, count: int) -> bool:
    return len(_answers(tg, user_id)) == count


def _queries_of(tg: FakeTelegram, user_id: int) -> set[str]:
    return {q.id for q in tg.callback_queries if q.user_id == user_id}


async def _setup(app: App) -> list[Proposal]:
    made: list[Proposal] = []
    async with app.session_factory() as session:
        structure = (await law.upload_law(session, ADMIN_ID, "v1.txt", LAW_TXT.read_bytes())).law
    for n, uid in enumerate(AUTHORS + FANS):
        await _register(app, uid, name=f"Участник {n} <b>", municipality_id=1 + n % 3)
    async with app.session_factory() as session:
        for uid, (art, part, point), wording in PROPOSALS:
            user = await session.scalar(select(User).where(User.telegram_id == uid))
            assert user is not None
            await drafts.set_place(
                session, user.id, PlaceKind.PROVISION, art, part, point, law=structure
            )
            await drafts.set_kind(session, user.id, AmendmentKind.NEW_WORDING)
            await drafts.set_proposed(session, user.id, wording)
            await drafts.set_justification(session, user.id, f"Обоснование {uid}")
            await drafts.set_attachment(session, user.id, None, None)
            made.append(await submit(session, user))
    return made


async def _support_from_dialogue(
    tg: FakeTelegram, uid: int, place: str, number: str, *, taps: int = 1
) -> None:
    person, chat = tg.user(uid), tg.chat(uid)
    await _after(tg, chat, person.send("/proposals"), "Предложения к проектам актов")
    await _after(tg, chat, person.press(t.plain("proposals-btn-new")), "Шаг 1")
    on_place = await _after(tg, chat, person.send(place), "уже есть предложения")
    assert number in on_place.display_text
    label = t.plain("decisions-btn-support", number=number)
    before = len(_answers(tg, uid))
    for n in range(taps):
        await person.press(label)
        await tg.wait_for(partial(_answered, tg, uid, before + n + 1), timeout=20)
    await _after(tg, chat, person.send("/cancel"), "")


async def _staff_decide(tg: FakeTelegram, made: list[Proposal]) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    p1, _, p3, p4 = made
    reason_template = "Учтено: положение изложено в новой редакции."
    await _after(tg, chat, admin.send("/template_add"), "текст шаблона")
    await _after(tg, chat, admin.send(reason_template), "сохранён")
    # ст. 3 ч. 2: «не учтено» with a typed reason.
    await _after(tg, chat, admin.send(f"/proposal {p3.number}"), p3.number)
    prompt = await _after(tg, chat, admin.press(t.plain("proposals-review-reject")), "причину")
    assert t.plain("decisions-btn-template", title=reason_template) in prompt.buttons
    await _after(tg, chat, admin.send("Противоречит федеральному закону."), "не учтено")
    # ст. 1: «учтено» with the template applied as it is.
    await _after(tg, chat, admin.send(f"/proposal {p4.number}"), p4.number)
    await _after(tg, chat, admin.press(t.plain("proposals-review-accept")), "причину")
    shown = await _after(
        tg,
        chat,
        admin.press(t.plain("decisions-btn-template", title=reason_template)),
        "Шаблон «",
    )
    assert reason_template in shown.display_text
    await _after(tg, chat, admin.press(t.plain("decisions-btn-template-use")), "учтено")
    # ст. 2 ч. 1 п. 2: one decision for both proposals on it.
    await _after(tg, chat, admin.send(f"/proposal {p1.number}"), p1.number)
    choose = await _after(tg, chat, admin.press(t.plain("decisions-btn-group")), "Одно решение")
    assert made[1].number in choose.display_text
    await _after(tg, chat, admin.press(t.plain("proposals-review-accept-partly")), "причину")
    done = await _after(tg, chat, admin.send("Учтено в части понятия."), "принято по")
    assert p1.number in done.display_text and made[1].number in done.display_text


async def _due_and_alerts(tg: FakeTelegram, app: App, made: list[Proposal]) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    p3 = made[2]
    await _after(tg, chat, admin.send(f"/proposal {p3.number}"), p3.number)
    await _after(tg, chat, admin.press(t.plain("decisions-btn-due")), "До какого момента")
    due = (utcnow() + timedelta(days=2)).astimezone(DEFAULT_TZ).strftime("%d.%m.%Y %H:%M")
    await _after(tg, chat, admin.send(due), "Срок ответа по предложению")
    assert app.background.scheduler.get_job("proposal_alerts") is not None  # the leader's job
    await app.background.proposal_alerts()  # what the job runs every minute
    await chat.wait_for_text("Новых предложений: 4", timeout=20)
    later = utcnow() + timedelta(days=3)
    await proposal_alerts.run(app.session_factory, later, {ADMIN_ID})
    app.background.wake()
    reminder = await chat.wait_for_text("Наступил срок ответа", timeout=20)
    assert p3.number in reminder.display_text
    await proposal_alerts.run(app.session_factory, later + timedelta(hours=1), {ADMIN_ID})
    await asyncio.sleep(0.5)
    assert sum("Новых предложений" in x for x in chat.texts()) == 1  # batched, once
    assert sum("Наступил срок ответа" in x for x in chat.texts()) == 1


def _documents(chat: ChatTranscript, count: int) -> bool:
    return sum(m.document is not None for m in chat.messages) == count


def _file(tg: FakeTelegram, msg: ChatMessage) -> bytes:
    assert msg.document is not None
    return tg.files[msg.document["file_id"]].data


def _check_docx(data: bytes, made: list[Proposal]) -> None:
    table = docx.Document(io.BytesIO(data)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    p1, p2, p3, p4 = made
    assert rows[1][0] == "ст. 1"
    assert rows[2][1:3] == [p4.number, "новая редакция: " + PROPOSALS[3][2]]
    assert rows[2][4:] == ["0", "учтено", "Учтено: положение изложено в новой редакции."]
    assert rows[3][0] == "ст. 2 ч. 1 п. 2"
    assert rows[4][1] == p1.number and rows[4][3].startswith("Участник 0 <b>")
    assert rows[4][4:] == ["4", "учтено частично", "Учтено в части понятия."]
    assert rows[5][1] == p2.number and rows[5][4:] == ["0", "учтено частично", rows[4][6]]
    assert rows[6][0] == "ст. 3 ч. 2"
    assert rows[7][1] == p3.number
    assert rows[7][4:] == ["2", "не учтено", "Противоречит федеральному закону."]
    assert len(rows) == 8


def _check_xlsx(data: bytes, made: list[Proposal]) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    numbers = [r[1] for r in rows[:4]]
    assert numbers == [made[3].number, made[0].number, made[1].number, made[2].number]
    assert [r[6] for r in rows[:4]] == [0, 4, 0, 2]  # numbers, not text
    totals = {r[3]: r[6] for r in rows[5:]}
    assert totals == {
        "Поступило предложений": 4,
        "Учтено": 1,
        "Учтено частично": 2,
        "Не учтено": 1,
        "Без решения": 0,
    }


async def _summary(tg: FakeTelegram, made: list[Proposal]) -> ChatMessage:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await _after(tg, chat, admin.send("/proposals_admin"), "работа с предложениями")
    menu = await _after(
        tg, chat, admin.press(t.plain("decisions-btn-summary")), "Участников (авторы"
    )
    assert "Поступило: 4; учтено: 1; учтено частично: 2; не учтено: 1" in menu.display_text
    assert "Участников (авторы и поддержавшие): 10." in menu.display_text
    await _after(
        tg,
        chat,
        admin.press(t.plain("decisions-btn-summary-send")),
        "Сводка разослана участникам: 10",
    )
    docs = [m for m in chat.messages if m.document is not None]
    _check_docx(_file(tg, docs[-2]), made)
    _check_xlsx(_file(tg, docs[-1]), made)
    # Each participant: their own lines, then the two files.
    for uid in AUTHORS + FANS:
        await tg.wait_for(partial(_documents, tg.chat(uid), 2), timeout=30)
    a2 = tg.chat(9102).find("Вот решения")
    assert a2 is not None and made[1].number in a2.display_text
    assert "учтено частично" in a2.display_text and made[2].number not in a2.display_text
    fan = tg.chat(9205).find("Вот решения")
    assert fan is not None and "Предложения, которые вы поддержали" in fan.display_text
    assert made[2].number in fan.display_text and "не учтено" in fan.display_text
    return menu


async def _version_and_result(tg: FakeTelegram, app: App, made: list[Proposal]) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    text = LAW_TXT.read_text(encoding="utf-8").replace(OLD_212, NEW_212)
    async with app.session_factory() as session:
        await law.upload_law(session, ADMIN_ID, "v2.txt", text.encode())
    report = await _after(
        tg, chat, admin.press(t.plain("decisions-btn-versions")), "Что изменилось"
    )
    assert (
        "ст. 2 ч. 1 п. 2 — изменено: −«участник примера;» +«главный участник;»"
        in report.display_text
    )
    flagged = f"Редакция изменилась под предложениями: {made[0].number}, {made[1].number}."
    assert flagged in report.display_text
    card = await _after(tg, chat, admin.send(f"/proposal {made[1].number}"), "Редакция изменилась")
    assert made[1].number in card.display_text
    await _after(tg, chat, admin.send("/proposals_admin"), "работа с предложениями")
    await _after(tg, chat, admin.press(t.plain("proposals-btn-grouped")), "по положениям")
    group = await _after(tg, chat, admin.press("ст. 2 ч. 1 п. 2 (2)"), "предложений: 2")
    assert "Поддержали: 4 · ⚠️ редакция изменилась" in group.display_text
    assert "Поддержали: 0 · ⚠️ редакция изменилась" in group.display_text
    await _after(
        tg, chat, admin.press(t.plain("decisions-btn-result")), "вошло в принятый текст: 1 из 4"
    )
    for uid, p in zip(AUTHORS, made, strict=True):
        notice = await tg.chat(uid).wait_for_text("Итог:", timeout=30)
        assert p.number in notice.display_text
        taken = "есть в принятом тексте" in notice.display_text
        assert taken is (uid == 9101)


async def test_support_decisions_summary_versions_result(
    tg: FakeTelegram, settings: Settings
) -> None:
    for uid in [ADMIN_ID, *AUTHORS, *FANS]:
        tg.user(uid, first_name=f"П{uid}")
    async with running_bot(tg, settings, concurrent=True) as app:
        made = await _setup(app)
        p1, _, p3, _ = made
        # An author choosing their own place sees the other proposal there, not their own.
        own = await _after(
            tg, tg.chat(9101), tg.user(9101).send("/proposals"), "Предложения к проектам актов"
        )
        assert own is not None
        await _after(tg, tg.chat(9101), tg.user(9101).press(t.plain("proposals-btn-new")), "Шаг 1")
        others = await _after(tg, tg.chat(9101), tg.user(9101).send("ст. 2 ч. 1 п. 2"), "уже есть")
        assert made[1].number in others.display_text and p1.number not in others.display_text
        # Six people support: one taps twice, the others at once.
        await _support_from_dialogue(tg, FANS[0], "ст. 2 ч. 1 п. 2", p1.number, taps=2)
        assert _answers(tg, FANS[0])[-2:] == [
            t.plain("decisions-supported", number=p1.number, count=1),
            t.plain("decisions-support-already", number=p1.number, count=1),
        ]
        await asyncio.gather(
            *(_support_from_dialogue(tg, u, "ст. 2 ч. 1 п. 2", p1.number) for u in FANS[1:4]),
            *(_support_from_dialogue(tg, u, "ст. 3 ч. 2", p3.number) for u in FANS[4:]),
        )
        async with app.session_factory() as session:
            counts = await support.counts(session, [p.id for p in made])
        assert counts == {p1.id: 4, p3.id: 2}
        await _due_and_alerts(tg, app, made)
        await _staff_decide(tg, made)
        async with app.session_factory() as session:
            statuses = [
                (await session.get(Proposal, p.id, populate_existing=True)).status  # type: ignore[union-attr]
                for p in made
            ]
        assert statuses == [
            Status.PARTIALLY_ACCEPTED,
            Status.PARTIALLY_ACCEPTED,
            Status.REJECTED,
            Status.ACCEPTED,
        ]
        await _summary(tg, made)
        await _version_and_result(tg, app, made)


async def test_forged_stale_and_foreign_presses_are_refused_in_words(
    tg: FakeTelegram, settings: Settings
) -> None:
    for uid in [ADMIN_ID, *AUTHORS, *FANS]:
        tg.user(uid, first_name=f"П{uid}")
    async with running_bot(tg, settings) as app:
        made = await _setup(app)
        p1 = made[0]
        fan, author, admin = tg.user(FANS[0]), tg.user(AUTHORS[0]), tg.user(ADMIN_ID)
        # A participant: not their own, not a forged one; withdrawing what was not given.
        own = await author.press_raw(PSupportCb(id=p1.id, on=True).pack())
        assert own is not None and own.text == t.plain("decisions-support-own")
        forged = await fan.press_raw(PSupportCb(id=2**31 - 1, on=True).pack())
        assert forged is not None and forged.text == t.plain("decisions-support-gone")
        none = await fan.press_raw(PSupportCb(id=p1.id, on=False).pack())
        assert none is not None
        assert none.text == t.plain("decisions-unsupport-none", number=p1.number)
        # The public card: no author's name; the button turns into «withdraw» and back.
        await fan.press_raw(PViewCb(id=p1.id).pack())
        card = tg.chat(FANS[0]).last_message()
        assert card is not None and "Поддержали: 0" in card.display_text
        assert "Участник 0" not in card.display_text and "Telegram ID" not in card.display_text
        await fan.press(t.plain("decisions-btn-support", number=p1.number))
        flipped = tg.chat(FANS[0]).message(card.message_id)
        assert flipped is not None
        assert flipped.buttons == [t.plain("decisions-btn-unsupport", number=p1.number)]
        back = await fan.press(t.plain("decisions-btn-unsupport", number=p1.number))
        assert back is not None
        assert back.text == t.plain("decisions-unsupported", number=p1.number, count=0)
        # Staff commands and buttons are not for a participant.
        await fan.send("/templates")
        assert tg.chat(FANS[0]).last_text() == t.plain("unknown-command")
        group = await fan.press_raw(SGroupDecideCb(id=p1.id, status="accepted").pack())
        assert group is not None and group.text == t.plain("stale-button")
        # Staff: a template pressed when no reason is awaited, forged ids and statuses.
        await admin.send("/template_add")
        await admin.send("Ш" * 4001)
        assert tg.chat(ADMIN_ID).last_text().startswith("Слишком длинно")
        await admin.send("Не относится к предмету регулирования")
        await admin.send("/templates")
        listing = tg.chat(ADMIN_ID).last_message()
        assert (
            listing is not None and "Не относится к предмету регулирования" in listing.display_text
        )
        stale = await admin.press_raw(STemplateCb(id=1).pack())
        assert stale is not None and stale.text == t.plain("decisions-template-stale")
        gone = await admin.press_raw(STemplateCb(id=999).pack())
        assert gone is not None and gone.text == t.plain("decisions-template-gone")
        bogus = await admin.press_raw(SGroupDecideCb(id=p1.id, status="bogus").pack())
        assert bogus is not None and bogus.text == t.plain("proposals-stale")
        # The responsible: chosen among staff; anyone else is refused.
        await admin.send(f"/proposal {p1.number}")
        await admin.press(t.plain("decisions-btn-assign"))
        assert tg.chat(ADMIN_ID).last_message().buttons == [str(ADMIN_ID)]  # type: ignore[union-attr]
        chosen = await admin.press(str(ADMIN_ID))
        assert chosen is not None
        assert chosen.text == t.plain("decisions-assigned", number=p1.number, name=str(ADMIN_ID))
        assert f"Ответственный: {ADMIN_ID}; срок ответа: не задан" in tg.chat(ADMIN_ID).texts()[-1]
        outsider = await admin.press_raw(SAssignCb(id=p1.id, who=FANS[1]).pack())
        assert outsider is not None and outsider.text == t.plain("decisions-not-staff")
        # A due date typed wrong, then in the past.
        await admin.send(f"/proposal {p1.number}")
        await admin.press(t.plain("decisions-btn-due"))
        await admin.send("послезавтра когда-нибудь")
        assert tg.chat(ADMIN_ID).last_text().startswith("Не понял дату")
        await admin.send("01.01.2020 10:00")
        assert tg.chat(ADMIN_ID).last_text() == t.plain("decisions-due-past")
        await admin.send("/cancel")
        # A decision's reason may not be blank.
        await admin.send(f"/proposal {p1.number}")
        await admin.press(t.plain("proposals-review-accept"))
        await admin.send(" ")
        refused = t.plain("decisions-reason-required", status=Status.ACCEPTED)
        assert tg.chat(ADMIN_ID).last_text() == refused
        async with app.session_factory() as session:
            stored = await session.get(Proposal, p1.id)
            assert stored is not None and stored.status is Status.SUBMITTED
        assert not tg.unanswered_callbacks


async def test_staff_screens_work_on_the_chosen_act(tg: FakeTelegram, settings: Settings) -> None:
    for uid in [ADMIN_ID, *AUTHORS, *FANS]:
        tg.user(uid, first_name=f"П{uid}")
    async with running_bot(tg, settings) as app:
        made = await _setup(app)  # on the default act (135-OZ)
        async with app.session_factory() as session:
            other = Act(
                code="42",
                kind=ActKind.REGIONAL_DRAFT,
                title="Проект о дорогах",
                stage=ActStage.DISCUSSION,
            )
            session.add(other)
            await session.commit()
            user = await session.scalar(select(User).where(User.telegram_id == FANS[0]))
            assert user is not None
            await drafts.set_place(session, user.id, PlaceKind.WHOLE_LAW)
            await drafts.set_kind(session, user.id, AmendmentKind.NEW_WORDING)
            await drafts.set_proposed(session, user.id, "Дороги ремонтировать летом")
            await drafts.set_justification(session, user.id, "Зимой холодно")
            await drafts.set_attachment(session, user.id, None, None)
            road = await submit(session, user, act_id=other.id)
            admin_user = await session.scalar(select(User).where(User.telegram_id == ADMIN_ID))
            if admin_user is None:
                admin_user = User(telegram_id=ADMIN_ID)
                session.add(admin_user)
                await session.commit()
            await choose_act(session, admin_user.id, other.id)
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.press_raw(SExportCb(fmt="csv").pack())
        sent = chat.last_message()
        assert sent is not None and sent.document is not None
        lines = tg.files[sent.document["file_id"]].data.decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and road.number in lines[1]
        await admin.press_raw(SSummaryCb().pack())
        menu = chat.last_text()
        assert "Проект о дорогах" in menu and "Поступило: 1;" in menu
        assert all(p.number not in menu for p in made)
