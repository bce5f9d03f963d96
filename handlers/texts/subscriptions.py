"""Texts of the subscription settings (/settings, "🔔 Подписки", /stop)."""

from __future__ import annotations

from aiogram import html

from models.subscriptions import Topic

TOPIC_LABELS: dict[Topic, str] = {
    Topic.EVENTS: "Конференции и мероприятия",
    Topic.COUNCIL: "Заседания Совета",
    Topic.LAW: "Закон № 135-ОЗ и законотворчество",
    Topic.PRACTICES: "Конкурс лучших практик МО и ТОС",
    Topic.TOS: "Новости ТОС",
    Topic.NEWS: "Общие новости",
}
ON = "✅"
OFF = "▫️"

SETTINGS_HEAD = "<b>Подписки и уведомления</b>"
SETTINGS_TOPICS = "Темы анонсов — нажмите, чтобы включить или выключить:"
SETTINGS_STOPPED = (
    "⛔ Анонсы и рассылки сейчас <b>выключены</b> (/stop). Темы сохранены: "
    "включите анонсы кнопкой ниже, и они снова начнут приходить."
)
SETTINGS_NO_TOPICS = "Ни одна тема не выбрана — анонсы по темам приходить не будут."
SETTINGS_MUNICIPALITIES = "Муниципалитеты, кроме своего: {items}"
SETTINGS_MUNICIPALITIES_NONE = "нет"
SETTINGS_REMINDERS_ON = "Напоминания о мероприятиях, на которые вы записались: включены."
SETTINGS_REMINDERS_OFF = "Напоминания о мероприятиях, на которые вы записались: выключены."
SETTINGS_FOOTER = "Изменения действуют со следующей рассылки."

BTN_MUNICIPALITIES = "🏙 Муниципалитеты ({n})"
BTN_REMINDERS_ON = "⏰ Напоминания: вкл."
BTN_REMINDERS_OFF = "⏰ Напоминания: выкл."
BTN_ANNOUNCEMENTS_ON = "🔕 Отписаться от всех анонсов"
BTN_ANNOUNCEMENTS_OFF = "🔔 Включить анонсы"
BTN_BACK = "◀️ Готово"

MUNICIPALITIES_HEAD = (
    "<b>Муниципалитеты, новости которых вам интересны</b> (страница {page} из {pages})\n"
    "Свой муниципалитет ({own}) учитывается всегда. Отметьте другие — одно нажатие "
    "включает или выключает."
)
OWN_MARK = "🏠"

TOPIC_ON = "Тема «{topic}» включена."
TOPIC_OFF = "Тема «{topic}» выключена."
REMINDERS_ON = "Напоминания включены."
REMINDERS_OFF = "Напоминания выключены."
ANNOUNCEMENTS_ON = "Анонсы снова включены."
ANNOUNCEMENTS_OFF = "Вы отписались от всех анонсов."
MUNICIPALITY_ON = "Добавлено: {name}."
MUNICIPALITY_OFF = "Убрано: {name}."
OWN_MUNICIPALITY = "Это ваш муниципалитет — он учитывается всегда. Сменить его можно в /profile."
UNKNOWN_MUNICIPALITY = "Такого муниципалитета нет в списке."

STOPPED = (
    "Готово: вы отписались от всех анонсов и рассылок.\n"
    "Напоминания о мероприятиях, на которые вы записались, и ответы на ваши предложения "
    "по-прежнему будут приходить — это не рассылки.\n\n"
    "Чтобы вернуться, откройте /settings и нажмите «🔔 Включить анонсы»."
)
ALREADY_STOPPED = (
    "Анонсы и рассылки уже выключены. Чтобы вернуться, откройте /settings и нажмите "
    "«🔔 Включить анонсы»."
)
NEED_PROFILE = "Сначала заполните профиль — нажмите /start."


def settings_card(
    *,
    announcements: bool,
    topics_on: int,
    municipalities: list[str],
    reminders: bool,
) -> str:
    lines = [SETTINGS_HEAD, ""]
    if not announcements:
        lines += [SETTINGS_STOPPED, ""]
    lines.append(SETTINGS_TOPICS)
    if topics_on == 0:
        lines.append(SETTINGS_NO_TOPICS)
    items = ", ".join(html.quote(m) for m in municipalities) or SETTINGS_MUNICIPALITIES_NONE
    lines += ["", SETTINGS_MUNICIPALITIES.format(items=items)]
    lines.append(SETTINGS_REMINDERS_ON if reminders else SETTINGS_REMINDERS_OFF)
    lines += ["", SETTINGS_FOOTER]
    return "\n".join(lines)
