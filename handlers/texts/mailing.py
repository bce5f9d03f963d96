"""Texts of the mass-mailing dialogue (/mailing) and of the mailing history."""

from __future__ import annotations

from aiogram import html

from handlers.texts.subscriptions import TOPIC_LABELS
from models.events import RsvpStatus
from models.users import Occupation

ASK_CONTENT = (
    "<b>Новая рассылка. Шаг 1 из 3: сообщение</b>\n"
    "Пришлите сообщение так, как его должны увидеть получатели: текст с оформлением, "
    "фото или документ с подписью. Его копия уйдёт каждому — оформление и вложения "
    "сохранятся. Не удаляйте это сообщение, пока рассылка не закончится.\n"
    "/cancel — отмена."
)
CONTENT_UNSUPPORTED = (
    "Такое сообщение разослать нельзя. Пришлите текст, фото, видео или документ "
    "(с подписью или без)."
)
CONTENT_COMMAND = "Команду разослать нельзя. Пришлите текст рассылки или /cancel для отмены."
ASK_BUTTONS = (
    "Добавить кнопки-ссылки под сообщением? Пришлите строки вида\n"
    "<code>Текст кнопки | https://адрес</code>\n"
    "— по одной кнопке на строку (до {limit}). Или нажмите «Без кнопок»."
)
BTN_NO_BUTTONS = "Без кнопок"
BUTTONS_NOT_TEXT = "Кнопки нужно прислать текстом: строки вида «Текст | https://адрес»."
BUTTON_ERRORS = {
    "buttons_empty": "Не нашёл ни одной строки с кнопкой.",
    "buttons_too_many": "Слишком много кнопок: можно не больше {limit}.",
    "button_format": "Строка {line}: нужен формат «Текст | https://адрес» "
    "(одна вертикальная черта).",
    "button_no_text": "Строка {line}: у кнопки нет текста.",
    "button_text_long": "Строка {line}: текст кнопки длиннее {limit} символов.",
    "button_url": "Строка {line}: ссылка должна начинаться с https:// или http:// "
    "и вести на сайт, например https://sovetmo42.ru.",
}
BUTTONS_RETRY = "\nИсправьте и пришлите кнопки ещё раз или нажмите «Без кнопок»."

AUDIENCE_HEAD = "<b>Шаг 2 из 3: кому отправить</b>"
AUDIENCE_HINT = (
    "Без фильтров — всем активным подписчикам. Фильтры можно сочетать: получат те, "
    "кто подходит под все выбранные условия."
)
AUDIENCE_LINE_TOPICS = "Темы: {value}"
AUDIENCE_LINE_MUNICIPALITIES = "Муниципалитеты: {value}"
AUDIENCE_LINE_OCCUPATIONS = "Роли: {value}"
AUDIENCE_LINE_EVENT = "Мероприятие: {value}"
AUDIENCE_ANY = "любые"
AUDIENCE_NO_EVENT = "—"
AUDIENCE_EVENT_NOTE = (
    "Участникам мероприятия сообщение придёт, даже если они отписались от анонсов: "
    "это новости их мероприятия."
)
AUDIENCE_COUNT = "Получателей сейчас: <b>{n}</b>"
AUDIENCE_EVERYONE = "всем активным подписчикам"
BTN_TOPICS = "📚 Темы"
BTN_MUNICIPALITIES = "🏙 Муниципалитеты"
BTN_OCCUPATIONS = "👤 Роли"
BTN_EVENT = "📅 Мероприятие"
BTN_RESET = "♻️ Сбросить фильтры"
BTN_AUDIENCE_DONE = "Далее ▶️ ({n})"
BTN_CANCEL = "✖️ Отменить рассылку"
BTN_BACK = "◀️ Готово"
BTN_NO_EVENT = "Без мероприятия"
TOPICS_HEAD = "<b>Темы</b>: получат подписанные хотя бы на одну из отмеченных.\n{count}"
MUNICIPALITIES_HEAD = (
    "<b>Муниципалитеты</b> (страница {page} из {pages}): получат те, чей муниципалитет "
    "или муниципалитет интереса отмечен.\n{count}"
)
OCCUPATIONS_HEAD = "<b>Роли</b>: получат люди с отмеченными ролями.\n{count}"
EVENTS_HEAD = "<b>Мероприятие</b>: выберите, участникам какого мероприятия написать."
EVENTS_EMPTY = "Мероприятий пока нет."
STATUSES_HEAD = (
    "<b>{title}</b>\nКому из ответивших: отметьте нужные ответы. Ничего не отмечено — "
    "всем ответившим.\n{count}"
)
STATUS_LABELS: dict[RsvpStatus, str] = {
    RsvpStatus.GOING: "Придут",
    RsvpStatus.MAYBE: "Возможно",
    RsvpStatus.WAITLIST: "Лист ожидания",
    RsvpStatus.NOT_GOING: "Не смогут",
}
CHECKED_IN_LABEL = "Отметились на входе"
ALL_ANSWERED = "все ответившие"
EMPTY_AUDIENCE = "Под эти условия не подходит ни один получатель. Измените фильтры."
EVENT_GONE = "Это мероприятие не найдено."

CHOICE = (
    "<b>Шаг 3 из 3: отправка</b>\n"
    "Получателей сейчас: <b>{n}</b> ({audience}).\n"
    "Можно сначала отправить пробное сообщение себе."
)
BTN_TEST = "🧪 Пробная отправка мне"
BTN_SEND_NOW = "🚀 Отправить сейчас"
BTN_SCHEDULE = "🕒 Запланировать"
BTN_CHANGE_AUDIENCE = "◀️ Изменить аудиторию"
TEST_SENT = "Пробное сообщение — выше. Так его увидят получатели."
TEST_FAILED = "Не удалось отправить пробное сообщение: {error}"
ASK_WHEN = (
    "Когда отправить? Напишите дату и время по местному времени ({tz}), например "
    "<code>{example}</code>. /cancel — отмена."
)
WHEN_NOT_TEXT = "Напишите дату и время текстом, например {example}."
WHEN_ERRORS = {
    "bad_datetime": "Не понял дату. Нужен формат ДД.ММ.ГГГГ ЧЧ:ММ, например {example}.",
    "in_past": "Это время уже прошло (или наступит меньше чем через минуту). "
    "Укажите время в будущем.",
    "too_far": "Можно запланировать не дальше чем на год вперёд.",
}
CONFIRM_NOW = "Отправить рассылку сейчас? Получателей: <b>{n}</b> ({audience})."
CONFIRM_LATER = (
    "Отправить рассылку <b>{when}</b>? Получателей сейчас: <b>{n}</b> ({audience}). "
    "Список уточнится в момент отправки."
)
BTN_CONFIRM = "✅ Да, отправить ({n})"
BTN_BACK_TO_CHOICE = "◀️ Назад"
STARTED = "📨 <b>Рассылка #{id} запущена</b>: {n} получателей. Здесь будет виден ход отправки."
CANCELLED = "Рассылка отменена, ничего не отправлено."
STALE = "Эта кнопка устарела. Начните рассылку заново: /mailing."
STOPPED = "Рассылка остановлена: неотправленные сообщения ({n}) отменены."
STOPPING = "⏹ Рассылка #{id} останавливается… Итог появится здесь."
STOP_ERRORS = {
    "not_found": "Рассылка не найдена.",
    "finished": "Рассылка уже завершена или остановлена.",
}

HISTORY_HEAD = "<b>Массовые рассылки</b>\nНажмите, чтобы увидеть отчёт."
HISTORY_EMPTY = "Массовых рассылок ещё не было. Новая — /mailing."
HISTORY_ITEM = "#{id} {mark} {title}"
HISTORY_MARKS = {"scheduled": "🕒", "running": "📨", "stopped": "⏹", "done": "✅"}
NOT_FOUND = "Рассылка не найдена."
BTN_HISTORY_BACK = "◀️ К списку"

OCCUPATION_LABELS: dict[Occupation, str] = {
    Occupation.MUNICIPAL_EMPLOYEE: "Муниципальный служащий",
    Occupation.TOS_ACTIVIST: "Активист ТОС",
    Occupation.DEPUTY: "Депутат",
    Occupation.OTHER: "Другое",
}


def button_error(code: str, **params: object) -> str:
    return BUTTON_ERRORS.get(code, BUTTON_ERRORS["button_format"]).format(**params)


def audience_lines(
    *,
    topics: list[str],
    municipalities: list[str],
    occupations: list[str],
    event: str | None,
) -> list[str]:
    """Each filter on a line; values are escaped here."""

    def joined(values: list[str]) -> str:
        return ", ".join(html.quote(v) for v in values) if values else AUDIENCE_ANY

    return [
        AUDIENCE_LINE_TOPICS.format(value=joined(topics)),
        AUDIENCE_LINE_MUNICIPALITIES.format(value=joined(municipalities)),
        AUDIENCE_LINE_OCCUPATIONS.format(value=joined(occupations)),
        AUDIENCE_LINE_EVENT.format(value=html.quote(event) if event else AUDIENCE_NO_EVENT),
    ]


def topic_label(value: str) -> str:
    for topic, label in TOPIC_LABELS.items():
        if topic.value == value:
            return label
    return value
