"""/my_data and /delete_me cover what the newer sections keep (contest applications and votes,
municipal reports, representative roles, registration answers, tickets, proposal supports),
through the real dispatcher, on each database."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import SendDocument
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.privacy import EXPORT_FILE, DeleteAnswer, DeleteMeCb
from models import events, proposals, representatives
from models.contest import Application, AppStatus
from models.events import QuestionAnswer, RsvpStatus, Ticket, tickets
from models.events import questions as event_questions
from models.proposals import AmendmentKind, PlaceKind, Proposal
from models.proposals.support import ProposalSupport, support
from models.reports import forms
from models.reports.entities import ReportAnswer, ReportEvent, ReportState
from models.reports.template import read_template
from models.representatives import Representative, RepresentativeInvite
from models.users import User
from tests import updates
from tests.conftest import ADMIN_ID
from tests.contest_story import make_contest, write_application
from tests.factories import make_event, make_user
from tests.mocked_bot import MockedBot
from tests.reports_world import fill_and_submit, template_bytes
from tests.test_handlers_fast import USER_ID, register
from texts import t

OTHER_ID = 777_001


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


@dataclass
class World:
    user: User
    submitted_app: int
    draft_app: int
    report: int
    municipality_id: int


async def _proposal_of(session: AsyncSession, user: User) -> Proposal:
    await proposals.set_place(session, user.id, PlaceKind.WHOLE_LAW)
    await proposals.set_kind(session, user.id, AmendmentKind.NEW_WORDING)
    await proposals.set_proposed(session, user.id, "Новая редакция закона")
    await proposals.set_justification(session, user.id, "Так лучше")
    await proposals.set_attachment(session, user.id, None, None)
    return await proposals.submit(session, user)


@pytest.fixture
async def world(dp: Dispatcher, bot: MockedBot, session: AsyncSession) -> World:
    """A registered representative with something in every newer section."""
    await register(dp, bot)
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None and user.municipality_id is not None
    m = user.municipality_id
    role = await representatives.appoint(session, ADMIN_ID, m, user.id)
    role = await representatives.set_signatory(session, ADMIN_ID, role.id)
    await representatives.create_handover_invite(session, role)
    now = datetime.now(UTC)
    contest = await make_contest(session, now)
    submitted = await write_application(session, user, contest, 0, now, title="Двор")
    draft = await write_application(session, user, contest, 1, now, title="Сквер", submit=False)
    event = await make_event(session)
    question = await event_questions.add(session, event.id, "Должность", None, ADMIN_ID)
    await events.rsvp(session, event.id, user, RsvpStatus.GOING, render=t)
    await event_questions.answer(session, question.id, user.id, "Глава ТОС")
    await tickets.issue(session, event.id, user.id)
    other = await make_user(session, OTHER_ID, name="Пётр Иванов")
    theirs = await _proposal_of(session, other)
    await support(session, user, theirs.id)
    spec = read_template(template_bytes(), t)
    form = await forms.create_form(session, 1, spec)
    await forms.send_form(session, 1, form.id, now + timedelta(days=10), t, [m])
    form = await forms.get_form(session, form.id)
    await fill_and_submit(session, form, m, user)
    report = await session.scalar(select(ReportAnswer.id).where(ReportAnswer.municipality_id == m))
    assert report is not None
    await session.commit()
    return World(user, submitted, draft, report, m)


async def test_my_data_lists_the_newer_sections(
    dp: Dispatcher, bot: MockedBot, world: World
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/my_data"))
    documents = [m for m in bot.sent("sendDocument") if isinstance(m, SendDocument)]
    exported = next(d for d in documents if d.document.filename == EXPORT_FILE)  # type: ignore[union-attr]
    data = json.loads(exported.document.data)  # type: ignore[union-attr]
    apps = {a["title"]: a for a in data["contest_applications"]}
    assert apps["Двор"]["status"] == "submitted"
    assert apps["Двор"]["contact"] == "+7 900 000-00-00"
    assert apps["Сквер"]["status"] == "draft"
    assert apps["Сквер"]["applicant"] == "ТОС Сквер"
    roles = data["representative_roles"]
    assert [(r["signatory"], r["revoked_at"]) for r in roles] == [(True, None)]
    assert data["event_registration_answers"][0]["question"] == "Должность"
    assert data["event_registration_answers"][0]["answer"] == "Глава ТОС"
    assert len(data["event_tickets"]) == 1
    assert len(data["proposal_supports"]) == 1
    report = data["municipal_reports"][0]
    assert (report["submitted_by_you"], report["state"]) == (True, ReportState.SUBMITTED.value)
    # The readable document carries the same facts under Russian headings.
    readable = next(d for d in documents if d.document.filename != EXPORT_FILE)  # type: ignore[union-attr]
    doc = Document(io.BytesIO(readable.document.data))  # type: ignore[union-attr]
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    for key in ("my-data-contest", "my-data-roles", "my-data-registration", "my-data-supports"):
        assert t.plain(key) in text
    assert "+7 900 000-00-00" in cells
    assert "Глава ТОС" in cells
    assert t.plain("my-data-app-draft") in cells


async def test_delete_me_keeps_official_records_without_contacts(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, world: World
) -> None:
    await dp.feed_update(bot, updates.message(USER_ID, "/delete_me"))
    ask = bot.texts()[-1]
    assert "заявки на конкурсы" in ask and "без ваших контактов" in ask
    await dp.feed_update(
        bot, updates.callback(USER_ID, DeleteMeCb(answer=DeleteAnswer.CONFIRM).pack())
    )
    assert bot.texts()[-1] == t("privacy-delete-done")
    user_id = world.user.id
    session.expire_all()
    kept = await session.get(Application, world.submitted_app)
    assert kept is not None  # the contest's record stays, its number and all
    assert (kept.status, kept.contact, kept.title) == (AppStatus.SUBMITTED, None, "Двор")
    assert await session.get(Application, world.draft_app) is None
    role = await session.scalar(select(Representative).where(Representative.user_id == user_id))
    assert role is not None
    assert role.revoked_at is not None and not role.is_signatory
    assert not await representatives.is_representative(session, user_id, world.municipality_id)
    pending = select(func.count()).select_from(RepresentativeInvite)
    assert await session.scalar(pending.where(RepresentativeInvite.used_at.is_(None))) == 0
    count = select(func.count())
    assert await session.scalar(count.select_from(QuestionAnswer)) == 0
    assert await session.scalar(count.select_from(Ticket)) == 0
    supports = (await session.scalars(select(ProposalSupport.telegram_id))).all()
    assert supports == [-user_id]  # the support still counts, unlinked
    report = await session.get(ReportAnswer, world.report)
    assert report is not None and report.state is ReportState.SUBMITTED
    actors = (await session.scalars(select(ReportEvent.actor_telegram_id))).all()
    assert actors and USER_ID not in actors
