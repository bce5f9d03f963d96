"""Every text the bot shows a person, in one place. Values from people are escaped here."""

from __future__ import annotations

from aiogram import html

from models.users import NAME_MIN, Occupation, User

# --- main menu (reply keyboard labels double as message triggers) ---
MENU_EVENTS = "📅 Мероприятия"
MENU_PROPOSALS = "📝 Поправки в 135-ОЗ"
MENU_SUBSCRIPTIONS = "🔔 Подписки"
MENU_PROFILE = "👤 Профиль"
MENU_HELP = "❓ Помощь"
MENU_PLACEHOLDER = "Выберите раздел"

COMMANDS: dict[str, str] = {
    "start": "Начать / главное меню",
    "events": "Мероприятия",
    "proposals": "Поправки в Закон № 135-ОЗ",
    "my_events": "Мои мероприятия",
    "my_proposals": "Мои предложения",
    "settings": "Подписки и уведомления",
    "stop": "Отписаться от всех анонсов",
    "profile": "Мой профиль",
    "help": "Что умеет бот",
    "cancel": "Отменить текущее действие",
    "my_data": "Мои данные (выгрузка)",
    "delete_me": "Удалить мои данные",
}
ADMIN_COMMANDS: dict[str, str] = {
    "admin": "Меню администратора",
    "events_admin": "Мероприятия: управление",
    "event_new": "Новое мероприятие",
    "proposals_admin": "Предложения: очередь и выгрузки",
    "law_upload": "Загрузить текст закона",
    "campaign_open": "Открыть сбор предложений",
    "campaign_close": "Закрыть сбор предложений",
    "mailing": "Новая рассылка",
    "mailings": "История рассылок",
}

GREETING = (
    "Здравствуйте! Это бот Совета муниципальных образований Кузбасса.\n"
    "Здесь можно получать анонсы конференций и семинаров, записываться на мероприятия "
    "и направлять предложения по изменению Закона Кемеровской области № 135-ОЗ."
)
CONSENT_ASK = "Чтобы бот мог запомнить ваше имя, роль и муниципалитет, нужно ваше согласие:"
CONSENT_YES = "✅ Согласен"
CONSENT_NO = "Не согласен"
CONSENT_GIVEN = "Спасибо, согласие получено ({version})."
CONSENT_DECLINED = (
    "Хорошо, мы ничего о вас не сохраняем.\n"
    "Публичные анонсы мероприятий по-прежнему доступны. Если передумаете — нажмите /start."
)
CONSENT_UPDATED = (
    "Мы обновили текст согласия на обработку персональных данных. "
    "Пожалуйста, прочитайте его и подтвердите, чтобы продолжить."
)
CONSENT_UPDATED_SHORT = (
    "Текст согласия обновлён — подтвердите его в сообщении ниже или нажмите /start."
)
CONSENT_NEEDED = "Для этого нужно согласие на обработку персональных данных. Нажмите /start."

ASK_NAME = "Как к вам обращаться? Напишите имя и фамилию, например: Ирина Петрова."
ASK_OCCUPATION = "Кем вы работаете или чем занимаетесь?"
ASK_MUNICIPALITY = (
    "Выберите ваш муниципалитет (страница {page} из {pages}) "
    "или напишите часть названия, например «Мыски»."
)
PROFILE_RESUME = "Продолжим заполнение профиля."
REGISTRATION_DONE = "Готово, {name}! Профиль заполнен. Выберите раздел в меню ниже."
WELCOME_BACK = "С возвращением, {name}! Выберите раздел в меню ниже."
PROFILE_UPDATED = "Профиль обновлён."

NAME_ERRORS = {
    "too_long": "Слишком длинно: {length} символов, а можно не больше {limit}. "
    "Напишите только имя и фамилию.",
    "too_short": f"Слишком коротко: нужно хотя бы {NAME_MIN} буквы.",
    "bad_chars": "В имени можно использовать только буквы, пробелы и дефис — "
    "без цифр, ссылок и тегов. Попробуйте ещё раз.",
}
NAME_NOT_TEXT = "Пожалуйста, напишите имя текстом — стикеры, фото и файлы здесь не подходят."
CHOOSE_WITH_BUTTONS = "Пожалуйста, выберите вариант кнопкой под сообщением выше."
MUNICIPALITY_NOT_FOUND = (
    "Не нашёл муниципалитет по запросу «{query}». Выберите из списка или уточните название."
)
MUNICIPALITY_SEVERAL = "Нашлось несколько вариантов — выберите нужный:"
UNKNOWN_MUNICIPALITY = "Такого муниципалитета нет в списке. Выберите из списка заново."

OCCUPATION_LABELS: dict[Occupation, str] = {
    Occupation.MUNICIPAL_EMPLOYEE: "Муниципальный служащий",
    Occupation.TOS_ACTIVIST: "Активист ТОС",
    Occupation.DEPUTY: "Депутат",
    Occupation.OTHER: "Другое",
}

PROFILE_EDIT_NAME = "✏️ Имя"
PROFILE_EDIT_OCCUPATION = "✏️ Роль"
PROFILE_EDIT_MUNICIPALITY = "✏️ Муниципалитет"
PROFILE_NOT_FILLED = "Профиль ещё не заполнен. Нажмите /start, чтобы заполнить его."
PAGE_PREV = "◀️"
PAGE_NEXT = "▶️"

HELP = (
    "<b>Что умеет бот</b>\n"
    "📅 Мероприятия — анонсы конференций, совещаний и семинаров, запись на них "
    "и напоминания.\n"
    "📝 Поправки в 135-ОЗ — предложения по изменению Закона Кемеровской области № 135-ОЗ.\n"
    "🔔 Подписки — какие анонсы получать.\n"
    "👤 Профиль — имя, роль и муниципалитет.\n\n"
    "Команды: /start — главное меню, /profile — профиль, /settings — подписки, "
    "/stop — отписаться от всех анонсов, /cancel — отменить текущее действие, "
    "/my_data — выгрузить свои данные, /delete_me — удалить свои данные, /help — эта справка."
)
CANCELLED = "Действие отменено. Введённые ранее данные сохранены."
NOTHING_TO_CANCEL = "Сейчас нечего отменять."
UNKNOWN_COMMAND = "Неизвестная команда. Список команд — /help."
NOT_UNDERSTOOD = "Я не понял сообщение. Выберите раздел в меню или нажмите /help."
STALE_BUTTON = "Эта кнопка устарела. Откройте раздел заново."
TOO_OFTEN = "Слишком часто. Подождите несколько секунд — бот ответит всем по очереди."
DIALOGUE_LOST = (
    "Похоже, диалог прервался (например, бот перезапускался). Начните, пожалуйста, заново — "
    "уже сохранённые данные на месте."
)
INTERNAL_ERROR = (
    "Извините, что-то пошло не так. Мы уже разбираемся. "
    "Уже введённые данные сохранены — попробуйте ещё раз чуть позже."
)

# --- events (answers to RSVP buttons) ---
RSVP_REFUSED = {
    "gone": "Это мероприятие больше недоступно.",
    "cancelled": "Мероприятие отменено.",
    "started": "Мероприятие уже началось — отвечать поздно.",
    "deadline": "Запись на это мероприятие закрыта.",
}
RSVP_SAVED = {
    "going": "Записали: вы придёте. Спасибо!",
    "maybe": "Записали: возможно придёте.",
    "not_going": "Записали: вы не сможете. Спасибо, что предупредили.",
}
RSVP_WAITLIST = "Мест нет — вы в листе ожидания, ваше место: {position}."

# --- admin ---
ADMIN_MENU = "<b>Меню администратора</b>"
ADMIN_STATS_BTN = "📊 Статистика"
ADMIN_MODERATORS_BTN = "👥 Модераторы"
ADMIN_AUDIT_BTN = "📜 Журнал действий"
ADMIN_MAILINGS_BTN = "📨 Рассылки"
ADMIN_MUNICIPALITIES_BTN = "🏙 Муниципалитеты"
ADMIN_BACK_BTN = "◀️ Назад"
ADMIN_STATS = (
    "<b>Статистика</b>\n"
    "Всего обращались: {total}\n"
    "Дали согласие: {consented}\n"
    "Заполнили профиль: {registered}\n"
    "Заблокировали бота: {inactive}"
)
ADMIN_SOON = "Этот раздел появится в следующих версиях."
ADMIN_MODERATORS_EMPTY = "Модераторов пока нет."
ADMIN_MODERATORS_LIST = "<b>Модераторы</b>\n{items}"
ADMIN_ADD_MODERATOR_BTN = "➕ Назначить"
ADMIN_REMOVE_MODERATOR_BTN = "➖ {name}"
ADMIN_ASK_MODERATOR_ID = (
    "Пришлите числовой Telegram ID человека, который уже заполнил профиль в боте. "
    "/cancel — отмена."
)
ADMIN_BAD_ID = "Нужен числовой Telegram ID, например 123456789."
ADMIN_USER_NOT_FOUND = "Человек с таким ID не заполнил профиль в боте."
ADMIN_MODERATOR_ADDED = "{name} теперь модератор."
ADMIN_MODERATOR_REMOVED = "{name} больше не модератор."
ADMIN_ALREADY_MODERATOR = "{name} уже модератор."
ADMIN_AUDIT_EMPTY = "Журнал пуст."
ADMIN_MAILINGS_EMPTY = "Рассылок ещё не было."
ADMIN_MAILINGS = "<b>Последние рассылки</b>\nНажмите, чтобы увидеть состояние."
ADMIN_MAILING_NOT_FOUND = "Рассылка не найдена."
MAILING_KIND_LABELS = {
    "announcement": "анонс",
    "reminder": "напоминание",
    "mailing": "рассылка",
    "notice": "уведомление",
}
DELIVERY_STATE_LABELS = {
    "pending": "в очереди",
    "claimed": "отправляется",
    "sent": "доставлено",
    "failed": "ошибка",
    "blocked": "бот заблокирован",
    "cancelled": "отменено",
    "skipped": "пропущено",
}
ADMIN_AUDIT = "<b>Последние действия</b>\n{items}"


def name_error(code: str, **params: object) -> str:
    return NAME_ERRORS.get(code, NAME_ERRORS["bad_chars"]).format(**params)


def display_name(user: User) -> str:
    return html.quote(user.full_name or f"id {user.telegram_id}")


def profile_card(user: User) -> str:
    occupation = OCCUPATION_LABELS.get(user.occupation, "—") if user.occupation else "—"
    municipality = html.quote(user.municipality.name) if user.municipality else "—"
    return (
        "<b>Ваш профиль</b>\n"
        f"Имя: {html.quote(user.full_name or '—')}\n"
        f"Роль: {occupation}\n"
        f"Муниципалитет: {municipality}\n"
        f"Согласие на обработку данных: версия {html.quote(user.consent_version or '—')}"
    )


def consent_message(consent_text: str) -> str:
    return (
        f"{html.quote(GREETING)}\n\n{CONSENT_ASK}\n\n"
        f"<blockquote expandable>{html.quote(consent_text)}</blockquote>"
    )


def mailing_report(
    mailing_id: int,
    kind: str,
    title: str,
    created: str,
    counts: dict[str, int],
    top_errors: list[tuple[str, int]],
) -> str:
    lines = [
        f"<b>Рассылка #{mailing_id}</b> ({MAILING_KIND_LABELS.get(kind, kind)})",
        html.quote(title),
        f"Создана: {created}",
        "",
    ]
    total = sum(counts.values())
    lines.append(f"Всего получателей: {total}")
    for state, label in DELIVERY_STATE_LABELS.items():
        if counts.get(state):
            lines.append(f"{label}: {counts[state]}")
    if top_errors:
        lines.append("")
        lines.append("Частые ошибки:")
        lines.extend(f"• {html.quote(error)} — {n}" for error, n in top_errors)
    return "\n".join(lines)
