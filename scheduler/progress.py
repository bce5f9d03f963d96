"""Mass mailings on the leader: start the scheduled ones when their time comes, keep one
progress message per running mailing up to date (edited in place, not more often than
``min_interval``), and replace it with the final report when nothing is left to send. The
texts are ``texts.mailings``' (shown in the zone ``texts.configure`` set)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNetworkError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import mailings
from scheduler.clock import Clock
from texts import t
from texts.mailings import progress_text, report_text

log = logging.getLogger(__name__)


def stop_markup(mailing_id: int) -> InlineKeyboardMarkup:
    """The stop button under a running mailing's progress message (the handlers' stop
    callback answers it: ``mailings.stop_callback`` is its payload)."""
    button = InlineKeyboardButton(
        text=t.plain("mailing-btn-stop"), callback_data=mailings.stop_callback(mailing_id)
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


class ProgressUpdater:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        *,
        clock: Clock,
        min_interval: float = 3.0,
    ) -> None:
        self.session_factory = session_factory
        self.bot = bot
        self.clock = clock
        self.min_interval = min_interval
        self._shown: dict[int, str] = {}  # mailing id → the text last put in its message
        self._edited_at: dict[int, float] = {}

    async def tick(self) -> list[int]:
        """One round; returns the ids of mailings that started in it (to wake the sender)."""
        now = self.clock.now()
        async with self.session_factory() as session:
            started = await mailings.materialize_due(session, now)
            for mass in await mailings.running(session):
                try:
                    await self._update(session, mass.mailing_id)
                except Exception:
                    log.exception("progress of mailing %s failed", mass.mailing_id)
        return started

    async def _update(self, session: AsyncSession, mailing_id: int) -> None:
        now = self.clock.now()
        finished_at = await mailings.finish(session, mailing_id, now)
        progress = await mailings.progress(session, mailing_id)
        mass = await mailings.get(session, mailing_id)
        if progress is None or mass is None or mass.progress_chat_id is None:
            return
        if finished_at is not None:
            text = report_text(progress)
            await self._show(session, mass, text, None, force=True)
            self._shown.pop(mailing_id, None)
            self._edited_at.pop(mailing_id, None)
            return
        text = progress_text(progress, now)
        # Once stopped, the button goes: only the in-flight messages are still finishing.
        markup = stop_markup(mailing_id) if not progress.stopped else None
        await self._show(session, mass, text, markup, force=False)

    async def _show(
        self,
        session: AsyncSession,
        mass: mailings.MassMailing,
        text: str,
        markup: InlineKeyboardMarkup | None,
        *,
        force: bool,
    ) -> None:
        mailing_id = mass.mailing_id
        chat_id = mass.progress_chat_id
        assert chat_id is not None
        last = self._edited_at.get(mailing_id)
        if not force and last is not None and self.clock.monotonic() - last < self.min_interval:
            return
        if self._shown.get(mailing_id) == text:
            return
        try:
            if mass.progress_message_id is None:
                message = await self.bot.send_message(chat_id, text, reply_markup=markup)
                await mailings.set_progress_message(
                    session, mailing_id, chat_id, message.message_id
                )
            else:
                await self.bot.edit_message_text(
                    text=text,
                    chat_id=chat_id,
                    message_id=mass.progress_message_id,
                    reply_markup=markup,
                )
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                log.warning("progress message of mailing %s: %s", mailing_id, exc.message)
                if "not found" in exc.message:  # deleted by the admin: post a new one
                    message = await self.bot.send_message(chat_id, text, reply_markup=markup)
                    await mailings.set_progress_message(
                        session, mailing_id, chat_id, message.message_id
                    )
        except (TelegramAPIError, TelegramNetworkError) as exc:
            log.warning("progress message of mailing %s: %s", mailing_id, exc)
            return
        self._shown[mailing_id] = text
        self._edited_at[mailing_id] = self.clock.monotonic()
