"""The dialogue's sub-point step: a point with sub-points («а)», «б)», …) opens their
buttons; each of them, and «Весь пункт», is then an ordinary point choice (``PPointCb``, the
sub-point riding in the point's code) handled by ``dialogue.point_chosen``."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import PSubCb
from handlers.proposals.scope import act_law
from handlers.proposals.states import ProposalStates
from handlers.replies import alert
from models.lawtext import Point
from models.proposals.places import Place, PlaceKind
from models.users import User
from texts import t


async def subpoints_opened(
    callback: CallbackQuery,
    callback_data: PSubCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    user: User,
) -> None:
    law = await act_law(session, user.id)
    part = callback_data.part or None
    node = law.find(callback_data.article, part, callback_data.point) if law else None
    if not isinstance(node, Point) or not node.subpoints:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    place = Place(PlaceKind.PROVISION, callback_data.article, part, node.number)
    text = t(
        "proposals-ask-subpoint",
        place=place.label(t),
        whole=t.plain("proposals-btn-whole-point"),
    )
    markup = kb.subpoints(callback_data.article, callback_data.part, node)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="proposals_subpoints")
    router.callback_query.register(
        subpoints_opened, PSubCb.filter(), StateFilter(ProposalStates.point)
    )
    return router
