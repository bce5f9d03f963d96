"""Bot API methods served by the fake (all synchronous except getUpdates, see server.py)."""

from __future__ import annotations

import copy
import json
import mimetypes
import re
import struct
import time
from collections.abc import Callable
from typing import Any

from .errors import ApiError
from .formatting import EntityParseError, parse_text, utf16_len
from .params import Params, UploadedFile
from .records import (
    CallbackAnswer,
    ChatAction,
    ChatMessage,
    ChatTranscript,
    EditRecord,
    JsonDict,
    StoredFile,
)
from .state import FakeState, WebhookConfig

MethodHandler = Callable[[Params], Any]

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a specified old message content and reply markup of the message"
)
_MARKUP_JSON = "Bad Request: can't parse reply keyboard markup JSON object"
_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
    "web_app",
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Harmless setters answered with ``true`` so that bot start-up code does not break.
_TRUE_METHODS = (
    "setChatMenuButton",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setMyDefaultAdministratorRights",
    "pinChatMessage",
    "unpinChatMessage",
    "unpinAllChatMessages",
    "setMessageReaction",
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG image, if recognisable."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            (length,) = struct.unpack(">H", data[i + 2 : i + 4])
            i += 2 + int(length)
    return None


class BotApiMethods(FakeState):
    """Implementations of the Bot API methods over :class:`FakeState`."""

    def _build_method_table(self) -> dict[str, MethodHandler]:
        table: dict[str, MethodHandler] = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "sendDocument": lambda p: self._send_media(p, "document", "sendDocument"),
            "sendPhoto": lambda p: self._send_media(p, "photo", "sendPhoto"),
            "copyMessage": self._copy_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }
        for name in _TRUE_METHODS:
            table[name] = lambda p: True
        return {name.lower(): handler for name, handler in table.items()}

    # -- helpers ---------------------------------------------------------------------------

    def _target_chat(self, p: Params, name: str = "chat_id") -> ChatTranscript:
        chat_id = p.chat_id(name)
        assert chat_id is not None
        return self._find_chat(chat_id)

    @staticmethod
    def _render(
        text: str, parse_mode: str | None, entities: list[Any] | None, *, caption: bool
    ) -> tuple[str, list[JsonDict]]:
        """Plain text and entities as Telegram would store them; validates lengths."""
        if entities is not None:
            for entity in entities:
                if not isinstance(entity, dict) or not {"type", "offset", "length"} <= set(entity):
                    raise ApiError(400, "Bad Request: can't parse entities JSON object")
            plain, parsed = text, [dict(e) for e in entities]
        else:
            try:
                plain, parsed = parse_text(text, parse_mode)
            except EntityParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        if caption and utf16_len(plain) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        if not caption:
            if not plain.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if utf16_len(plain) > 4096:
                raise ApiError(400, "Bad Request: message is too long")
        return plain, parsed

    def _caption(self, p: Params) -> tuple[str | None, str | None, list[JsonDict]]:
        """(rendered caption, source caption, entities) from caption parameters."""
        source = p.get_str("caption")
        if not source:
            return None, None, []
        plain, entities = self._render(
            source, p.get_str("parse_mode"), p.get_list("caption_entities"), caption=True
        )
        return plain, source, entities

    @staticmethod
    def _validate_inline_keyboard(rows: Any) -> None:
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(400, _MARKUP_JSON)
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise ApiError(400, _MARKUP_JSON)
                actions = [key for key in _INLINE_ACTIONS if key in button]
                if len(actions) != 1:
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: Text buttons are "
                        "unallowed in the inline keyboard",
                    )
                data = button.get("callback_data")
                if "callback_data" in button and (
                    not isinstance(data, str) or not 1 <= len(data.encode()) <= 64
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _reply_markup(self, p: Params, *, inline_only: bool = False) -> JsonDict | None:
        try:
            markup = p.get_dict("reply_markup")
        except ApiError:
            raise ApiError(400, _MARKUP_JSON) from None
        if markup is None:
            return None
        if "inline_keyboard" in markup:
            self._validate_inline_keyboard(markup["inline_keyboard"])
            return markup
        if inline_only:
            raise ApiError(400, "Bad Request: inline keyboard expected")
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise ApiError(400, _MARKUP_JSON)
            return markup
        if "remove_keyboard" in markup or "force_reply" in markup:
            return markup
        raise ApiError(400, _MARKUP_JSON)

    @staticmethod
    def _reply_target(chat: ChatTranscript, p: Params) -> ChatMessage | None:
        allow = p.get_bool("allow_sending_without_reply")
        message_id: Any = None
        parameters = p.get_dict("reply_parameters")
        if parameters:
            message_id = parameters.get("message_id")
            allow = bool(parameters.get("allow_sending_without_reply", allow))
        elif p.has("reply_to_message_id"):
            message_id = p.get_int("reply_to_message_id")
        if message_id is None:
            return None
        target = chat.message(int(message_id))
        if target is None or target.deleted:
            if allow:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return target

    def _input_file(self, p: Params, kind: str) -> StoredFile:
        ref = p.get_file(kind)
        if ref is None:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if isinstance(ref, UploadedFile):
            if not ref.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            mime = mimetypes.guess_type(ref.filename or "")[0] or ref.content_type
            size = image_size(ref.data) if kind == "photo" else None
            return self.store_file(
                kind,
                ref.data,
                filename=ref.filename,
                mime_type=mime,
                width=size[0] if size else None,
                height=size[1] if size else None,
            )
        if ref.startswith(("http://", "https://")):
            name = ref.rsplit("/", 1)[-1] or None
            return self.store_file(kind, b"", filename=name, source_url=ref)
        stored = self.files.get(ref)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError(400, "Bad Request: type of file mismatch")
        return stored

    def _add_bot_message(
        self, chat: ChatTranscript, method: str, p: Params, **fields: Any
    ) -> ChatMessage:
        return self._add_message(
            chat,
            from_bot=True,
            sender=self.bot_user,
            method=method,
            params=p.display(),
            parse_mode=p.get_str("parse_mode"),
            **fields,
        )

    # -- sending ---------------------------------------------------------------------------

    def _get_me(self, p: Params) -> JsonDict:
        return dict(self.bot_user)

    def _send_message(self, p: Params) -> JsonDict:
        chat = self._target_chat(p)
        text = p.get_str("text")
        if text is None:
            raise ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._render(
            text, p.get_str("parse_mode"), p.get_list("entities"), caption=False
        )
        msg = self._add_bot_message(
            chat,
            "sendMessage",
            p,
            text=plain,
            source_text=text,
            entities=entities,
            reply_markup=self._reply_markup(p),
            reply_to=self._reply_target(chat, p),
        )
        return msg.to_dict()

    def _send_media(self, p: Params, kind: str, method: str) -> JsonDict:
        chat = self._target_chat(p)
        stored = self._input_file(p, kind)
        caption, source, entities = self._caption(p)
        media: JsonDict = (
            {"photo": stored.as_photo()} if kind == "photo" else {kind: stored.as_document()}
        )
        msg = self._add_bot_message(
            chat,
            method,
            p,
            caption=caption,
            source_text=source,
            entities=entities,
            media=media,
            file=stored,
            reply_markup=self._reply_markup(p),
            reply_to=self._reply_target(chat, p),
        )
        return msg.to_dict()

    def _copy_message(self, p: Params) -> JsonDict:
        chat = self._target_chat(p)
        source_chat = self._target_chat(p, "from_chat_id")
        message_id = p.get_int("message_id", required=True)
        assert message_id is not None
        original = source_chat.message(message_id)
        if original is None or original.deleted:
            raise ApiError(400, "Bad Request: message to copy not found")
        fields: JsonDict = {}
        if original.text is not None:
            fields.update(
                text=original.text,
                source_text=original.source_text or original.text,
                entities=copy.deepcopy(original.entities),
            )
        elif p.has("caption"):
            caption, source, entities = self._caption(p)
            fields.update(caption=caption, source_text=source, entities=entities)
        else:
            fields.update(
                caption=original.caption,
                source_text=original.source_text or original.caption,
                entities=copy.deepcopy(original.entities),
            )
        msg = self._add_bot_message(
            chat,
            "copyMessage",
            p,
            media=copy.deepcopy(original.media),
            file=original.file,
            reply_markup=self._reply_markup(p),
            reply_to=self._reply_target(chat, p),
            copied_from=(source_chat.id, message_id),
            **fields,
        )
        return {"message_id": msg.message_id}

    # -- editing ---------------------------------------------------------------------------

    def _edit_target(self, p: Params) -> ChatMessage:
        if p.has("inline_message_id") and not p.has("chat_id"):
            raise ApiError(400, "Bad Request: inline messages are not supported by the fake")
        chat = self._target_chat(p)
        message_id = p.get_int("message_id", required=True)
        assert message_id is not None
        msg = chat.message(message_id)
        if msg is None or msg.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not msg.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return msg

    def _apply_edit(
        self, msg: ChatMessage, method: str, p: Params, markup: JsonDict | None, **changes: Any
    ) -> JsonDict:
        before = msg.snapshot()
        old_inline = msg.reply_markup if msg.inline_keyboard else None
        new_state = {key: changes.get(key, before[key]) for key in ("text", "caption", "entities")}
        if new_state == {k: before[k] for k in new_state} and markup == old_inline:
            raise ApiError(400, _NOT_MODIFIED)
        for key, value in changes.items():
            setattr(msg, key, value)
        if markup is not None or old_inline is not None:
            msg.reply_markup = markup
        if "source_text" in changes:
            msg.parse_mode = p.get_str("parse_mode")
        msg.edit_date = int(time.time())
        msg.edits.append(EditRecord(time.monotonic(), method, before, msg.snapshot()))
        self._bump()
        return msg.to_dict()

    def _edit_message_text(self, p: Params) -> JsonDict:
        msg = self._edit_target(p)
        if msg.text is None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = p.get_str("text")
        if text is None:
            raise ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._render(
            text, p.get_str("parse_mode"), p.get_list("entities"), caption=False
        )
        markup = self._reply_markup(p, inline_only=True)
        return self._apply_edit(
            msg, "editMessageText", p, markup, text=plain, source_text=text, entities=entities
        )

    def _edit_message_caption(self, p: Params) -> JsonDict:
        msg = self._edit_target(p)
        if not msg.media:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        caption, source, entities = self._caption(p)
        markup = self._reply_markup(p, inline_only=True)
        return self._apply_edit(
            msg,
            "editMessageCaption",
            p,
            markup,
            caption=caption,
            source_text=source,
            entities=entities,
        )

    def _edit_message_reply_markup(self, p: Params) -> JsonDict:
        msg = self._edit_target(p)
        markup = self._reply_markup(p, inline_only=True)
        return self._apply_edit(msg, "editMessageReplyMarkup", p, markup)

    def _delete_message(self, p: Params) -> bool:
        chat = self._target_chat(p)
        message_id = p.get_int("message_id", required=True)
        assert message_id is not None
        msg = chat.message(message_id)
        if msg is None or msg.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        msg.deleted = True
        msg.deleted_at = time.monotonic()
        self._bump()
        return True

    # -- callbacks, actions, chats, files ----------------------------------------------------

    def _answer_callback_query(self, p: Params) -> bool:
        query_id = p.get_str("callback_query_id", required=True)
        assert query_id is not None
        query = self._queries.get(query_id)
        if query is None or query.answer is not None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )
        text = p.get_str("text")
        if text is not None and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        answer = CallbackAnswer(
            callback_query_id=query_id,
            text=text,
            show_alert=p.get_bool("show_alert"),
            url=p.get_str("url"),
            cache_time=p.get_int("cache_time"),
            time=time.monotonic(),
            query=query,
        )
        query.answer = answer
        self.callback_answers.append(answer)
        self._bump()
        return True

    def _send_chat_action(self, p: Params) -> bool:
        chat = self._target_chat(p)
        action = p.get_str("action", required=True)
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        chat.actions.append(ChatAction(time.monotonic(), action))
        self._bump()
        return True

    def _get_chat(self, p: Params) -> JsonDict:
        chat = self._target_chat(p)
        return {
            **chat.info,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_file(self, p: Params) -> JsonDict:
        file_id = p.get_str("file_id", required=True)
        stored = self.files.get(file_id or "")
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.as_file()

    # -- commands --------------------------------------------------------------------------

    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        scope = p.get_dict("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.get_str("language_code") or ""

    def _set_my_commands(self, p: Params) -> bool:
        commands = p.get_list("commands")
        if commands is None:
            raise ApiError(400, "Bad Request: commands is empty")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        stored: list[JsonDict] = []
        for item in commands:
            if not isinstance(item, dict):
                raise ApiError(400, "Bad Request: can't parse commands JSON object")
            command, description = item.get("command"), item.get("description")
            if not isinstance(command, str) or not _COMMAND_RE.fullmatch(command):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
            stored.append({"command": command, "description": description})
        self.commands[self._commands_key(p)] = stored
        return True

    def _get_my_commands(self, p: Params) -> list[JsonDict]:
        return copy.deepcopy(self.commands.get(self._commands_key(p), []))

    def _delete_my_commands(self, p: Params) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def commands_for(
        self, scope: JsonDict | None = None, language_code: str = ""
    ) -> list[JsonDict]:
        """Commands set for a scope (default scope if None) and language."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True), language_code
        return copy.deepcopy(self.commands.get(key, []))

    # -- webhook ---------------------------------------------------------------------------

    def _set_webhook(self, p: Params) -> bool:
        url = p.get_str("url") or ""
        secret = p.get_str("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        if p.get_bool("drop_pending_updates"):
            self._drop_pending()
        allowed = p.get_list("allowed_updates")
        if allowed is not None:
            self.allowed_updates = [str(kind) for kind in allowed]
        self.webhook = (
            WebhookConfig(
                url=url,
                secret_token=secret,
                max_connections=p.get_int("max_connections") or 40,
                ip_address=p.get_str("ip_address"),
            )
            if url
            else None
        )
        self._bump()
        return True

    def _delete_webhook(self, p: Params) -> bool:
        if p.get_bool("drop_pending_updates"):
            self._drop_pending()
        self.webhook = None
        self._bump()
        return True

    def _get_webhook_info(self, p: Params) -> JsonDict:
        info: JsonDict = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending_updates),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.ip_address:
                info["ip_address"] = self.webhook.ip_address
            if self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
            if self.webhook_failures:
                last = self.webhook_failures[-1]
                info["last_error_date"] = int(time.time() - (time.monotonic() - last.time))
                info["last_error_message"] = last.error
        return info
