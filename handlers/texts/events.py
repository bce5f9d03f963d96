"""Texts of the events section: participants and staff."""

from __future__ import annotations

from aiogram import html

from models.events import EventKind, RsvpStatus

# --- participants ---
LIST_EMPTY = "Ближайших мероприятий пока нет. Мы пришлём анонс, когда появятся новые."
LIST_HEADER = "<b>Ближайшие мероприятия</b> (страница {page} из {pages})\nВыберите мероприятие:"
MY_EVENTS_BTN = "🗂 Мои мероприятия"
MY_EVENTS_EMPTY = "Вы ещё не отвечали ни на одно мероприятие. Откройте /events."
MY_EVENTS_HEADER = "<b>Мои мероприятия</b>"
BACK_TO_LIST_BTN = "◀️ К списку"
CALENDAR_BTN = "🗓 В календарь"
CALENDAR_CAPTION = "Откройте файл, чтобы добавить мероприятие в календарь."
ANSWER_LABELS = {
    "going": "✅ Пойду",
    "maybe": "🤔 Возможно",
    "not_going": "❌ Не пойду",
}
STATUS_LABELS = {
    RsvpStatus.GOING: "пойду",
    RsvpStatus.MAYBE: "возможно",
    RsvpStatus.NOT_GOING: "не пойду",
    RsvpStatus.WAITLIST: "лист ожидания",
}
YOUR_ANSWER = "Ваш ответ: <b>{answer}</b>"
YOUR_WAITLIST = "Вы в листе ожидания, ваше место: <b>{position}</b>."
CHECKED_IN_MARK = "✅ Вы отмечены как участник."
EVENT_GONE = "Это мероприятие не найдено — возможно, его удалили."
EVENT_CANCELLED = "Это мероприятие отменено."
NEED_PROFILE = "Чтобы записаться, заполните профиль: нажмите /start."
AFTER_REGISTRATION = "Вы хотели посмотреть мероприятие — вот оно:"
BAD_LINK = "Ссылка не распознана. Откройте список мероприятий: /events."

CHECKIN = {
    "done": "✅ Вы отмечены на мероприятии «{title}». Добро пожаловать!",
    "already": "Вы уже отметились на мероприятии «{title}».",
    "wrong_token": "Этот QR-код недействителен. Попросите организаторов показать актуальный.",
    "not_today": "Отметиться на мероприятии «{title}» можно только в день его проведения "
    "({date}).",
    "cancelled": "Мероприятие «{title}» отменено — отмечаться не нужно.",
    "gone": "Мероприятие не найдено.",
}

# --- staff ---
STAFF_HEADER = "<b>Мероприятия</b> ({which})\nВыберите мероприятие или создайте новое."
STAFF_UPCOMING = "ближайшие"
STAFF_PAST = "прошедшие"
STAFF_EMPTY = "Пока пусто."
STAFF_NEW_BTN = "➕ Новое мероприятие"
STAFF_PAST_BTN = "🕘 Прошедшие"
STAFF_UPCOMING_BTN = "📅 Ближайшие"
STAFF_PUBLISH_BTN = "📣 Опубликовать"
STAFF_TIME_BTN = "🕒 Изменить время"
STAFF_PLACE_BTN = "📍 Изменить место"
STAFF_CANCEL_BTN = "🚫 Отменить мероприятие"
STAFF_CANCEL_CONFIRM_BTN = "Да, отменить и сообщить всем"
STAFF_XLSX_BTN = "📊 XLSX"
STAFF_CSV_BTN = "📄 CSV"
STAFF_QR_BTN = "🔳 QR для отметки"
STAFF_BACK_BTN = "◀️ Назад"
STATE_LABELS = {"draft": "черновик", "published": "опубликовано", "cancelled": "отменено"}
STAFF_COUNTS = (
    "\n\n<b>Ответы</b>: пойдут {going}, возможно {maybe}, не пойдут {not_going}, "
    "в листе ожидания {waitlist}; отметились {checked_in}."
)
STAFF_BY_MUNICIPALITY = "<b>По муниципалитетам</b>:"
STAFF_CANCEL_ASK = "Отменить «{title}»? Все, кто ответил, получат уведомление."
STAFF_CANCELLED = "Мероприятие отменено. Уведомление получат: {n}."
STAFF_PUBLISHED = "Опубликовано. Анонс получат подписчиков: {n}{channel}."
STAFF_PUBLISHED_CHANNEL = " и канал"
STAFF_DRAFT_SAVED = "Черновик сохранён. Опубликовать его можно из /events_admin."
STAFF_DIALOG_CANCELLED = "Создание мероприятия отменено, ничего не сохранено."
STAFF_EDITED = "Изменения сохранены. Уведомление получат: {n}."
STAFF_QR_CAPTION = (
    "QR-код для отметки на «{title}». Участник сканирует его в день мероприятия.\n{link}"
)
STAFF_EXPORT_CAPTION = "Список участников: {n} чел."
STAFF_EDIT_ASK_START = (
    "Новое начало в формате <code>15.12.2026 10:00</code> (время местное). /cancel — отмена."
)
STAFF_EDIT_ASK_END = (
    "Новое окончание в том же формате, или «-», чтобы сохранить прежнюю продолжительность."
)
STAFF_EDIT_ASK_PLACE = "Новое место или ссылка на трансляцию. /cancel — отмена."
ADMIN_ONLY = "Это доступно только администраторам."

ASK_TITLE = "Создаём мероприятие. Название? (до {limit} символов). /cancel — отмена."
ASK_DESCRIPTION = (
    "Описание: программа, спикеры, что взять с собой. Форматирование сохранится. "
    "Отправьте «-», если описание не нужно."
)
ASK_KIND = "Тип мероприятия:"
ASK_START = "Начало в формате <code>15.12.2026 10:00</code> (время местное, {zone})."
ASK_END = "Окончание в том же формате, например <code>15.12.2026 13:00</code>."
ASK_PLACE = "Место проведения или ссылка на онлайн-трансляцию:"
ASK_CAPACITY = "Сколько мест? Число, или кнопка ниже."
ASK_DEADLINE = "До какого момента принимать ответы? Дата и время, или кнопка ниже."
ASK_TOPIC = "Тема рассылки (кто получит анонс):"
ASK_AUDIENCE = "Для каких муниципалитетов?"
ASK_AUDIENCE_PICK = "Отметьте муниципалитеты (выбрано: {n}) и нажмите «Готово»."
ASK_OFFSETS = (
    "Когда напоминать? Часы до начала через запятую, например <code>24, 2</code> "
    "(или <code>30м</code> для минут), либо кнопка ниже."
)
PREVIEW = "Так анонс увидят подписчики ({n} чел.):"
NO_LIMIT_BTN = "Без ограничений"
NO_DEADLINE_BTN = "До начала"
ALL_MUNICIPALITIES_BTN = "Все муниципалитеты"
PICK_MUNICIPALITIES_BTN = "Выбрать"
DONE_BTN = "✅ Готово"
DEFAULT_OFFSETS_BTN = "По умолчанию: за 24 ч и за 2 ч"
PUBLISH_BTN = "📣 Опубликовать"
DRAFT_BTN = "💾 Сохранить черновик"
DISCARD_BTN = "✖️ Отменить"
NOT_TEXT = "Здесь нужен текст — стикеры, фото и файлы не подходят."
CHOOSE_BUTTON = "Выберите вариант кнопкой под сообщением выше."
PICK_AT_LEAST_ONE = "Отметьте хотя бы один муниципалитет или выберите «Все»."

KIND_LABELS = {
    EventKind.CONFERENCE: "Конференция",
    EventKind.MEETING: "Совещание",
    EventKind.SEMINAR: "Семинар",
    EventKind.OTHER: "Другое",
}

ERRORS = {
    "time_format": "Не понял дату. Напишите так: <code>15.12.2026 10:00</code>.",
    "past": "Это время уже прошло. Укажите время в будущем.",
    "too_far": "Слишком далеко: не позже чем через 3 года.",
    "end_before_start": "Окончание должно быть позже начала ({start}).",
    "too_long_event": "Мероприятие не может длиться больше 31 дня.",
    "deadline_after_start": "Срок ответа должен быть не позже начала ({start}).",
    "empty": "Пусто. Напишите текст.",
    "too_long": "Слишком длинно: {length} символов, можно не больше {limit}.",
    "capacity": "Нужно целое число от 1 до {limit}, или кнопка «Без ограничений».",
    "offsets": "Не понял. Пример: <code>24, 2</code> — за сутки и за два часа (до 5 значений, "
    "не больше 30 дней).",
    "gone": "Мероприятие не найдено.",
    "not_draft": "Мероприятие уже опубликовано или отменено.",
    "cancelled": "Мероприятие отменено — изменить его нельзя.",
    "unchanged": "Ничего не изменилось.",
}


def error(code: str, **params: object) -> str:
    return ERRORS.get(code, ERRORS["time_format"]).format(**params)


def quote(value: str) -> str:
    return html.quote(value)
