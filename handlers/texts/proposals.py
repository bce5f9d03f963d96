"""Texts of the proposals section (participants and staff). Values people typed are escaped
here, at the point where they are put into HTML."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import html

from handlers.texts import OCCUPATION_LABELS
from models.law import LawParseError, LawStructure, LawVersion
from models.proposals import (
    ANONYMISED,
    KIND_LABELS,
    STATUS_LABELS,
    AmendmentKind,
    Campaign,
    Collection,
    Draft,
    Group,
    PlaceKind,
    Proposal,
    ProposalNote,
    Status,
    Step,
)
from models.users import User

MESSAGE_LIMIT = 4096


def when(dt: datetime, tz: ZoneInfo) -> str:
    return dt.astimezone(tz).strftime("%d.%m.%Y %H:%M")


# --- the section menu ---
SECTION = (
    "<b>Поправки в Закон Кемеровской области № 135-ОЗ</b>\n"
    "«О взаимодействии органов государственной власти Кемеровской области с Советом "
    "муниципальных образований Кемеровской области»."
)
BTN_NEW = "➕ Предложить поправку"
BTN_MINE = "📋 Мои предложения"
BTN_CONTINUE = "▶️ Продолжить черновик"
BTN_DISCARD = "🗑 Удалить черновик"
NEED_PROFILE = (
    "Направлять предложения могут участники, которые дали согласие на обработку данных и "
    "заполнили профиль. Нажмите /start."
)
DRAFT_FOUND = (
    "У вас есть незаконченный черновик предложения (место: {place}). Продолжить его или удалить?"
)
DRAFT_DISCARDED = "Черновик удалён."
NO_DRAFT = "Черновика нет — начните заново: «Предложить поправку»."


def collection_line(state: Collection, tz: ZoneInfo) -> str:
    if state.campaign is not None:
        return (
            f"Идёт сбор предложений «{html.quote(state.campaign.title)}» — "
            f"до {when(state.campaign.deadline, tz)}."
        )
    last = state.last_ended
    if not state.accepting:
        if last is not None:
            return f"Сбор предложений закрыт {when(last.ended_at, tz)}."
        return "Сейчас сбор предложений не ведётся."
    if last is not None:
        return (
            f"Сбор «{html.quote(last.title)}» завершён {when(last.ended_at, tz)}; предложения "
            "по-прежнему принимаются и будут рассмотрены вне кампании."
        )
    return "Предложения принимаются."


def closed(since: datetime | None, tz: ZoneInfo) -> str:
    if since is None:
        return "Сейчас сбор предложений не ведётся. Мы сообщим, когда он откроется."
    return (
        f"Сбор предложений закрыт {when(since, tz)}. Ваш черновик сохранён — "
        "мы сообщим, когда откроется новый сбор."
    )


# --- the dialogue ---
ASK_ARTICLE = (
    "<b>Шаг 1. Место поправки.</b>\nВыберите статью закона, «Новая статья» или «Закон в целом». "
    "Можно и написать, например: ст. 5 ч. 2 п. 3."
)
ASK_PLACE_TYPED = (
    "<b>Шаг 1. Место поправки.</b>\nТекст закона в бот ещё не загружен, поэтому напишите место "
    "сами, например: <code>ст. 5 ч. 2 п. 3</code> (часть и пункт — если нужны). "
    "Или выберите «Новая статья» / «Закон в целом»."
)
ASK_PART = "Статья {article}. {title}\nВыберите часть или «Вся статья»."
ASK_POINT = "{place}: выберите пункт или «{whole}»."
BTN_NEW_ARTICLE = "🆕 Новая статья"
BTN_WHOLE_LAW = "📘 Закон в целом"
BTN_WHOLE_ARTICLE = "Вся статья"
BTN_WHOLE_PART = "Вся часть"
BTN_ARTICLE = "Ст. {number}. {title}"
BTN_PART = "Ч. {number}"
BTN_POINT = "П. {number}"
BAD_PLACE = (
    "Не понял место. Напишите, например: <code>ст. 5</code>, <code>ст. 5 ч. 2</code> или "
    "<code>ст. 5 ч. 2 п. 3</code> — или выберите кнопку."
)
NO_SUCH_PLACE = "В загруженном тексте закона нет положения «{place}». Выберите его кнопками."
PLACE_NOT_TEXT = "Напишите место текстом (например, ст. 5 ч. 2 п. 3) или выберите кнопку."

ASK_KIND = "<b>Шаг 2. Вид поправки</b> для «{place}»:"
KIND_BUTTONS = {
    AmendmentKind.NEW_WORDING: "✏️ Новая редакция",
    AmendmentKind.ADDITION: "➕ Дополнение",
    AmendmentKind.DELETION: "✂️ Исключение",
}
CURRENT_FROM_LAW = "Действующая редакция ({place}):\n<blockquote expandable>{text}</blockquote>"
ASK_CURRENT = (
    "<b>Шаг 3. Действующая редакция.</b>\nЕсли хотите, вставьте текст действующей редакции "
    "«{place}» (до {limit} символов) — или нажмите «Пропустить»."
)
BTN_SKIP = "Пропустить"
ASK_PROPOSED = (
    "<b>Шаг 4. Предлагаемая редакция.</b>\nНапишите, как должно звучать положение "
    "(до {limit} символов)."
)
ASK_JUSTIFICATION = (
    "<b>Шаг 5. Обоснование.</b>\nПочему нужна эта поправка? Что она изменит на практике? "
    "(до {limit} символов)"
)
ASK_ATTACHMENT = (
    "<b>Шаг 6. Вложение (необязательно).</b>\nПришлите документ или фото с пояснениями — "
    "или нажмите «Без вложения»."
)
BTN_NO_ATTACHMENT = "Без вложения"
EDIT_NOW = "\n\nСейчас: <blockquote expandable>{value}</blockquote>"
NOT_TEXT = "Пожалуйста, напишите текстом — стикеры, фото и файлы здесь не подходят."
EMPTY = "Пустое сообщение — напишите текст, пожалуйста."
TOO_LONG = "Слишком длинно: {length} символов, а можно не больше {limit}. Сократите, пожалуйста."
ATTACHMENT_WRONG = "Пришлите документ или фото — или нажмите «Без вложения»."
PRESS_BUTTON = "Пожалуйста, выберите вариант кнопкой под сообщением выше."

PREVIEW_TITLE = "<b>Проверьте предложение</b>"
PREVIEW_HINT = "Всё верно? Нажмите «Отправить» или исправьте любое поле."
BTN_EDIT = {
    Step.PLACE: "✏️ Место",
    Step.KIND: "✏️ Вид",
    Step.CURRENT: "✏️ Действующая редакция",
    Step.PROPOSED: "✏️ Предлагаемая редакция",
    Step.JUSTIFICATION: "✏️ Обоснование",
    Step.ATTACHMENT: "✏️ Вложение",
}
BTN_SUBMIT = "✅ Отправить"
SUBMITTED = (
    "Спасибо! Предложение отправлено, его номер — <b>{number}</b>.\n"
    "Статус и ответ Совета — в разделе «Мои предложения»; об изменениях мы сообщим."
)
INCOMPLETE = "В черновике не хватает ответов — продолжим."
STALE = "Эта кнопка устарела. Откройте раздел «📝 Поправки в 135-ОЗ» заново."

ATTACHMENT_LABELS = {"document": "документ", "photo": "фото"}

# --- my proposals ---
MINE_EMPTY = "Вы ещё не направляли предложений."
MINE_TITLE = "<b>Мои предложения</b>"
BTN_OPEN = "{number} · {status}"
BTN_WITHDRAW = "↩️ Отозвать"
BTN_BACK = "◀️ Назад"
WITHDRAWN = "Предложение {number} отозвано."
NOT_WITHDRAWABLE = "Отозвать нельзя: предложение уже {status}."
NOT_YOURS = "Предложение не найдено."


def _quote_block(value: str) -> str:
    return f"<blockquote expandable>{html.quote(value)}</blockquote>"


def place_line(place: str, kind: str | None) -> str:
    label = KIND_LABELS.get(AmendmentKind(kind)) if kind else None
    return f"{html.quote(place)}" + (f" — {label}" if label else "")


def draft_sections(draft: Draft) -> list[str]:
    """The preview as paragraphs; the handler packs them into messages of ≤ 4096 chars."""
    parts = [
        PREVIEW_TITLE,
        f"<b>Место:</b> {html.quote(draft.place)}",
        f"<b>Вид:</b> {KIND_LABELS[AmendmentKind(draft.kind)] if draft.kind else '—'}",
    ]
    if draft.place_kind == PlaceKind.PROVISION:
        source = " (из загруженного текста закона)" if draft.current_from_law else ""
        parts.append(
            f"<b>Действующая редакция{source}:</b>\n"
            + (_quote_block(draft.current_wording) if draft.current_wording else "—")
        )
    if draft.kind != AmendmentKind.DELETION:
        parts.append(
            "<b>Предлагаемая редакция:</b>\n"
            + (_quote_block(draft.proposed_wording) if draft.proposed_wording else "—")
        )
    parts.append(
        "<b>Обоснование:</b>\n"
        + (_quote_block(draft.justification) if draft.justification else "—")
    )
    attachment = ATTACHMENT_LABELS.get(draft.attachment_kind or "", "нет")
    parts.append(f"<b>Вложение:</b> {attachment}")
    parts.append(PREVIEW_HINT)
    return parts


def pack(paragraphs: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join paragraphs into as few messages as fit. Sizes are measured on the HTML source,
    which is never shorter than what Telegram counts, so each message stays under the limit;
    a single paragraph over the limit is cut at a safe place (values are ≤ 4000 chars, so only
    heavy escaping can make one that long)."""
    messages: list[str] = []
    current = ""
    for paragraph in paragraphs:
        chunks = [paragraph] if len(paragraph) <= limit else _cut(paragraph, limit)
        for chunk in chunks:
            candidate = f"{current}\n\n{chunk}" if current else chunk
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = chunk
    if current:
        messages.append(current)
    return messages


def _cut(paragraph: str, limit: int) -> list[str]:
    """Cut an over-long paragraph into pieces, never inside an HTML entity or tag, closing
    and reopening a blockquote so every piece parses on its own."""
    opener = "<blockquote expandable>"
    closer = "</blockquote>"
    inside = opener in paragraph
    body = paragraph
    pieces: list[str] = []
    room = limit - len(opener) - len(closer)
    while len(body) > room:
        cut = room
        amp = body.rfind("&", 0, cut)
        if amp != -1 and body.find(";", amp) >= cut:
            cut = amp
        lt = body.rfind("<", 0, cut)
        if lt != -1 and body.find(">", lt) >= cut:
            cut = lt
        piece, body = body[:cut], body[cut:]
        if inside and opener in piece and closer not in piece:
            piece += closer
            body = opener + body
        pieces.append(piece)
    pieces.append(body)
    return pieces


def proposal_sections(p: Proposal, tz: ZoneInfo, *, staff: bool = False) -> list[str]:
    parts = [
        f"<b>Предложение № {p.number}</b>",
        f"<b>Статус:</b> {STATUS_LABELS[p.status]} (с {when(p.status_changed_at, tz)})",
        f"<b>Подано:</b> {when(p.submitted_at, tz)}",
        f"<b>Место:</b> {place_line(p.place, p.kind.value)}",
    ]
    if p.place_kind is PlaceKind.PROVISION:
        parts.append(
            "<b>Действующая редакция:</b>\n"
            + (_quote_block(p.current_wording) if p.current_wording else "—")
        )
    if p.proposed_wording:
        parts.append("<b>Предлагаемая редакция:</b>\n" + _quote_block(p.proposed_wording))
    parts.append("<b>Обоснование:</b>\n" + _quote_block(p.justification))
    if p.attachment_kind:
        parts.append(f"<b>Вложение:</b> {ATTACHMENT_LABELS.get(p.attachment_kind, 'файл')}")
    if staff:
        parts.append(author_card(p.author))
    if p.answer:
        parts.append("<b>Ответ Совета:</b>\n" + _quote_block(p.answer))
    return parts


def author_card(user: User | None) -> str:
    if user is None or user.full_name is None:
        return f"<b>Автор:</b> {ANONYMISED}"
    occupation = OCCUPATION_LABELS.get(user.occupation, "—") if user.occupation else "—"
    municipality = html.quote(user.municipality.name) if user.municipality else "—"
    return (
        f"<b>Автор:</b> {html.quote(user.full_name)}\n"
        f"Роль: {occupation}\nМуниципалитет: {municipality}\n"
        f"Telegram ID: <code>{user.telegram_id}</code>"
    )


def mine_line(p: Proposal) -> str:
    line = f"• <b>{p.number}</b> — {html.quote(p.place)}: {STATUS_LABELS[p.status]}"
    if p.answer:
        answer = p.answer if len(p.answer) <= 200 else p.answer[:200] + "…"
        line += f"\n  Ответ: {html.quote(answer)}"
    return line


# --- staff ---
ADMIN_MENU = (
    "<b>Поправки в 135-ОЗ — работа с предложениями</b>\n"
    "{law}\n{collection}\n"
    "Приём вне кампаний: {accept}.\n\n"
    "Загрузить текст закона: /law_upload и файл .txt или .docx.\n"
    "Открыть сбор: /campaign_open, закрыть досрочно: /campaign_close."
)
LAW_NONE = "Текст закона не загружен."
LAW_LOADED = "Текст закона: «{filename}», загружен {when}, статей: {articles}."
ACCEPT_ON = "включён"
ACCEPT_OFF = "выключен"
BTN_QUEUE = "📥 Очередь"
BTN_GROUPED = "🧩 По положениям"
BTN_EXPORT = "📤 Выгрузка"
BTN_TOGGLE_ACCEPT = "Приём вне кампаний: {state}"
BTN_CLOSE_CAMPAIGN = "⏹ Закрыть сбор"
QUEUE_TITLE = "<b>Очередь предложений</b> ({shown} из {total})\nФильтр: {filter}"
QUEUE_EMPTY = "<b>Очередь предложений</b>\nФильтр: {filter}\nНичего не найдено."
FILTER_STATUS_NEW = "новые и на рассмотрении"
FILTER_ALL = "все"
BTN_FILTER_STATUS = "Статус: {value}"
BTN_FILTER_ARTICLE = "Статья: {value}"
BTN_FILTER_MUN = "Муниципалитет: {value}"
ARTICLE_NONE = "новые статьи / закон в целом"
CHOOSE_FILTER = "Выберите значение фильтра:"
BTN_PREV = "◀️"
BTN_NEXT = "▶️"
BTN_TO_QUEUE = "◀️ К очереди"
BTN_MENU = "◀️ Меню"
BTN_STATUS = {
    Status.UNDER_REVIEW: "🔎 Взять в работу",
    Status.ACCEPTED: "✅ Принять",
    Status.PARTIALLY_ACCEPTED: "◐ Принять частично",
    Status.REJECTED: "❌ Отклонить",
    Status.MERGED: "🔗 Объединить",
}
BTN_NOTE = "🗒 Заметка"
BTN_ATTACHMENT = "📎 Вложение"
NOTES_TITLE = "<b>Внутренние заметки</b> (видны только сотрудникам):"
ASK_ANSWER = (
    "Новый статус предложения {number}: «{status}».\nНапишите ответ автору (до {limit} "
    "символов) — он уйдёт автору вместе со статусом. /cancel — отмена."
)
ASK_ANSWER_MERGED = (
    "\nУкажите в ответе номер предложения, с которым объединено, например 135-2026-0003."
)
ASK_NOTE = (
    "Напишите внутреннюю заметку к предложению {number} (до {limit} символов). /cancel — отмена."
)
STATUS_CHANGED = "Статус предложения {number}: {status}. Автор получит уведомление."
NOTE_SAVED = "Заметка к предложению {number} сохранена."
STATUS_ERRORS = {
    "not_found": "Предложение не найдено.",
    "stale": "Статус уже изменился (сейчас: {status}). Откройте карточку заново.",
    "bad_transition": "Из статуса «{status}» так перейти нельзя.",
    "merge_target": "Не нашёл в ответе номер другого существующего предложения "
    "(например, 135-2026-0003). Напишите ответ ещё раз.",
}
GROUPED_EMPTY = "Предложений пока нет."
GROUPED_TITLE = "<b>Предложения по положениям закона</b>"
GROUP_LINE = "• <b>{place}</b> — {count}: {numbers}"
GROUP_TITLE = "<b>{place}</b> — предложений: {count}"
GROUP_CURRENT = "<b>Действующая редакция:</b>\n<blockquote expandable>{text}</blockquote>"
GROUP_ITEM = "<b>{number}</b> ({status}, {author})\n{kind}: {wording}"

EXPORT_MENU = (
    "<b>Выгрузка сравнительной таблицы</b>\nКампания: {campaign}\nСтатусы: {status}\n"
    "Выберите фильтры и формат."
)
EXPORT_ALL_CAMPAIGNS = "все"
EXPORT_STATUS_DEFAULT = "все, кроме отозванных"
EXPORT_EMPTY = "По выбранным фильтрам предложений нет."
EXPORT_CAPTION = "Сравнительная таблица: {count} предложений."
EXPORT_FILENAME = "popravki_135-oz_{stamp}.{ext}"

LAW_ASK_FILE = (
    "Пришлите текст закона файлом .txt (UTF-8 или Windows-1251) или .docx. Статьи — "
    "«Статья N. Название», части — «1.», пункты — «1)». /cancel — отмена."
)
LAW_NOT_DOCUMENT = "Нужен файл .txt или .docx. /cancel — отмена."
LAW_UPLOADED = (
    "Текст закона загружен: «{filename}», статей: {articles}. Это новая действующая версия."
)
LAW_REFUSED = "Файл не принят: {reason}\n{previous}"
LAW_PREVIOUS = "Действующей остаётся прежняя версия от {when}."
LAW_NO_PREVIOUS = "Текст закона по-прежнему не загружен."
LAW_ERRORS = {
    "bad_article": "строка {line}: не понимаю заголовок статьи «{text}» — нужен вид "
    "«Статья 5. Название».",
    "article_order": "строка {line}: статья {number}, а ожидалась статья {expected}.",
    "part_order": "строка {line}: часть {number}, а ожидалась часть {expected}.",
    "point_order": "строка {line}: пункт {number}), а ожидался пункт {expected}).",
    "part_after_points": "строка {line}: часть {number}. после пунктов статьи.",
    "no_articles": "не найдено ни одной статьи (строк в файле: {line}).",
    "encoding": "не удалось прочитать текст — сохраните файл в UTF-8.",
    "bad_docx": "файл .docx повреждён или это не .docx.",
    "bad_type": "нужен файл .txt или .docx.",
    "too_big": "файл больше 2 МБ.",
}

CAMPAIGN_ASK_TITLE = (
    "Название сбора предложений (например, «Весенний сбор 2027»). /cancel — отмена."
)
CAMPAIGN_ASK_DEADLINE = (
    "До какого момента принимать предложения? Напишите дату и время по местному времени, "
    "например: <code>15.12.2026 18:00</code>."
)
CAMPAIGN_BAD_DEADLINE = "Не понял дату. Нужен вид 15.12.2026 18:00, и момент в будущем."
CAMPAIGN_OPENED = (
    "Сбор «{title}» открыт до {deadline}. Подписчики темы «Закон 135-ОЗ» ({count}) получат "
    "анонс и напоминание за сутки до окончания."
)
CAMPAIGN_ALREADY = "Уже идёт сбор предложений. Сначала закройте его: /campaign_close."
CAMPAIGN_NONE = "Сейчас нет открытого сбора."
CAMPAIGN_CLOSED = "Сбор «{title}» закрыт."
DIALOGUE_LOST = "Этот диалог прерван. Откройте карточку предложения заново: /proposals_admin."
CAMPAIGN_LOST = "Этот диалог прерван. Начните заново: /campaign_open."
SETTING_SAVED = "Приём предложений вне кампаний {state}."


def law_line(version: LawVersion | None, law: LawStructure | None, tz: ZoneInfo) -> str:
    if version is None or law is None:
        return LAW_NONE
    return LAW_LOADED.format(
        filename=html.quote(version.filename),
        when=when(version.uploaded_at, tz),
        articles=len(law.articles),
    )


def law_error(exc: LawParseError) -> str:
    template = LAW_ERRORS.get(exc.reason, "{reason}")
    params = {k: html.quote(str(v)) for k, v in exc.params.items()}
    return template.format(line=exc.line, reason=exc.reason, **params)


def group_item(p: Proposal) -> str:
    wording = p.proposed_wording or "—"
    if len(wording) > 300:
        wording = wording[:300] + "…"
    author = html.quote(p.author.full_name) if p.author and p.author.full_name else ANONYMISED
    return GROUP_ITEM.format(
        number=p.number,
        status=STATUS_LABELS[p.status],
        author=author,
        kind=KIND_LABELS[p.kind],
        wording=html.quote(wording),
    )


def group_lines(groups: Sequence[Group]) -> list[str]:
    return [
        GROUP_LINE.format(
            place=html.quote(g.place),
            count=len(g.proposals),
            numbers=", ".join(p.number for p in g.proposals),
        )
        for g in groups
    ]


def notes_block(notes: Sequence[ProposalNote], tz: ZoneInfo) -> str | None:
    if not notes:
        return None
    lines = [NOTES_TITLE]
    lines += [
        f"— {when(n.created_at, tz)}, <code>{n.author_telegram_id}</code>: {html.quote(n.text)}"
        for n in notes
    ]
    return "\n".join(lines)


def campaign_label(c: Campaign, tz: ZoneInfo) -> str:
    return f"{c.title[:30]} (до {c.deadline.astimezone(tz):%d.%m.%Y})"
