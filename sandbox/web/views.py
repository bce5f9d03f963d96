"""What the page gets about chats and messages: plain JSON built from the stand-in's records."""

from __future__ import annotations

import time
from typing import Any

from sandbox.telegram import CallbackAnswer, ChatMessage, ChatTranscript, StoredFile

from .render import to_html

# The page shows this many newest messages of a chat.
HISTORY_LIMIT = 300
# A chat action ("typing…") is shown this long, as Telegram does.
ACTION_SECONDS = 5.0


def file_json(stored: StoredFile) -> dict[str, Any]:
    """A file the page can show and download."""
    name = stored.filename or stored.file_path.rsplit("/", 1)[-1]
    return {
        "id": stored.file_id,
        "name": name,
        "mime": stored.mime_type or "application/octet-stream",
        "size": stored.size,
        "url": f"/api/files/{stored.file_id}",
        "width": stored.width,
        "height": stored.height,
    }


def _kind(msg: ChatMessage) -> str:
    for kind in ("photo", "document", "sticker", "contact", "location"):
        if kind in msg.media:
            return kind
    return "text"


def _inline(msg: ChatMessage) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for row in msg.inline_keyboard:
        buttons: list[dict[str, Any]] = []
        for button in row:
            item: dict[str, Any] = {"text": str(button.get("text", ""))}
            if isinstance(button.get("url"), str):
                item["url"] = button["url"]
            elif isinstance(button.get("callback_data"), str):
                item["callback"] = True
            buttons.append(item)
        rows.append(buttons)
    return rows


def _extra(msg: ChatMessage) -> str:
    """A line for content without text (contact, location, sticker)."""
    contact = msg.media.get("contact")
    if isinstance(contact, dict):
        return f"☎ {contact.get('first_name', '')} {contact.get('phone_number', '')}".strip()
    location = msg.media.get("location")
    if isinstance(location, dict):
        return f"📍 {location.get('latitude')}, {location.get('longitude')}"
    sticker = msg.media.get("sticker")
    if isinstance(sticker, dict):
        return str(sticker.get("emoji", ""))
    return ""


def message_json(msg: ChatMessage) -> dict[str, Any]:
    """One message as the page draws it."""
    sender = msg.sender
    name = f"{sender.get('first_name', '')} {sender.get('last_name', '')}".strip()
    data: dict[str, Any] = {
        "id": msg.message_id,
        "from_bot": msg.from_bot,
        "sender": name,
        "date": msg.date,
        "kind": _kind(msg),
        "html": to_html(msg.display_text, msg.entities),
        "extra": _extra(msg),
        "edited": msg.edit_date is not None,
        "inline": _inline(msg),
    }
    if msg.file is not None:
        data["file"] = file_json(msg.file)
    if msg.reply_to is not None:
        data["reply_to"] = {
            "id": msg.reply_to.message_id,
            "text": msg.reply_to.display_text[:80],
        }
    return data


def keyboard_json(chat: ChatTranscript) -> dict[str, Any] | None:
    """The reply keyboard shown now, if any (rows of labels and the options that matter)."""
    msg = chat.current_reply_keyboard
    if msg is None or msg.reply_markup is None:
        return None
    markup = msg.reply_markup
    rows: list[list[dict[str, Any]]] = []
    for row in markup.get("keyboard", []):
        labels: list[dict[str, Any]] = []
        for button in row:
            if isinstance(button, str):
                labels.append({"text": button})
            else:
                labels.append(
                    {
                        "text": str(button.get("text", "")),
                        "contact": bool(button.get("request_contact")),
                        "location": bool(button.get("request_location")),
                    }
                )
        rows.append(labels)
    return {
        "rows": rows,
        "placeholder": markup.get("input_field_placeholder") or "",
        "one_time": bool(markup.get("one_time_keyboard")),
    }


def _placeholder(chat: ChatTranscript) -> str:
    """A force_reply placeholder of the newest bot message, if it asks for one."""
    msg = chat.last_message()
    if msg is not None and msg.reply_markup and msg.reply_markup.get("force_reply"):
        return str(msg.reply_markup.get("input_field_placeholder") or "")
    return ""


def chat_json(chat: ChatTranscript) -> dict[str, Any]:
    """The open chat: its visible messages, keyboard and whether the bot is typing."""
    visible = [m for m in chat.history if not m.deleted][-HISTORY_LIMIT:]
    typing = False
    if chat.actions:
        action = chat.actions[-1]
        last_bot = max((m.time for m in visible if m.from_bot), default=0.0)
        typing = time.monotonic() - action.time < ACTION_SECONDS and action.time > last_bot
    keyboard = keyboard_json(chat)
    return {
        "id": chat.id,
        "messages": [message_json(m) for m in visible],
        "keyboard": keyboard,
        "placeholder": (keyboard or {}).get("placeholder") or _placeholder(chat),
        "typing": typing,
    }


def preview_json(chat: ChatTranscript) -> dict[str, Any]:
    """A line of the chat list: the newest message and how many there are."""
    visible = [m for m in chat.history if not m.deleted]
    last = visible[-1] if visible else None
    text = ""
    if last is not None:
        text = last.display_text or _extra(last)
        if not text and last.file is not None:
            text = "📎 " + (last.file.filename or last.file.kind)
    return {
        "id": chat.id,
        "count": len(visible),
        "last": text[:120],
        "date": last.date if last is not None else 0,
    }


def answer_json(number: int, answer: CallbackAnswer) -> dict[str, Any]:
    """A callback answer: a toast, or an alert with show_alert."""
    return {
        "n": number,
        "text": answer.text or "",
        "alert": answer.show_alert,
        "url": answer.url or "",
    }
