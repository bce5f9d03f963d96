"""End to end through the fake Telegram: the proposal dialogue with every kind of place, bad
inputs, edits from the preview, /cancel and a restart with the draft resumed, withdrawal,
review with each status and the author's notice, the law upload, campaigns, exports, and
staff-only access. Long stories are told in named steps."""

from __future__ import annotations

import html
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import docx
import openpyxl
import pytest
from sqlalchemy import select, update

from bot.config import Settings
from bot.runner import App
from handlers.proposals.callbacks import SStatusCb
from handlers.proposals.keyboards import EDIT_BUTTONS, KIND_BUTTONS, REVIEW_BUTTONS
from models.base import DEFAULT_TZ, utcnow
from models.consent import current_consent
from models.proposals import (
    AmendmentKind,
    Campaign,
    LawVersion,
    Proposal,
    Step,
    acts,
    drafts,
    export,
)
from models.proposals import ProposalStatus as Status
from models.proposals.places import PlaceKind
from models.subscriptions import set_default_topics
from models.users import Role, User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.person import Person
from sandbox.telegram.records import ChatTranscript
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_user
from tests.harness import running_bot
from tests.test_proposals_model import LAW_TXT, law_docx_bytes
from texts import t

pytestmark = pytest.mark.slow

AUTHOR = 7101
MODERATOR = 7200
YEAR = utcnow().astimezone(DEFAULT_TZ).year


def btn(key: str, **args: Any) -> str:
    return t.plain(key, **args)


def shown(key: str, **args: Any) -> str:
    """A message as the person sees it: the HTML markup rendered away."""
    return html.unescape(re.sub(r"<[^>]+>", "", t(key, **args)))


def kind_btn(kind: AmendmentKind) -> str:
    return t.plain(KIND_BUTTONS[kind])


def edit_btn(step: Step) -> str:
    return t.plain(EDIT_BUTTONS[step])


def review_btn(status: Status) -> str:
    return t.plain(REVIEW_BUTTONS[status])


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def _register(app: App, telegram_id: int, name: str = "Ирина Петрова", **kw: object) -> User:
    async with app.session_factory() as session:
        existing = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        if existing is not None:  # wrote to the bot before: fill the profile in
            await session.delete(existing)
            await session.commit()
        user = await make_user(session, telegram_id, name=name, **kw)  # type: ignore[arg-type]
        user.consent_version = current_consent().version
        await set_default_topics(session, user.id)
        await session.commit()
        return user


async def _proposals(app: App) -> list[Proposal]:
    async with app.session_factory() as session:
        return list(await session.scalars(select(Proposal).order_by(Proposal.id)))


async def _draft(app: App) -> drafts.Draft | None:
    async with app.session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == AUTHOR))
        assert user is not None
        return await drafts.get_draft(session, user.id)


async def _submit_simple(tg: FakeTelegram, telegram_id: int, place: str) -> None:
    person = tg.user(telegram_id)
    await person.send("/proposals")
    await person.press(btn("proposals-btn-new"))
    await person.send(place)
    await person.press(kind_btn(AmendmentKind.NEW_WORDING))
    await person.press(btn("proposals-btn-skip"))
    await person.send(f"Редакция для {place}")
    await person.send(f"Обоснование для {place}")
    await person.press(btn("proposals-btn-no-attachment"))
    await person.press(btn("proposals-btn-submit"))
    assert "Спасибо! Предложение отправлено" in tg.chat(telegram_id).last_text()


# --- the dialogue with a typed place ---


async def _step_needs_profile(tg: FakeTelegram, app: App) -> None:
    await tg.user(AUTHOR, first_name="Ирина").send("/proposals")
    assert tg.chat(AUTHOR).last_text() == btn("proposals-need-profile")
    await _register(app, AUTHOR)


async def _step_place_and_kind(person: Person, chat: ChatTranscript) -> None:
    await person.send(btn("menu-proposals"))
    assert "Предложения принимаются." in chat.last_text()
    await person.press(btn("proposals-btn-new"))
    assert chat.last_text().startswith("Шаг 1. Место поправки.\nТекст закона в бот ещё не")
    # A sticker, nonsense, then "ст. 5 ч. 2 п. 3".
    await person.send_sticker()
    assert chat.last_text() == btn("proposals-place-not-text")
    await person.send("пятая статья")
    assert chat.last_text().startswith("Не понял место.")
    await person.send("ст. 5 ч. 2 п. 3")
    assert chat.last_text().startswith("Шаг 2. Вид поправки для «ст. 5 ч. 2 п. 3»")
    await person.send("новая редакция")  # typed instead of pressed
    assert chat.last_text() == btn("proposals-press-button")
    await person.press(kind_btn(AmendmentKind.NEW_WORDING))


async def _step_wordings(person: Person, chat: ChatTranscript) -> None:
    # Current wording (optional when no text is loaded): a photo, too long, then skip.
    assert chat.last_text().startswith("Шаг 3. Действующая редакция.")
    await person.send_photo()
    assert chat.last_text() == btn("proposals-not-text")
    await person.send("я" * 4001)
    assert chat.last_text() == btn("proposals-too-long", length=4001, limit=4000)
    assert "4001 символ," in chat.last_text()
    await person.press(btn("proposals-btn-skip"))
    # Proposed wording: a sticker, too long, whitespace, then HTML-looking text.
    assert chat.last_text().startswith("Шаг 4. Предлагаемая редакция.")
    await person.send_sticker()
    assert chat.last_text() == btn("proposals-not-text")
    await person.send("ж" * 4040)
    assert chat.last_text() == btn("proposals-too-long", length=4040, limit=4000)
    await person.send("   ")
    assert chat.last_text() == btn("proposals-empty")
    await person.send("Слова <b>«не позднее 30 дней»</b> заменить")


async def _step_justification_and_attachment(person: Person, chat: ChatTranscript) -> None:
    assert chat.last_text().startswith("Шаг 5. Обоснование.")
    await person.send_document(b"%PDF-1.4", filename="note.pdf")
    assert chat.last_text() == btn("proposals-not-text")
    await person.send("Сроки не соблюдаются & нужна ясность")
    assert chat.last_text().startswith("Шаг 6. Вложение")
    await person.send("вот файл")
    assert chat.last_text() == btn("proposals-attachment-wrong")
    await person.send_sticker()
    assert chat.last_text() == btn("proposals-attachment-wrong")
    await person.send_document(b"%PDF-1.4 justification", filename="why.pdf")
    preview = chat.last_message()
    assert preview is not None
    assert "Место: ст. 5 ч. 2 п. 3" in preview.display_text
    assert "Слова <b>«не позднее 30 дней»</b> заменить" in preview.display_text  # as typed
    assert "Сроки не соблюдаются & нужна ясность" in preview.display_text
    assert "Вложение: документ" in preview.display_text
    assert btn("proposals-btn-submit") in preview.buttons


async def _step_edits_from_preview(person: Person, chat: ChatTranscript) -> None:
    await person.press(edit_btn(Step.PLACE))
    await person.press(btn("proposals-btn-whole-law"))
    # "закон в целом" keeps the kind (new wording) and needs no current wording.
    assert "Место: закон в целом" in chat.last_text()
    await person.press(edit_btn(Step.PLACE))
    await person.send("ст. 7")
    assert chat.last_text().startswith("Шаг 3. Действующая редакция")  # the place changed
    await person.send("Статья 7 в действующей редакции")
    assert "Действующая редакция:\nСтатья 7 в действующей редакции" in chat.last_text()
    await person.press(edit_btn(Step.KIND))
    await person.press(kind_btn(AmendmentKind.DELETION))
    assert "Предлагаемая редакция" not in chat.last_text()  # a deletion has none
    assert "Вид: исключение" in chat.last_text()
    await person.press(edit_btn(Step.JUSTIFICATION))
    assert "Сейчас:" in chat.last_text()
    await person.send("Норма устарела")
    await person.press(edit_btn(Step.ATTACHMENT))
    await person.send_photo()
    final = chat.last_text()
    assert "Обоснование:\nНорма устарела" in final and "Вложение: фото" in final


async def _step_submit_and_staff_see_attachment(tg: FakeTelegram, app: App) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    await person.press(btn("proposals-btn-submit"))
    number = f"135-{YEAR}-0001"
    assert chat.texts()[-1] == shown("proposals-submitted", number=number)
    [stored] = await _proposals(app)
    assert (stored.number, stored.article, stored.part, stored.point) == (number, 7, None, None)
    assert stored.kind is AmendmentKind.DELETION and stored.proposed_wording is None
    assert stored.justification == "Норма устарела"
    assert stored.attachment_kind == "photo" and stored.attachment_file_id
    # Staff see the attachment (kept by file_id) from the card.
    admin = tg.user(ADMIN_ID)
    await admin.send(f"/proposal {number}")
    await admin.press(btn("proposals-btn-attachment"))
    sent = tg.chat(ADMIN_ID).last_message()
    assert sent is not None and sent.photo is not None
    assert sent.photo[-1]["file_id"] == stored.attachment_file_id


async def test_dialogue_typed_place_bad_inputs_edits_and_submit(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings) as app:
        person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
        await _step_needs_profile(tg, app)
        await _step_place_and_kind(person, chat)
        await _step_wordings(person, chat)
        await _step_justification_and_attachment(person, chat)
        await _step_edits_from_preview(person, chat)
        await _step_submit_and_staff_see_attachment(tg, app)
        assert not tg.unanswered_callbacks


async def test_new_article_and_whole_law(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        await _register(app, AUTHOR)
        person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
        for place_key, number_seq in (
            ("proposals-btn-new-article", 1),
            ("proposals-btn-whole-law", 2),
        ):
            await person.send("/proposals")
            await person.press(btn("proposals-btn-new"))
            await person.press(btn(place_key))
            if place_key == "proposals-btn-whole-law":
                kinds = chat.last_message()
                assert kinds is not None
                assert kind_btn(AmendmentKind.DELETION) not in kinds.buttons
                await person.press(kind_btn(AmendmentKind.ADDITION))
            # a new article is always an addition: no kind step
            assert chat.last_text().startswith("Шаг 4. Предлагаемая редакция.")
            await person.send("Текст новой нормы")
            await person.send("Обоснование")
            await person.press(btn("proposals-btn-no-attachment"))
            await person.press(btn("proposals-btn-submit"))
            assert f"135-{YEAR}-{number_seq:04d}" in chat.last_text()
        assert [p.place.label(t) for p in await _proposals(app)] == [
            "новая статья",
            "закон в целом",
        ]
        assert not tg.unanswered_callbacks


# --- the law's text ---


async def _step_law_uploads(tg: FakeTelegram, app: App) -> list[LawVersion]:
    admin, admin_chat = tg.user(ADMIN_ID, first_name="Админ"), tg.chat(ADMIN_ID)
    # A broken file is refused with the line; nothing was loaded before.
    broken = "Статья 1. А\n1. Текст\n3. Пропущена часть\n"
    await admin.send_document(broken.encode(), filename="bad.txt", caption="/law_upload")
    assert admin_chat.last_text() == (
        "Файл не принят: строка 3: часть 3, а ожидалась часть 2.\n"
        "Текст закона по-прежнему не загружен."
    )
    # Good .txt via the command and then the file.
    await admin.send("/law_upload")
    assert admin_chat.last_text() == btn("proposals-law-ask-file")
    await admin.send("где файл?")
    assert admin_chat.last_text() == btn("proposals-law-not-document")
    await admin.send_document(LAW_TXT.read_bytes(), filename="law.txt")
    summary = admin_chat.last_text()
    assert summary.startswith("Что получилось из «law.txt»\nГлав: 0, статей: 4, частей: 5")
    assert "Статья 2. Основные понятия — частей: 2, пунктов: 3" in summary
    await admin.press(btn("proposals-law-btn-confirm"))
    assert admin_chat.last_text().startswith("Текст закона загружен: «law.txt», статей: 4")
    # Good .docx.
    await admin.send_document(law_docx_bytes(), filename="law.docx", caption="/law_upload")
    await admin.press(btn("proposals-law-btn-confirm"))
    # the confirmation, then what the new version changed against law.txt
    assert admin_chat.texts()[-2].startswith("Текст закона загружен: «law.docx», статей: 4")
    assert admin_chat.last_text().startswith("Что изменилось в версии «law.docx»")
    # A parsed text dropped instead of confirmed changes nothing.
    await admin.send_document(law_docx_bytes(), filename="law3.docx", caption="/law_upload")
    await admin.press(btn("proposals-law-btn-cancel"))
    assert admin_chat.last_text() == btn("proposals-law-cancelled")
    # A broken one now keeps the previous version.
    await admin.send_document(
        "Статья 1. А\nСтатья 3. Б".encode(), filename="bad2.txt", caption="/law_upload"
    )
    refused = admin_chat.last_text()
    assert refused.startswith("Файл не принят: строка 2: статья 3, а ожидалась статья 2.")
    assert "Действующей остаётся прежняя версия от" in refused
    async with app.session_factory() as session:
        versions = list(await session.scalars(select(LawVersion).order_by(LawVersion.id)))
    assert [v.filename for v in versions] == ["law.txt", "law.docx"]
    return versions


async def _step_place_from_buttons(tg: FakeTelegram, app: App, version: LawVersion) -> None:
    await _register(app, AUTHOR)
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    await person.send("/proposals")
    await person.press(btn("proposals-btn-new"))
    articles = chat.last_message()
    assert articles is not None
    assert articles.buttons[:2] == ["Ст. 1. Предмет регулирования", "Ст. 2. Основные понятия"]
    await person.send("ст. 9")  # typed, but the loaded text has no article 9
    assert chat.last_text() == btn("proposals-no-such-place", place="ст. 9")
    await person.press("Ст. 2. Основные понятия")
    await person.press("Ч. 1")
    await person.press("П. 2")
    kind_prompt = chat.last_text()
    assert "Действующая редакция (ст. 2 ч. 1 п. 2):" in kind_prompt
    assert "2) тестовый орган — участник примера;" in kind_prompt
    await person.press(kind_btn(AmendmentKind.NEW_WORDING))
    assert chat.last_text().startswith("Шаг 4.")  # no typed current wording needed
    await person.send("2) тестовый орган — новый участник;")
    await person.send("Уточнение")
    await person.press(btn("proposals-btn-no-attachment"))
    preview = chat.last_message()
    assert preview is not None
    assert edit_btn(Step.CURRENT) not in preview.buttons
    assert "(из загруженного текста закона)" in preview.display_text
    await person.press(btn("proposals-btn-submit"))
    [p] = await _proposals(app)
    assert p.current_wording == "2) тестовый орган — участник примера;"
    assert p.law_version_id == version.id


async def _step_whole_article_then_discard(tg: FakeTelegram, app: App) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    await person.send("/proposals")
    await person.press(btn("proposals-btn-new"))
    await person.press("Ст. 3. Формы взаимодействия")
    await person.press(btn("proposals-btn-whole-article"))
    assert "Шаг 2. Вид поправки для «ст. 3»" in chat.last_text()
    await person.send(btn("menu-proposals"))
    await person.press(btn("proposals-btn-discard"))
    assert chat.last_text() == btn("proposals-draft-discarded")
    assert await _draft(app) is None


async def test_law_upload_buttons_and_current_wording(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings) as app:
        versions = await _step_law_uploads(tg, app)
        await _step_place_from_buttons(tg, app, versions[-1])
        await _step_whole_article_then_discard(tg, app)
        assert not tg.unanswered_callbacks


# --- /cancel and a restart ---


async def test_cancel_and_restart_resume_the_draft(tg: FakeTelegram, settings: Settings) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    async with running_bot(tg, settings) as app:
        await _register(app, AUTHOR)
        await person.send("/proposals")
        await person.press(btn("proposals-btn-new"))
        await person.send("ст. 3 ч. 1")
        await person.press(kind_btn(AmendmentKind.ADDITION))
        await person.send("Было так")
        await person.send("/cancel")
        assert chat.last_text() == btn("common-cancelled")
        await person.send(btn("menu-proposals"))
        assert "незаконченный черновик предложения (место: ст. 3 ч. 1)" in chat.last_text()
        await person.press(btn("proposals-btn-continue"))
        assert chat.last_text().startswith("Шаг 4. Предлагаемая редакция.")
        await person.send("Дополнить словами «и муниципальных образований»")
        assert chat.last_text().startswith("Шаг 5.")

    # A restart: the step is kept in the database with the draft, the answer goes on.
    async with running_bot(tg, settings):
        await person.send("<&>" * 1333)  # 3,999 characters, four times longer escaped
        assert chat.last_text().startswith("Шаг 6.")
        # The section's menu button is a detour: the section opens, the dialogue waits.
        await person.send(btn("menu-proposals"))
        await person.press(btn("proposals-btn-new"))  # "new" with a draft: continue or discard
        assert chat.last_message().buttons == [  # type: ignore[union-attr]
            btn("proposals-btn-continue"),
            btn("proposals-btn-discard"),
        ]
        await person.press(btn("proposals-btn-continue"))
        assert chat.last_text().startswith("Шаг 6.")
        await person.press(btn("proposals-btn-no-attachment"))
        # The preview is split into messages Telegram accepts, the buttons on the last one.
        assert len(chat.find("Проверьте предложение").display_text) <= 4096  # type: ignore[union-attr]
        assert "<&><&>" in chat.texts()[-2]
        assert not [c for c in tg.calls("sendMessage") if not c.ok]
        await person.press(edit_btn(Step.JUSTIFICATION))
        await person.send("Обоснование после перезапуска")
        preview = chat.last_text()
        assert "Место: ст. 3 ч. 1" in preview and "Было так" in preview
        assert "Дополнить словами «и муниципальных образований»" in preview
        # A stale button from before the restart is answered, not ignored.
        answer = await person.press(btn("proposals-btn-skip"))
        assert answer is not None and answer.text == btn("proposals-stale")
        await person.press(btn("proposals-btn-submit"))
        assert f"135-{YEAR}-0001" in chat.last_text()
    assert not tg.unanswered_callbacks


# --- withdrawal, access and review ---

# Decided proposals come from different people, so their notices are not paced one per
# second through a single chat.
PLAN = [
    (AUTHOR, "ст. 1"),
    (7103, "ст. 2 ч. 1"),
    (7104, "ст. 2 ч. 1"),
    (7105, "ст. 3"),
    (7106, "ст. 4"),
    (AUTHOR, "ст. 5"),
    (7102, "ст. 2 ч. 1"),
]


async def _step_everyone_submits(tg: FakeTelegram, app: App) -> list[Proposal]:
    for telegram_id in sorted({tid for tid, _ in PLAN}):
        municipality = 3 if telegram_id == 7102 else 1
        name = f"Участник {'АБВГДЕЖЗ'[telegram_id % 8]}"
        await _register(app, telegram_id, name=name, municipality_id=municipality)
    for telegram_id, place in PLAN:
        await _submit_simple(tg, telegram_id, place)
    return await _proposals(app)


async def _step_withdraw_own(tg: FakeTelegram, items: list[Proposal]) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    await person.send("/proposals")
    await person.press(btn("proposals-btn-mine"))
    mine = chat.last_message()
    assert mine is not None and items[0].number in mine.display_text
    assert len(mine.buttons) == 2
    await person.press(f"{items[0].number} · подано")
    answer = await person.press(btn("proposals-btn-withdraw"))
    assert answer is not None
    assert answer.text == btn("proposals-withdrawn", number=items[0].number)
    assert "статус — " not in " ".join(chat.texts())  # no notice for one's own action


async def _step_plain_user_is_refused(tg: FakeTelegram, items: list[Proposal]) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    await person.send("/proposals_admin")
    assert chat.last_text() == btn("unknown-command")
    await person.send("/law_upload")
    assert chat.last_text() == btn("unknown-command")
    forged = SStatusCb(id=items[1].id, status=Status.UNDER_REVIEW, expected=Status.SUBMITTED)
    answer = await person.press_raw(forged.pack())
    assert answer is not None and answer.text == btn("stale-button")
    answer = await person.press_raw("pae:xlsx:0:-")
    assert answer is not None and answer.text == btn("stale-button")
    assert not any(m.document for m in chat.messages)
    # ...and cannot withdraw someone else's proposal.
    answer = await person.press_raw(f"ppwd:{items[6].id}")
    assert answer is not None and answer.text == btn("proposals-not-found")


async def _step_queue_and_filters(tg: FakeTelegram, items: list[Proposal]) -> None:
    mod, mod_chat = tg.user(MODERATOR), tg.chat(MODERATOR)
    await mod.send("/proposals_admin")
    assert "Предложения к проектам актов — работа с предложениями" in mod_chat.last_text()
    await mod.press(btn("proposals-btn-queue"))
    queue = mod_chat.last_message()
    assert queue is not None
    assert "(6 из 6)" in queue.display_text  # the withdrawn one is not "new"
    # Filter by municipality: Oleg's only.
    all_label = btn("proposals-filter-all")
    await mod.press(btn("proposals-btn-filter-mun", value=all_label))
    options = mod_chat.last_message()
    assert options is not None and len(options.buttons) == 3
    await mod.press(options.buttons[2])
    assert "(1 из 1)" in mod_chat.last_text()
    assert mod_chat.last_message().buttons[0].startswith(items[6].number)  # type: ignore[union-attr]
    new_label = btn("proposals-filter-status-new")
    await mod.press(btn("proposals-btn-filter-status", value=new_label))
    await mod.press("отозвано автором")
    assert "Ничего не найдено." in mod_chat.last_text()  # Oleg withdrew nothing
    await mod.press(btn("proposals-btn-filter-mun", value=options.buttons[2]))
    await mod.press(all_label)
    assert "(1 из 1)" in mod_chat.last_text()  # the withdrawn one, from anyone


async def _step_decisions(tg: FakeTelegram, decisions: list[tuple[Proposal, Status, str]]) -> None:
    mod, mod_chat = tg.user(MODERATOR), tg.chat(MODERATOR)
    for proposal, status, answer_text in decisions:
        await mod.send(f"/proposal {proposal.number}")
        card = mod_chat.last_message()
        assert card is not None
        letter = "АБВГДЕЖЗ"[proposal.author_telegram_id % 8]  # type: ignore[operator]
        assert f"Автор: Участник {letter}" in card.display_text
        assert "Муниципалитет:" in card.display_text
        await mod.press(review_btn(Status.UNDER_REVIEW), message_id=card.message_id)
        await mod.press(review_btn(status))
        if status is Status.MERGED:
            await mod.send("Объединить с чем-нибудь")
            assert mod_chat.last_text() == btn("proposals-merge-target", number=proposal.number)
        else:
            await mod.send_sticker()
            assert mod_chat.last_text() == btn("proposals-not-text")
        await mod.send(answer_text)
        changed = btn("proposals-status-changed", number=proposal.number, status=status)
        assert changed in mod_chat.texts()


async def _step_authors_notified(
    tg: FakeTelegram, decisions: list[tuple[Proposal, Status, str]]
) -> None:
    """Each author gets both notices through the outbox, the last one with the answer."""
    for proposal, status, answer_text in decisions:
        author_chat = tg.chat(proposal.author_telegram_id)  # type: ignore[arg-type]
        notice = await author_chat.wait_for_text(f"статус — {t.label(status)}", timeout=10)
        assert answer_text in notice.display_text
        assert proposal.number in notice.display_text
        assert author_chat.find("статус — на рассмотрении") is not None


async def _step_stale_buttons_and_notes(tg: FakeTelegram, items: list[Proposal]) -> None:
    mod, mod_chat = tg.user(MODERATOR), tg.chat(MODERATOR)
    # The author can no longer withdraw a reviewed one; a stale staff button is refused.
    answer = await tg.user(7103).press_raw(f"ppwd:{items[1].id}")
    assert answer is not None
    assert answer.text == btn("proposals-not-withdrawable", status=Status.ACCEPTED)
    assert answer.text == "Отозвать нельзя: предложение уже учтено."
    stale = SStatusCb(id=items[1].id, status=Status.REJECTED, expected=Status.UNDER_REVIEW)
    answer = await mod.press_raw(stale.pack())
    assert answer is not None and (answer.text or "").startswith("Статус уже изменился")
    # An internal note: the moderator sees it on the card, the author never does.
    await mod.send(f"/proposal {items[2].number}")
    await mod.press(btn("proposals-btn-note"))
    await mod.send("Позвонить автору")
    assert "Позвонить автору" in mod_chat.last_text()
    await tg.user(7104).press_raw(f"ppmine:{items[2].id}")
    author_card = tg.chat(7104).last_text()
    assert "Позвонить автору" not in author_card
    assert "Ответ Совета:\nПоддержать <частично>" in author_card


async def _step_grouped_view(tg: FakeTelegram, items: list[Proposal]) -> None:
    """The grouped view puts the three proposals to ст. 2 ч. 1 together."""
    mod, mod_chat = tg.user(MODERATOR), tg.chat(MODERATOR)
    await mod.send("/proposals_admin")
    await mod.press(btn("proposals-btn-grouped"))
    grouped = mod_chat.last_text()
    numbers = f"{items[1].number}, {items[2].number}, {items[6].number}"
    assert f"ст. 2 ч. 1 — 3: {numbers}" in grouped
    await mod.press("ст. 2 ч. 1 (3)")
    group = mod_chat.last_message()
    assert group is not None
    assert group.display_text.startswith("ст. 2 ч. 1 — предложений: 3")
    assert group.buttons[:3] == [items[1].number, items[2].number, items[6].number]


async def test_withdraw_review_statuses_notices_and_access(
    tg: FakeTelegram, settings: Settings
) -> None:
    for telegram_id, _ in PLAN:
        tg.user(telegram_id)
    async with running_bot(tg, settings) as app:
        items = await _step_everyone_submits(tg, app)
        await _step_withdraw_own(tg, items)
        await _step_plain_user_is_refused(tg, items)
        async with app.session_factory() as session:
            moderator = await make_user(session, MODERATOR, name="Мария Модератор")
            moderator.consent_version = current_consent().version
            moderator.role = Role.MODERATOR
            await session.commit()
        await _step_queue_and_filters(tg, items)
        decisions = [
            (items[1], Status.ACCEPTED, "Поддержать в полном объёме"),
            (items[2], Status.PARTIALLY_ACCEPTED, "Поддержать <частично>"),
            (items[3], Status.REJECTED, "Не относится к предмету закона"),
            (items[4], Status.MERGED, f"Объединено с {items[1].number}"),
        ]
        await _step_decisions(tg, decisions)
        await _step_authors_notified(tg, decisions)
        await _step_stale_buttons_and_notes(tg, items)
        await _step_grouped_view(tg, items)
        async with app.session_factory() as session:
            merged = await session.get(Proposal, items[4].id)
            assert merged is not None and merged.merged_into_id == items[1].id
        assert not tg.unanswered_callbacks


async def test_queue_pages(tg: FakeTelegram, settings: Settings) -> None:
    """Nine proposals, eight a page: the pager moves between them."""
    async with running_bot(tg, settings) as app:
        author = await _register(app, AUTHOR)
        # Paging is the point here, not the dialogue (tested above): rows straight in.
        async with app.session_factory() as session:
            for seq in range(1, 10):
                session.add(
                    Proposal(
                        number=f"135-{YEAR}-{seq:04d}",
                        year=YEAR,
                        seq=seq,
                        author_id=author.id,
                        author_telegram_id=AUTHOR,
                        place_kind=PlaceKind.PROVISION,
                        article=seq,
                        kind=AmendmentKind.NEW_WORDING,
                        proposed_wording=f"Редакция статьи {seq}",
                        justification="Обоснование",
                    )
                )
            await session.commit()
        admin, admin_chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/proposals_admin")
        await admin.press(btn("proposals-btn-queue"))
        first = admin_chat.last_message()
        assert first is not None and "(8 из 9)" in first.display_text
        assert btn("page-position", page=1, pages=2) in first.buttons
        assert btn("page-prev") not in first.buttons
        await admin.press(btn("page-next"))
        second = admin_chat.last_message()
        assert second is not None and "(1 из 9)" in second.display_text
        assert second.buttons[0].startswith(f"135-{YEAR}-0009")
        assert not tg.unanswered_callbacks


# --- exports ---


async def test_exports_sent_as_documents(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        await _register(app, AUTHOR, name="Анна Иванова")
        await _register(app, 7102, name="Олег Сидоров")
        await _submit_simple(tg, AUTHOR, "ст. 10")
        await _submit_simple(tg, 7102, "ст. 2 ч. 3")
        await _submit_simple(tg, AUTHOR, "ст. 2")
        # Oleg deletes his profile: his proposal stays, anonymised.
        async with app.session_factory() as session:
            await session.execute(
                update(User).where(User.telegram_id == 7102).values(full_name=None)
            )
            await session.commit()
        admin, admin_chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/proposals_admin")
        await admin.press(btn("proposals-btn-export"))
        await admin.press("DOCX")
        sent = admin_chat.last_message()
        assert sent is not None and sent.document is not None
        assert sent.document["file_name"].endswith(".docx")
        assert sent.display_text == "Сравнительная таблица: 3 предложения."
        document = docx.Document(io.BytesIO(tg.files[sent.document["file_id"]].data))
        async with app.session_factory() as session:
            act = await acts.default_act(session)
        assert act is not None
        heading = t.plain("proposals-export-heading", act=act.title)
        assert heading in [p.text for p in document.paragraphs]
        table = document.tables[0]
        rows = [[c.text for c in r.cells] for r in table.rows]
        assert rows[0] == [t.plain(k) for k in export.DOCX_KEYS]
        # Grouped by provision in the law's order; each group headed by its provision.
        heads = [r[0] for r in rows[1:] if len(set(r)) == 1]
        assert [h.split(" (")[0] for h in heads] == ["ст. 2", "ст. 2 ч. 3", "ст. 10"]
        cells = [c for r in rows[1:] for c in r]
        assert "анонимизировано" in cells
        assert any(c.startswith("Анна Иванова, ") for c in cells)
        assert "Редакция для ст. 10" in cells

        await admin.press("XLSX")
        sent = admin_chat.last_message()
        assert sent is not None and sent.document is not None
        wb = openpyxl.load_workbook(io.BytesIO(tg.files[sent.document["file_id"]].data))
        ws = wb.active
        assert ws is not None
        header = export.TITLE_ROWS + 1
        assert [c.value for c in ws[header]][:3] == ["№", "Номер предложения", "Положение закона"]
        assert ws.cell(header + 1, 3).value == "ст. 2 (новая редакция)"
        assert ws.cell(header + 2, 7).value == "анонимизировано"
        assert ws.cell(header + 3, 8).value == "подано"

        # Filtered by status: nothing accepted yet.
        await admin.press("учтено")
        answer = await admin.press("CSV")
        assert answer is not None and answer.text == btn("proposals-export-empty")
        assert not tg.unanswered_callbacks


# --- campaigns ---


async def test_campaign_announce_deadline_and_closed(tg: FakeTelegram, settings: Settings) -> None:
    person, chat = tg.user(AUTHOR), tg.chat(AUTHOR)
    async with running_bot(tg, settings) as app:
        await _register(app, AUTHOR)
        admin, admin_chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/campaign_open")
        await admin.send("Весенний сбор")
        await admin.send("завтра")
        assert admin_chat.last_text() == btn("proposals-campaign-bad-deadline")
        deadline = (utcnow() + timedelta(days=3)).astimezone(settings.tz)
        await admin.send(deadline.strftime("%d.%m.%Y %H:%M"))
        opened = admin_chat.last_text()
        assert "Сбор «Весенний сбор» открыт до" in opened
        assert "получат 1 подписчик темы" in opened
        # The law topic's subscriber is told through the outbox.
        announcement = await tg.chat(AUTHOR).wait_for_text("открыл сбор предложений")
        assert "Весенний сбор" in announcement.display_text
        await person.send("/proposals")
        assert "Идёт сбор предложений «Весенний сбор» — до" in chat.last_text()
        await person.press(btn("proposals-btn-new"))
        await person.send("ст. 1")

        # Staff turn off acceptance outside campaigns; the deadline passes.
        await admin.send("/proposals_admin")
        accept_on = btn("proposals-accept-on")
        await admin.press(btn("proposals-btn-toggle-accept", state=accept_on))
        ended = utcnow() - timedelta(minutes=5)
        async with app.session_factory() as session:
            await session.execute(update(Campaign).values(deadline=ended))
            await session.commit()
        when = t.when(ended)
        await person.send("/proposals")
        assert f"Сбор предложений закрыт {when}." in chat.last_text()
        await person.press(btn("proposals-btn-continue"))
        assert chat.last_text().startswith(f"Сбор предложений закрыт {when}.")
        async with app.session_factory() as session:
            reminder = (await session.scalars(select(Campaign.reminder_mailing_id))).one()
        assert reminder is not None
        assert not tg.unanswered_callbacks


async def test_staff_get_a_document_attachment_under_a_neutral_name(
    tg: FakeTelegram, settings: Settings
) -> None:
    """The author's file name («Петров_Иван_…») never reaches staff: the file is sent again
    named by the proposal's number, with the same bytes."""
    async with running_bot(tg, settings) as app:
        stored = tg.store_file(
            "document",
            b"%PDF-1.4 obosnovanie",
            filename="Петров_Иван_предложение.pdf",
            mime_type="application/pdf",
        )
        async with app.session_factory() as session:
            author = await make_user(session, AUTHOR)
            proposal = Proposal(
                number=f"135-{YEAR}-0042",
                year=YEAR,
                seq=42,
                author_id=author.id,
                author_telegram_id=author.telegram_id,
                place_kind=PlaceKind.WHOLE_LAW,
                kind=AmendmentKind.NEW_WORDING,
                justification="Обоснование",
                attachment_file_id=stored.file_id,
                attachment_kind="document",
            )
            session.add(proposal)
            await session.commit()
        admin = tg.user(ADMIN_ID)
        await admin.send(f"/proposal 135-{YEAR}-0042")
        await admin.press(btn("proposals-btn-attachment"))
        sent = tg.chat(ADMIN_ID).last_message()
        assert sent is not None and sent.document is not None
        assert sent.document["file_name"] == f"135-{YEAR}-0042.pdf"
        assert tg.files[sent.document["file_id"]].data == b"%PDF-1.4 obosnovanie"
        assert "Петров" not in str(sent.document)
