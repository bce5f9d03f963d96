"""The people of the demo: who one can be on the page, and the demo's bot and channel.

A persona is a Telegram user of the stand-in plus what the demo may need to set them up
(a profile to seed, a role). New personas created on the page are kept in a JSON file so
that they survive a restart of the demo (their chats do not: the stand-in keeps chats in
memory, the bot's database keeps the rest).
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

BOT_USERNAME = "kuzbass_council_demo_bot"
BOT_FIRST_NAME = "Совет МО Кузбасса"
CHANNEL_ID = -1001000000001
CHANNEL_TITLE = "Совет муниципальных образований Кузбасса"
CHANNEL_USERNAME = "kuzbass_council_demo"
# Ids of personas made on the page start here (the built-in ones are below).
FIRST_NEW_ID = 5001

_COLORS = ("#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774")


@dataclass
class Persona:
    """One person of the demo."""

    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    about: str = ""
    # "admin" (in ADMIN_IDS), "moderator" (role given at start), or "" for a member.
    role: str = ""
    # The profile the demo may register for them: full name, occupation (the bot's
    # Occupation value) and municipality name; empty for personas who register themselves.
    full_name: str = ""
    occupation: str = ""
    municipality: str = ""
    color: str = field(default="")

    def __post_init__(self) -> None:
        if not self.color:
            self.color = _COLORS[self.id % len(_COLORS)]

    @property
    def name(self) -> str:
        """First and last name as Telegram shows them."""
        return f"{self.first_name} {self.last_name}".strip()

    def public(self) -> dict[str, Any]:
        """What the page gets."""
        data = asdict(self)
        data["name"] = self.name
        return data


BUILT_IN: tuple[Persona, ...] = (
    Persona(
        1001,
        "Елена",
        "Смирнова",
        "e_smirnova",
        about="Администратор бота, аппарат Совета",
        role="admin",
        full_name="Смирнова Елена Викторовна",
        occupation="other",
        municipality="Кемеровский городской округ",
    ),
    Persona(
        1002,
        "Андрей",
        "Котов",
        "a_kotov",
        about="Модератор: мероприятия и предложения",
        role="moderator",
        full_name="Котов Андрей Сергеевич",
        occupation="other",
        municipality="Кемеровский городской округ",
    ),
    Persona(
        1003,
        "Ольга",
        "Белова",
        "olga_myski",
        about="Специалист администрации, Мыски",
        full_name="Белова Ольга Ивановна",
        occupation="municipal_employee",
        municipality="Мысковский городской округ",
    ),
    Persona(
        1004,
        "Сергей",
        "Никитин",
        "tos_nk",
        about="Председатель ТОС, Новокузнецк",
        full_name="Никитин Сергей Петрович",
        occupation="tos_activist",
        municipality="Новокузнецкий городской округ",
    ),
    Persona(
        1005,
        "Марина",
        "Власова",
        "",
        about="Депутат, Прокопьевск",
        full_name="Власова Марина Алексеевна",
        occupation="deputy",
        municipality="Прокопьевский городской округ",
    ),
)


class PersonaBook:
    """The built-in personas plus those made on the page (saved to ``store`` if given)."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self._people: dict[int, Persona] = {p.id: p for p in BUILT_IN}
        self._load()

    def _load(self) -> None:
        if self.store is None or not self.store.exists():
            return
        try:
            rows = json.loads(self.store.read_text(encoding="utf-8"))
            for row in rows:
                persona = Persona(**row)
                self._people.setdefault(persona.id, persona)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("demo personas in %s are unreadable: %s", self.store, exc)

    def _save(self) -> None:
        if self.store is None:
            return
        made = [asdict(p) for p in self._people.values() if p.id >= FIRST_NEW_ID]
        self.store.parent.mkdir(parents=True, exist_ok=True)
        self.store.write_text(json.dumps(made, ensure_ascii=False, indent=1), encoding="utf-8")

    def __iter__(self) -> Any:
        return iter(sorted(self._people.values(), key=lambda p: p.id))

    def get(self, persona_id: int) -> Persona | None:
        """The persona with this id, or None."""
        return self._people.get(persona_id)

    def ids_with_role(self, role: str) -> list[int]:
        """Ids of the personas with this role."""
        return [p.id for p in self if p.role == role]

    def create(self, first_name: str, last_name: str = "", about: str = "") -> Persona:
        """A new persona with the next free id."""
        first = first_name.strip()[:64]
        if not first:
            raise ValueError("a persona needs a first name")
        new_id = max([FIRST_NEW_ID - 1, *self._people]) + 1
        persona = Persona(new_id, first, last_name.strip()[:64], about=about.strip()[:120])
        self._people[new_id] = persona
        self._save()
        return persona
