"""What the fake remembers: files, chat transcripts, callback queries, requests, deliveries."""

# The public test API takes ``timeout=`` arguments on purpose (a deadline for the test).

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .state import FakeState

JsonDict = dict[str, Any]


@dataclass
class StoredFile:
    """A file known to the fake (uploaded by the bot or sent by a person)."""

    file_id: str
    file_unique_id: str
    kind: str  # "document", "photo", "sticker"
    data: bytes
    file_path: str
    filename: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    source_url: str | None = None

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    def as_file(self) -> JsonDict:
        """A Telegram ``File`` object."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }

    def as_document(self) -> JsonDict:
        """A Telegram ``Document`` object."""
        doc: JsonDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if self.filename:
            doc["file_name"] = self.filename
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc

    def as_photo(self) -> list[JsonDict]:
        """A Telegram photo: a list of ``PhotoSize`` (a single size here)."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "file_size": self.size,
                "width": self.width or 1,
                "height": self.height or 1,
            }
        ]


@dataclass
class EditRecord:
    """One edit of a bot message: the content before and after."""

    time: float
    method: str
    before: JsonDict
    after: JsonDict


@dataclass
class ChatAction:
    """A ``sendChatAction`` call."""

    time: float
    action: str


@dataclass(eq=False)
class ChatMessage:
    """A message in a chat transcript, sent by the bot or by a person.

    ``text``/``caption`` hold the rendered text the person sees (markup parsed into
    ``entities``); ``source_text`` holds the text exactly as the bot sent it.
    """

    chat: ChatTranscript = field(repr=False)
    message_id: int
    date: int
    time: float
    from_bot: bool
    sender: JsonDict = field(repr=False)
    method: str | None = None
    text: str | None = None
    caption: str | None = None
    source_text: str | None = None
    parse_mode: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    reply_markup: JsonDict | None = None
    media: JsonDict = field(default_factory=dict)
    file: StoredFile | None = field(default=None, repr=False)
    reply_to: ChatMessage | None = field(default=None, repr=False)
    params: JsonDict = field(default_factory=dict, repr=False)
    edits: list[EditRecord] = field(default_factory=list, repr=False)
    edit_date: int | None = None
    deleted: bool = False
    deleted_at: float | None = None
    copied_from: tuple[int | str, int] | None = None

    # -- content --------------------------------------------------------------------------

    @property
    def chat_id(self) -> int:
        """Id of the chat the message is in."""
        return self.chat.id

    @property
    def display_text(self) -> str:
        """Text or caption (rendered), or an empty string."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def document(self) -> JsonDict | None:
        """The ``Document`` object, if any."""
        doc = self.media.get("document")
        return doc if isinstance(doc, dict) else None

    @property
    def photo(self) -> list[JsonDict] | None:
        """The photo (list of ``PhotoSize``), if any."""
        photo = self.media.get("photo")
        return photo if isinstance(photo, list) else None

    @property
    def texts_history(self) -> list[str]:
        """The text/caption as first sent followed by each edited version."""
        history = [self.edits[0].before.get("display", "")] if self.edits else []
        history += [e.after.get("display", "") for e in self.edits]
        return history or [self.display_text]

    # -- keyboards ------------------------------------------------------------------------

    @property
    def inline_keyboard(self) -> list[list[JsonDict]]:
        """Rows of inline buttons (dicts), empty without an inline keyboard."""
        if self.reply_markup and isinstance(self.reply_markup.get("inline_keyboard"), list):
            return [list(row) for row in self.reply_markup["inline_keyboard"]]
        return []

    @property
    def button_rows(self) -> list[list[str]]:
        """Labels of the inline keyboard, row by row."""
        return [[str(b.get("text", "")) for b in row] for row in self.inline_keyboard]

    @property
    def buttons(self) -> list[str]:
        """Labels of the inline keyboard, flat."""
        return [label for row in self.button_rows for label in row]

    def button(self, label: str) -> JsonDict | None:
        """The inline button with this label, or None."""
        for row in self.inline_keyboard:
            for button in row:
                if button.get("text") == label:
                    return button
        return None

    def callback_data(self, label: str) -> str | None:
        """``callback_data`` of the inline button with this label."""
        button = self.button(label)
        data = button.get("callback_data") if button else None
        return data if isinstance(data, str) else None

    @property
    def reply_keyboard_rows(self) -> list[list[str]]:
        """Labels of the reply keyboard this message set, row by row."""
        if self.reply_markup and isinstance(self.reply_markup.get("keyboard"), list):
            return [
                [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
                for row in self.reply_markup["keyboard"]
            ]
        return []

    @property
    def reply_keyboard(self) -> list[str]:
        """Labels of the reply keyboard this message set, flat."""
        return [label for row in self.reply_keyboard_rows for label in row]

    # -- serialisation --------------------------------------------------------------------

    def snapshot(self) -> JsonDict:
        """The editable state, for edit history and "not modified" checks."""
        return {
            "text": self.text,
            "caption": self.caption,
            "entities": copy.deepcopy(self.entities),
            "reply_markup": copy.deepcopy(self.reply_markup),
            "display": self.display_text,
            "source_text": self.source_text,
        }

    def to_dict(self, *, with_reply: bool = True) -> JsonDict:
        """The Telegram ``Message`` object in its current state."""
        data: JsonDict = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": dict(self.chat.info),
            "from": dict(self.sender),
        }
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = copy.deepcopy(self.entities)
        data.update(copy.deepcopy(self.media))
        if self.caption is not None:
            data["caption"] = self.caption
            if self.entities:
                data["caption_entities"] = copy.deepcopy(self.entities)
        if self.inline_keyboard:
            data["reply_markup"] = copy.deepcopy(self.reply_markup)
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if with_reply and self.reply_to is not None:
            data["reply_to_message"] = self.reply_to.to_dict(with_reply=False)
        return data


class ChatTranscript:
    """Everything said in one chat, by both sides, in order."""

    def __init__(self, owner: FakeState, info: JsonDict) -> None:
        self._owner = owner
        self.info: JsonDict = info
        self.history: list[ChatMessage] = []
        self.actions: list[ChatAction] = []
        self._next_message_id = 1

    def __repr__(self) -> str:
        return f"<ChatTranscript {self.id} {self.type} messages={len(self.history)}>"

    @property
    def id(self) -> int:
        """Chat id."""
        return int(self.info["id"])

    @property
    def type(self) -> str:
        """``private``, ``group`` or ``supergroup``."""
        return str(self.info["type"])

    @property
    def is_private(self) -> bool:
        """Whether this is a private chat with a person."""
        return self.type == "private"

    def new_message_id(self) -> int:
        """Allocate the next message id of this chat."""
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    # -- queries --------------------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """Bot messages, oldest first (deleted ones included, flagged ``deleted``)."""
        return [m for m in self.history if m.from_bot]

    @property
    def user_messages(self) -> list[ChatMessage]:
        """Messages sent by people, oldest first."""
        return [m for m in self.history if not m.from_bot]

    def message(self, message_id: int) -> ChatMessage | None:
        """The message with this id (either side), or None."""
        for msg in self.history:
            if msg.message_id == message_id:
                return msg
        return None

    def last_message(self, *, include_deleted: bool = False) -> ChatMessage | None:
        """The newest bot message (not deleted unless asked)."""
        for msg in reversed(self.history):
            if msg.from_bot and (include_deleted or not msg.deleted):
                return msg
        return None

    def last_text(self) -> str:
        """Text (or caption) of the newest visible bot message ("" if there is none)."""
        msg = self.last_message()
        return msg.display_text if msg is not None else ""

    def texts(self, *, include_deleted: bool = False) -> list[str]:
        """Texts/captions of bot messages, oldest first."""
        return [
            m.display_text
            for m in self.history
            if m.from_bot and (include_deleted or not m.deleted)
        ]

    def find(self, substring: str) -> ChatMessage | None:
        """The newest visible bot message whose text contains ``substring``."""
        for msg in reversed(self.history):
            if msg.from_bot and not msg.deleted and substring in msg.display_text:
                return msg
        return None

    @property
    def current_reply_keyboard(self) -> ChatMessage | None:
        """The bot message whose reply keyboard is currently shown, if any."""
        for msg in reversed(self.history):
            if not msg.from_bot or msg.reply_markup is None:
                continue
            if "keyboard" in msg.reply_markup:
                return msg
            if msg.reply_markup.get("remove_keyboard"):
                return None
        return None

    @property
    def reply_keyboard_rows(self) -> list[list[str]]:
        """Rows of the reply keyboard currently shown (the last one the bot set)."""
        msg = self.current_reply_keyboard
        return msg.reply_keyboard_rows if msg is not None else []

    @property
    def reply_keyboard(self) -> list[str]:
        """Labels of the reply keyboard currently shown, flat."""
        return [label for row in self.reply_keyboard_rows for label in row]

    # -- waiting --------------------------------------------------------------------------

    async def wait_for_message(
        self,
        predicate: Callable[[ChatMessage], bool],
        timeout: float = 10.0,
        *,
        new: bool = False,
    ) -> ChatMessage:
        """Wait for a visible bot message matching ``predicate(message)``.

        With ``new=True`` only messages that appear after the call count.
        """
        skip = len(self.history) if new else 0

        def find() -> ChatMessage | None:
            for msg in reversed(self.history[skip:]):
                if msg.from_bot and not msg.deleted and predicate(msg):
                    return msg
            return None

        return await self._owner.wait_for(
            find, timeout, what=f"a bot message in chat {self.id} matching {predicate!r}"
        )

    async def wait_for_text(
        self, substring: str, timeout: float = 10.0, *, new: bool = False
    ) -> ChatMessage:
        """Wait for a visible bot message containing ``substring`` (texts are re-checked
        after edits); return it."""
        skip = len(self.history) if new else 0

        def find() -> ChatMessage | None:
            for msg in reversed(self.history[skip:]):
                if msg.from_bot and not msg.deleted and substring in msg.display_text:
                    return msg
            return None

        return await self._owner.wait_for(
            find, timeout, what=f"a bot message containing {substring!r} in chat {self.id}"
        )


@dataclass
class CallbackAnswer:
    """An ``answerCallbackQuery`` call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    time: float
    query: CallbackQueryRecord | None = field(default=None, repr=False)


@dataclass
class CallbackQueryRecord:
    """A button press sent to the bot."""

    id: str
    user_id: int
    chat_id: int
    message_id: int | None
    data: str
    time: float
    label: str | None = None
    answer: CallbackAnswer | None = None

    @property
    def answered(self) -> bool:
        """Whether the bot answered the query."""
        return self.answer is not None


@dataclass
class RecordedRequest:
    """One Bot API call made by the bot (``via="webhook_reply"`` for webhook answers).

    ``outcome`` is ``ok``, ``error``, ``dropped`` (connection closed), ``cancelled`` (client
    went away) or ``pending`` (a long poll still waiting).
    """

    method: str
    params: JsonDict
    time: float
    via: str = "http"
    status: int | None = None
    outcome: str = "pending"
    result: Any = field(default=None, repr=False)
    error_code: int | None = None
    description: str | None = None
    retry_after: int | None = None
    finished: float | None = None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.outcome == "ok"

    @property
    def chat_id(self) -> Any:
        """The ``chat_id`` parameter, if any."""
        return self.params.get("chat_id")


@dataclass
class Delivery:
    """A successful send-like call, for pace measurements."""

    time: float
    method: str
    chat_id: int | str
    message_id: int | None


@dataclass
class WebhookFailure:
    """A webhook delivery that did not succeed (network error or non-2xx answer)."""

    time: float
    update_id: int
    url: str
    status: int | None
    error: str
