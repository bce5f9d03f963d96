"""Proposals for staff (moderators and admins): the menu, the queue with its filters and
the grouped view (proposals to the same place together, in the law's order).

Every staff router of the section sits behind ``RoleFilter(Role.MODERATOR)``, evaluated on
each update; for anyone else the commands fall through to "unknown command" and the buttons
to "stale button"."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.filters import RoleFilter
from handlers.long_text import send_chunks
from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import (
    SAction,
    SGroupCb,
    SGroupsCb,
    SMenuCb,
    SQueueCb,
    SQueueFilterCb,
)
from handlers.proposals.views import collection_line, shorten
from handlers.replies import alert
from handlers.widgets.pager import Page
from models.errors import DomainError
from models.municipalities import Municipality
from models.proposals import campaigns, decisions, law, queries, support
from models.proposals.decisions import ProposalReview
from models.proposals.entities import ProposalStatus
from models.proposals.places import article_place
from models.proposals.queries import Group, QueueFilter
from models.users import Role
from texts import Safe, t

PER_PAGE = 8
GROUPS_PER_PAGE = 10
GROUP_WORDING_SHOWN = 300
NEW = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW})


def staff_only(router: Router) -> Router:
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))
    return router


# --- the menu ---


async def _menu_text(session: AsyncSession) -> tuple[Safe, bool, bool]:
    version = await law.current_version(session)
    status = await campaigns.collection(session)
    accept = await campaigns.accepts_without_campaign(session)
    if version is None:
        law_line = t("proposals-law-none")
    else:
        law_line = t(
            "proposals-law-loaded",
            filename=version.filename,
            when=version.uploaded_at,
            articles=len(version.law.articles),
        )
    text = t(
        "proposals-admin-menu",
        law=law_line,
        collection=collection_line(status),
        accept=t.plain("proposals-accept-on" if accept else "proposals-accept-off"),
    )
    return text, accept, status.campaign is not None


async def admin_menu(message: Message, state: FSMContext, session: AsyncSession) -> None:
    await state.clear()
    text, accept, campaign = await _menu_text(session)
    await message.answer(text, reply_markup=kb.admin_menu(accept, campaign))


async def menu_pressed(
    callback: CallbackQuery,
    callback_data: SMenuCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id = callback.from_user.id
    action = callback_data.action
    if action is SAction.TOGGLE_ACCEPT:
        current = await campaigns.accepts_without_campaign(session)
        await campaigns.set_accept_without_campaign(session, chat_id, not current)
        now_state = t.plain("proposals-accept-off" if current else "proposals-accept-on")
        callback_answer.text = t.plain("proposals-setting-saved", state=now_state)
    elif action is SAction.CLOSE_CAMPAIGN:
        try:
            campaign = await campaigns.close_campaign(session, chat_id)
        except DomainError as exc:
            alert(callback_answer, t.plain(exc.code))
            return
        alert(callback_answer, t.plain("proposals-campaign-closed", title=campaign.title))
    else:
        await state.clear()
    text, accept, campaign_open = await _menu_text(session)
    await bot.send_message(chat_id, text, reply_markup=kb.admin_menu(accept, campaign_open))


# --- the queue ---


def _queue_filter(data: SQueueCb | SQueueFilterCb) -> QueueFilter:
    """The filter a button carries; ``ValueError`` for a status that does not exist."""
    if data.status == "new":
        statuses = NEW
    elif data.status == "all":
        statuses = frozenset()
    else:
        statuses = frozenset({ProposalStatus(data.status)})
    return QueueFilter(
        statuses=statuses,
        article=None if data.article < 0 else data.article,
        municipality_id=data.mun or None,
    )


def status_label(value: str) -> str:
    if value == "new":
        return t.plain("proposals-filter-status-new")
    if value == "all":
        return t.plain("proposals-filter-all")
    return t.label(ProposalStatus(value))


def _article_label(value: int) -> str:
    if value < 0:
        return t.plain("proposals-filter-all")
    if value == 0:
        return t.plain("proposals-article-none")
    return article_place(value).label(t)


async def _mun_label(session: AsyncSession, value: int) -> str:
    if not value:
        return t.plain("proposals-filter-all")
    mun = await session.get(Municipality, value)  # bounded: callbacks carry Int32 only
    return mun.name if mun else t.plain("proposals-filter-unknown")


async def queue_pressed(
    callback: CallbackQuery,
    callback_data: SQueueCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    try:
        flt = _queue_filter(callback_data)
    except ValueError:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    total = await queries.count(session, flt)
    page = Page.of(total, callback_data.page, PER_PAGE)
    items = await queries.queue(session, flt, offset=page.offset, limit=PER_PAGE)
    labels = (
        t.plain("proposals-btn-filter-status", value=status_label(callback_data.status)),
        t.plain("proposals-btn-filter-article", value=_article_label(callback_data.article)),
        t.plain("proposals-btn-filter-mun", value=await _mun_label(session, callback_data.mun)),
    )
    description = ", ".join(labels)
    if not items:
        text = t("proposals-queue-empty", filter=description)
    else:
        text = t("proposals-queue-title", shown=len(items), total=total, filter=description)
    reviews = await decisions.reviews_of(session, [p.id for p in items])
    changed = frozenset(pid for pid, r in reviews.items() if r.wording_changed_at is not None)
    data = callback_data.model_copy(update={"page": page.number})
    markup = kb.queue(items, data, page, labels, changed)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def _filter_options(
    session: AsyncSession, data: SQueueFilterCb
) -> list[tuple[str, SQueueCb]] | None:
    base = {"status": data.status, "article": data.article, "mun": data.mun}
    options: list[tuple[str, SQueueCb]] = []
    if data.what == "status":
        for status in ("new", "all", *(s.value for s in ProposalStatus)):
            options.append((status_label(status), SQueueCb(**base | {"status": status})))
    elif data.what == "article":
        articles, _ = await queries.filter_values(session)
        options.append((t.plain("proposals-filter-all"), SQueueCb(**base | {"article": -1})))
        for article in articles:
            value = article or 0
            options.append((_article_label(value), SQueueCb(**base | {"article": value})))
    elif data.what == "mun":
        _, muns = await queries.filter_values(session)
        options.append((t.plain("proposals-filter-all"), SQueueCb(**base | {"mun": 0})))
        for mun_id in muns:
            options.append((await _mun_label(session, mun_id), SQueueCb(**base | {"mun": mun_id})))
    else:
        return None
    return options


async def queue_filter_pressed(
    callback: CallbackQuery,
    callback_data: SQueueFilterCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    options = await _filter_options(session, callback_data)
    if options is None:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    await bot.send_message(
        callback.from_user.id,
        t("proposals-choose-filter"),
        reply_markup=kb.filter_options(options),
    )


# --- the grouped view ---


async def grouped_pressed(
    callback: CallbackQuery, callback_data: SGroupsCb, session: AsyncSession, bot: Bot
) -> None:
    chat_id = callback.from_user.id
    groups = await queries.grouped(session)
    if not groups:
        await bot.send_message(
            chat_id, t("proposals-grouped-empty"), reply_markup=kb.back_to_menu()
        )
        return
    page = Page.of(len(groups), callback_data.page, GROUPS_PER_PAGE)
    shown = page.slice(groups)
    lines = [
        t(
            "proposals-group-line",
            place=g.place.label(t),
            count=len(g.proposals),
            numbers=", ".join(p.number for p in g.proposals),
        )
        for g in shown
    ]
    await send_chunks(bot, chat_id, [t("proposals-grouped-title"), *lines], kb.groups(shown, page))


def _group_sections(
    group: Group, backed: dict[int, int], reviews: dict[int, ProposalReview]
) -> list[str]:
    sections: list[str] = [
        t("proposals-group-title", place=group.place.label(t), count=len(group.proposals))
    ]
    first = group.proposals[0]
    if first.current_wording:
        sections.append(t("proposals-group-current", text=first.current_wording))
    for p in group.proposals:
        wording = p.proposed_wording or t.plain("proposals-field-missing")
        author = p.author.full_name if p.author and p.author.full_name else None
        sections.append(
            t(
                "proposals-group-item",
                number=p.number,
                status=p.status,
                author=author or t.plain("proposals-anonymised"),
                kind=p.kind,
                wording=shorten(wording, GROUP_WORDING_SHOWN),
            )
        )
        review = reviews.get(p.id)
        changed = "yes" if review is not None and review.wording_changed_at else "no"
        sections[-1] += "\n" + t(
            "decisions-group-extra", count=backed.get(p.id, 0), changed=changed
        )
    return sections


async def group_pressed(
    callback: CallbackQuery,
    callback_data: SGroupCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    groups = await queries.grouped(session)
    if not 0 <= callback_data.index < len(groups):
        alert(callback_answer, t.plain("proposals-stale"))
        return
    group = groups[callback_data.index]
    ids = [p.id for p in group.proposals]
    sections = _group_sections(
        group, await support.counts(session, ids), await decisions.reviews_of(session, ids)
    )
    await send_chunks(bot, callback.from_user.id, sections, kb.group_cards(group.proposals))


def create_router() -> Router:
    """The staff menu, queue and grouped view (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_queue"))
    router.message.register(admin_menu, Command("proposals_admin"))
    router.callback_query.register(menu_pressed, SMenuCb.filter())
    router.callback_query.register(queue_pressed, SQueueCb.filter())
    router.callback_query.register(queue_filter_pressed, SQueueFilterCb.filter())
    router.callback_query.register(grouped_pressed, SGroupsCb.filter())
    router.callback_query.register(group_pressed, SGroupCb.filter())
    return router
