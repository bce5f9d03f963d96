"""Scale-out (issue 7): two webhook instances behind a round-robin load balancer share one
PostgreSQL database and one Redis.

The fake Telegram pushes every update to a tiny proxy in the test, which hands them to the
two ``python -m bot run`` processes (RUN_MODE=webhook) in turn. Registration dialogues hop
between the processes at every step (their FSM lives in Redis), one of them leads and sends
a mailing from the outbox; the leader is SIGKILLed mid-mailing and between dialogue steps,
the proxy routes everything to the survivor, which takes the lead and finishes the mailing.
Nothing is lost; only the sends that were in flight at the kill may go out twice.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.people.states import Profile
from models import outbox
from models.db import create_engine, create_session_factory
from models.outbox import Content, Delivery, DeliveryState, MailingKind, Recipient
from models.users import Occupation, User
from sandbox.telegram import FakeTelegram
from tests.conftest import TOKEN
from tests.procs import (
    APSCHEDULER_NOISE,
    LEADER_LINE,
    BotProcess,
    bot_env,
    late_answers,
    start_bot,
    tails,
    wait_all_sent,
    wait_for_log,
    wait_until,
)
from tests.services import REDIS_URL, require
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.timeout(240),
]

SECRET = "scale-out-secret_42"
LISTENING = "webhook server listening on"
TEXT = "Совет МО Кузбасса: публичные слушания в четверг, 15:00."
SEND_RATE = 50
LEADER_CHECK = 1.0
MAILING_SIZE = 120
KILL_AFTER = 40  # mailing messages delivered before the leader is killed
ANSWER_DELAY = 0.3  # ~15 sends in flight at SEND_RATE
MAX_IN_FLIGHT = 60  # scheduler.sender.Sender: sends that can be out but not yet marked
STARTUP = 60.0  # two bot processes start together on a small box: generous
STEP = 15.0  # one dialogue step (webhook → proxy → bot → sendMessage)
MUNICIPALITY = "Новокузнецкий городской округ"


@dataclass
class Served:
    update_id: int
    user_id: int | None
    backend: str
    status: int


@dataclass
class RoundRobinProxy:
    """A load balancer in front of the bot processes: each POST goes to the next backend in
    turn; a backend that refuses the connection is skipped (as a health check would)."""

    backends: dict[str, int]  # name → port on 127.0.0.1
    served: list[Served] = field(default_factory=list)
    failovers: Counter[str] = field(default_factory=Counter)
    _turn: int = 0
    _client: aiohttp.ClientSession | None = None
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def counts(self) -> Counter[str]:
        return Counter(s.backend for s in self.served if s.status == 200)

    def backends_of(self, user_id: int) -> set[str]:
        return {s.backend for s in self.served if s.user_id == user_id and s.status == 200}

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        body = await request.read()
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in {"content-type", "x-telegram-bot-api-secret-token"}
        }
        names = list(self.backends)
        first = self._turn % len(names)
        self._turn += 1
        update = json.loads(body) if body else {}
        sender = next(
            (v.get("from", {}).get("id") for v in update.values() if isinstance(v, dict)),
            None,
        )
        for i in range(len(names)):
            name = names[(first + i) % len(names)]
            url = f"http://127.0.0.1:{self.backends[name]}{request.path_qs}"
            try:
                async with self._client.post(url, data=body, headers=headers) as resp:
                    payload = await resp.read()
                    self.served.append(
                        Served(update.get("update_id", -1), sender, name, resp.status)
                    )
                    return web.Response(
                        status=resp.status,
                        body=payload,
                        content_type=resp.content_type,
                    )
            except (aiohttp.ClientConnectionError, TimeoutError):
                self.failovers[name] += 1
        return web.Response(status=502, text="no backend is up")

    async def start(self) -> None:
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application()
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()


@asynccontextmanager
async def running_proxy(backends: dict[str, int]) -> AsyncIterator[RoundRobinProxy]:
    proxy = RoundRobinProxy(backends)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()


def _free_ports(count: int) -> list[int]:
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


@asynccontextmanager
async def _db(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _forget_fsm(user_ids: Iterable[int]) -> None:
    """Delete the FSM keys of our people only (db 15 is shared by the tests)."""
    redis = Redis.from_url(REDIS_URL)
    try:
        for uid in user_ids:
            keys = [k async for k in redis.scan_iter(match=f"fsm:*:{uid}:{uid}:*")]
            if keys:
                await redis.delete(*keys)
    finally:
        await redis.aclose()


async def _fsm_states(user_ids: Iterable[int]) -> dict[int, str | None]:
    """The FSM state each person has in Redis (the storage both instances share)."""
    redis = Redis.from_url(REDIS_URL)
    try:
        states: dict[int, str | None] = {}
        for uid in user_ids:
            keys = [k async for k in redis.scan_iter(match=f"fsm:*:{uid}:{uid}:state")]
            value = await redis.get(keys[0]) if len(keys) == 1 else None
            states[uid] = value.decode() if isinstance(value, bytes) else value
        return states
    finally:
        await redis.aclose()


async def _sent_chats(factory: async_sessionmaker[AsyncSession], mailing_id: int) -> set[int]:
    async with factory() as session:
        rows = await session.scalars(
            select(Delivery.chat_id).where(
                Delivery.mailing_id == mailing_id, Delivery.state == DeliveryState.SENT
            )
        )
        return {int(c) for c in rows}


class Dialogue:
    """One person registering; each step sends, then waits for the bot's answer."""

    def __init__(self, tg: FakeTelegram, user_id: int, name: str, procs: list[BotProcess]):
        self.tg = tg
        self.person = tg.user(user_id, first_name=name.split()[0])
        self.chat = tg.chat(user_id)
        self.name = name
        self.procs = procs

    async def _expect(self, text: str) -> None:
        try:
            await self.chat.wait_for_text(text, timeout=STEP)
        except AssertionError as exc:
            raise AssertionError(
                f"{exc}\nchat {self.chat.id} so far: {self.chat.texts()}\n{tails(self.procs)}"
            ) from None

    async def start(self) -> None:
        await self.person.send("/start")
        await self._expect("152-ФЗ")

    async def consent(self) -> None:
        await self.person.press(t.plain("consent-yes"))
        await self._expect(t("ask-name"))

    async def give_name(self) -> None:
        await self.person.send(self.name)
        await self._expect(t("ask-occupation"))

    async def occupation(self) -> None:
        await self.person.press(t.label(Occupation.TOS_ACTIVIST))
        await self._expect("Выберите ваш муниципалитет")

    async def search(self) -> None:
        await self.person.send("новокузнецк")
        await self._expect(t("municipality-several"))

    async def municipality(self) -> None:
        await self.person.press(MUNICIPALITY)
        await self._expect(t("registration-done", name=self.name))

    async def all_steps(self) -> None:
        for step in (
            self.start,
            self.consent,
            self.give_name,
            self.occupation,
            self.search,
            self.municipality,
        ):
            await step()


async def _lockstep(dialogues: Iterable[Dialogue], step: str) -> None:
    """Everyone takes ``step`` at once: their updates reach the proxy one after another."""
    await asyncio.gather(*(getattr(d, step)() for d in dialogues))


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A fresh PostgreSQL database, once both services are known to be reachable (skipped
    outside CI, failed in CI, when one is not)."""
    require("postgres")
    require("redis")
    return request.getfixturevalue("postgres_database_url")  # type: ignore[no-any-return]


@dataclass
class Cluster:
    """What the steps of the scale-out story share."""

    tg: FakeTelegram
    proxy: RoundRobinProxy
    factory: async_sessionmaker[AsyncSession]
    procs: list[BotProcess]
    early: list[int]
    late: list[int]
    chat_ids: list[int]
    began: float
    leader: BotProcess | None = None
    survivor: BotProcess | None = None
    dialogues: list[Dialogue] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    mailing_id: int = 0
    at_kill: int = 0
    delivered_at_kill: set[int] = field(default_factory=set)
    marked_at_kill: set[int] = field(default_factory=set)

    @property
    def people(self) -> list[int]:
        return [*self.early, *self.late]

    def mailing_sent(self) -> int:
        return sum(len(self.tg.chats[c].messages) for c in self.chat_ids if c in self.tg.chats)


def _env(c: Cluster, pg_url: str, port: int) -> dict[str, str]:
    return bot_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=c.tg.base_url,
        DATABASE_URL=pg_url,
        REDIS_URL=REDIS_URL,
        RUN_MODE="webhook",
        WEBHOOK_BASE_URL=c.proxy.url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LEADER_CHECK_SECONDS=str(LEADER_CHECK),
        SEND_RATE=str(SEND_RATE),
        THROTTLE_RATE="1000",
        BACKGROUND="true",
        LOG_LEVEL="INFO",
    )


async def step_start_two_instances(
    c: Cluster, tmp_path: Path, pg_url: str, ports: tuple[int, int]
) -> None:
    """Both processes listen, one leads, the webhook points at the proxy."""
    c.procs.extend(
        await asyncio.gather(
            start_bot("a", tmp_path, _env(c, pg_url, ports[0]), noise=APSCHEDULER_NOISE),
            start_bot("b", tmp_path, _env(c, pg_url, ports[1]), noise=APSCHEDULER_NOISE),
        )
    )
    for p in c.procs:
        await wait_for_log([p], LISTENING, timeout=STARTUP, alive=c.procs)
    c.leader = await wait_for_log(c.procs, LEADER_LINE, timeout=STARTUP, alive=c.procs)
    c.survivor = next(p for p in c.procs if p is not c.leader)
    assert c.tg.webhook is not None and c.tg.webhook.url == f"{c.proxy.url}/webhook"
    assert c.tg.webhook.secret_token == SECRET
    print(f"both instances up {time.monotonic() - c.began:.1f} s; leader {c.leader.name}")


async def step_dialogues_hop_between_instances(c: Cluster) -> None:
    """Registration up to the occupation question, every step on the other instance; the
    next step is known from Redis alone."""
    c.dialogues = [
        Dialogue(c.tg, uid, name, c.procs)
        for uid, name in zip(c.early, ("Анна Сергеева", "Борис Ильин", "Вера Котова"), strict=True)
    ]
    for step in ("start", "consent", "give_name"):
        await _lockstep(c.dialogues, step)
    for uid in c.early:
        assert c.proxy.backends_of(uid) == {"a", "b"}, (uid, c.proxy.served)
    in_redis = await _fsm_states(c.early)
    assert in_redis == dict.fromkeys(c.early, Profile.occupation.state), tails(c.procs)


async def step_kill_the_leader_mid_mailing(c: Cluster) -> None:
    """A mailing through the outbox; the leader dies a third of the way through it. Until
    the kill, sends are answered late (delivered at once), as over a real network: the sends
    in flight at the kill are out but not marked sent."""
    assert c.leader is not None
    async with c.factory() as session:
        mailing = await outbox.enqueue(
            session,
            kind=MailingKind.MAILING,
            title="scale-out test",
            content=Content(text=TEXT),
            recipients=[Recipient(chat) for chat in c.chat_ids],
        )
        await session.commit()
        c.mailing_id = mailing.id
    with late_answers(c.tg, ANSWER_DELAY):
        await wait_until(
            c.tg,
            lambda: c.mailing_sent() >= KILL_AFTER,
            timeout=STEP + MAILING_SIZE / SEND_RATE,
            what=f"{KILL_AFTER} mailing messages sent by the leader",
            alive=c.procs,
        )
        await c.leader.kill()
    c.at_kill = c.mailing_sent()
    c.delivered_at_kill = {
        chat for chat in c.chat_ids if chat in c.tg.chats and c.tg.chats[chat].messages
    }
    c.marked_at_kill = await _sent_chats(c.factory, c.mailing_id)
    print(f"SIGKILL after {c.at_kill} mailing messages ({len(c.marked_at_kill)} marked sent)")
    assert c.at_kill < MAILING_SIZE, "the kill must land mid-mailing"


async def step_dialogues_go_on_through_the_survivor(c: Cluster) -> None:
    """The proxy now finds only the survivor; a newcomer registers from scratch."""
    newcomer = Dialogue(c.tg, c.late[0], "Новенький Участник", c.procs)
    c.names = {d.person.id: d.name for d in [*c.dialogues, newcomer]}
    for step in ("occupation", "search", "municipality"):
        await _lockstep(c.dialogues, step)
    await newcomer.all_steps()


async def step_survivor_finishes_the_mailing(c: Cluster) -> None:
    """The survivor takes the lead; every chat gets the mailing, repeats only of what was in
    flight at the kill."""
    assert c.survivor is not None and c.leader is not None
    killed = time.monotonic()
    await wait_for_log([c.survivor], LEADER_LINE, timeout=LEADER_CHECK + 15, alive=[c.survivor])
    print(f"{c.survivor.name} leads {time.monotonic() - killed:.1f} s after the dialogues")
    await wait_until(
        c.tg,
        lambda: all(chat in c.tg.chats and c.tg.chats[chat].messages for chat in c.chat_ids),
        timeout=STEP + MAILING_SIZE / SEND_RATE,
        what=f"all {MAILING_SIZE} mailing chats to get the message",
        alive=[c.survivor],
        logs=[c.leader],
    )
    await wait_all_sent(c.factory, c.mailing_id, MAILING_SIZE, c.procs, timeout=STEP)
    counts = {chat: len(c.tg.chats[chat].messages) for chat in c.chat_ids}
    duplicates = sum(n - 1 for n in counts.values())
    print(f"mailing: {MAILING_SIZE} chats, {duplicates} duplicates after the SIGKILL")
    assert min(counts.values()) == 1, "a chat got nothing"
    assert max(counts.values()) <= 2, {chat: n for chat, n in counts.items() if n > 2}
    assert duplicates <= min(MAX_IN_FLIGHT, c.at_kill), (duplicates, tails(c.procs))
    twice = {chat for chat, n in counts.items() if n > 1}
    in_flight = c.delivered_at_kill - c.marked_at_kill
    assert twice <= in_flight, f"repeated beyond the in-flight sends: {twice - in_flight}"
    print(f"{len(in_flight)} sends in flight at the kill, {len(twice)} of them repeated")
    assert all(m.source_text == TEXT for chat in c.chat_ids for m in c.tg.chats[chat].messages), (
        "a mailing chat got something else"
    )


async def step_every_dialogue_completed_once(c: Cluster) -> None:
    for uid in c.people:
        said = c.tg.chat(uid).texts()
        done = t("registration-done", name=c.names[uid])
        for expected in (t("ask-name"), t("ask-occupation"), done):
            assert sum(s.startswith(expected) for s in said) == 1, (uid, expected, said)
    async with c.factory() as session:
        rows = await session.scalars(select(User).where(User.telegram_id.in_(c.people)))
        users = {u.telegram_id: u for u in rows}
    for uid in c.people:
        user = users.get(uid)
        assert user is not None, f"user {uid} not in the database"
        assert user.occupation is Occupation.TOS_ACTIVIST, uid
        assert user.municipality is not None, uid
        assert user.municipality.code == "novokuznetsk", uid
    assert c.tg.webhook_failures == [], c.tg.webhook_failures
    assert c.tg.unanswered_callbacks == []


def step_the_proxy_saw_a_failover(c: Cluster) -> None:
    assert c.leader is not None and c.survivor is not None
    served = c.proxy.counts()
    dead, alive = c.leader.name, c.survivor.name
    ours = [s for s in c.proxy.served if s.user_id in c.people]
    print(
        f"updates served: {dict(served)}; failovers from dead backend: "
        f"{dict(c.proxy.failovers)}; total {time.monotonic() - c.began:.1f} s"
    )
    assert served[dead] > 0 and served[alive] > 0, served
    assert c.proxy.failovers[dead] > 0, "the proxy never had to skip the dead backend"
    assert ours and all(s.status == 200 for s in ours), c.proxy.served
    assert not c.survivor.has("Traceback"), c.survivor.tail()


async def test_two_webhook_instances_behind_a_balancer(tmp_path: Path, pg_url: str) -> None:
    """The story in named steps; each step says what it checks."""
    # Fresh ids every run: Redis db 15 may hold keys of earlier runs.
    base = 6_000_000_000 + uuid.uuid4().int % 1_000_000 * 1000
    early = [base + i for i in range(1, 4)]  # odd count: each one's steps alternate A/B
    late = [base + 10]  # starts after the kill: the survivor alone
    port_a, port_b = _free_ports(2)
    procs: list[BotProcess] = []
    try:
        async with (
            _db(pg_url) as factory,
            FakeTelegram(
                token=TOKEN, bot_username="kuzbass_council_bot", auto_create_chats=True
            ) as tg,
            running_proxy({"a": port_a, "b": port_b}) as proxy,
        ):
            c = Cluster(
                tg=tg,
                proxy=proxy,
                factory=factory,
                procs=procs,
                early=early,
                late=late,
                chat_ids=[base + 100 + i for i in range(MAILING_SIZE)],
                began=time.monotonic(),
            )
            await step_start_two_instances(c, tmp_path, pg_url, (port_a, port_b))
            await step_dialogues_hop_between_instances(c)
            await step_kill_the_leader_mid_mailing(c)
            await step_dialogues_go_on_through_the_survivor(c)
            await step_survivor_finishes_the_mailing(c)
            await step_every_dialogue_completed_once(c)
            step_the_proxy_saw_a_failover(c)
    finally:
        for p in procs:
            await p.kill()
        await _forget_fsm([*early, *late])
