// The demo chat page: a small Telegram-like client over /api (sandbox/web/app.py).
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  bot: null, personas: [], channels: [], persona: null, chat: null,
  version: -1, answers: -1, chatJson: "", data: null, seen: {}, poll: null,
  kbOpen: true, upload: null, cmdIndex: -1,
};

// -- helpers ---------------------------------------------------------------------------
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}
function avatar(node, name, color) {
  node.textContent = initials(name || "?");
  node.style.background = color || "linear-gradient(#72d5fd, #2a9ef1)";
}
function clock(ts) {
  return new Date(ts * 1000).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" });
}
function dayLabel(ts) {
  return new Date(ts * 1000).toLocaleDateString("ru-RU", { day: "numeric", month: "long" });
}
function sizeLabel(b) {
  return b < 1024 ? b + " Б" : (b / 1024 / (b < 1048576 ? 1 : 1024)).toFixed(1) + (b < 1048576 ? " КБ" : " МБ");
}
async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const resp = await fetch(path, options);
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(data.error || resp.statusText);
  return data;
}
function toast(text) {
  const node = el("div", "toast", text);
  $("toasts").appendChild(node);
  setTimeout(() => node.remove(), 3600);
}
function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert").classList.remove("hidden");
  $("alert-ok").focus();
}
const isChannel = (id) => state.channels.some((c) => c.id === id);
const personaById = (id) => state.personas.find((p) => p.id === id);

// -- deep links: t.me/<bot>?start=… opens in the chat as /start … ------------------------
function deepLink(url) {
  const match = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z0-9_]+)(?:\?(.*))?$/.exec(url);
  if (!match || !state.bot || match[1].toLowerCase() !== state.bot.username.toLowerCase()) {
    return null;
  }
  const params = new URLSearchParams(match[2] || "");
  return params.has("start") ? "/start " + params.get("start") : "/start";
}
function openUrl(url) {
  const command = deepLink(url);
  if (command !== null) {
    openChat(state.persona.id);
    sendText(command);
  } else {
    window.open(url, "_blank", "noopener");
  }
}

// -- personas --------------------------------------------------------------------------
const ROLE = { admin: "админ", moderator: "модератор" };
function renderPersonas() {
  const list = $("persona-list");
  list.replaceChildren();
  for (const p of state.personas) {
    const row = el("div", "persona" + (state.persona && p.id === state.persona.id ? " current" : ""));
    row.dataset.persona = p.id;
    const av = el("div", "avatar");
    avatar(av, p.name, p.color);
    const text = el("div", "me-text");
    const name = el("div", "me-name", p.name);
    if (ROLE[p.role]) name.appendChild(el("span", "persona-role", ROLE[p.role]));
    text.append(name, el("div", "me-about", p.about || "участник"));
    row.append(av, text);
    row.onclick = () => { choosePersona(p.id); $("personas").classList.add("hidden"); };
    list.appendChild(row);
  }
}
function choosePersona(id) {
  const p = personaById(id);
  if (!p) return;
  state.persona = p;
  $("toasts").replaceChildren(); // answers to someone else's presses are not yours
  localStorage.setItem("demo-persona", String(id));
  avatar($("me-avatar"), p.name, p.color);
  $("me-name").textContent = p.name;
  $("me-about").textContent = p.about || "участник";
  renderPersonas();
  openChat(p.id);
}

// -- chats -----------------------------------------------------------------------------
function chatTitle(id) {
  const channel = state.channels.find((c) => c.id === id);
  return channel ? channel.title : state.bot.name;
}
function renderChats(previews) {
  const box = $("chats");
  box.replaceChildren();
  const seen = state.seen[state.persona.id] || {};
  for (const c of previews) {
    const item = el("div", "chat-item" + (c.id === state.chat ? " active" : ""));
    item.dataset.chat = c.id;
    item.dataset.testid = isChannel(c.id) ? "chat-channel" : "chat-bot";
    const av = el("div", "avatar");
    avatar(av, chatTitle(c.id), isChannel(c.id) ? "linear-gradient(#ffbf6b, #f08e3c)" : "");
    const main = el("div", "chat-main");
    const top = el("div", "chat-top");
    top.append(el("div", "chat-title", (isChannel(c.id) ? "📢 " : "🤖 ") + chatTitle(c.id)),
      el("div", "chat-time", c.date ? clock(c.date) : ""));
    const bottom = el("div", "chat-top");
    bottom.append(el("div", "chat-preview", c.last || (isChannel(c.id) ? "канал" : "бот")));
    const unread = c.count - (seen[c.id] || 0);
    if (c.id !== state.chat && unread > 0) bottom.append(el("span", "badge live", String(unread)));
    main.append(top, bottom);
    item.append(av, main);
    item.onclick = () => openChat(c.id);
    box.appendChild(item);
  }
}
function openChat(id) {
  state.chat = id;
  state.chatJson = "";
  state.kbSig = "";
  const channel = isChannel(id);
  avatar($("chat-avatar"), chatTitle(id), channel ? "linear-gradient(#ffbf6b, #f08e3c)" : "");
  $("chat-name").textContent = chatTitle(id);
  $("compose-row").classList.toggle("hidden", channel);
  $("channel-note").classList.toggle("hidden", !channel);
  $("commands").classList.add("hidden");
  restartPoll();
}

// -- messages --------------------------------------------------------------------------
function fileBlock(msg) {
  const f = msg.file;
  if (msg.kind === "photo") {
    const img = el("img", "photo");
    img.src = f.url;
    img.alt = f.name;
    // The picture arrives after the list is drawn: keep a chat read to the end at its end.
    img.onload = () => { if (state.stick) $("messages").scrollTop = $("messages").scrollHeight; };
    img.onclick = () => window.open(f.url, "_blank", "noopener");
    return img;
  }
  const box = el("div", "file");
  const ext = (f.name.split(".").pop() || "файл").slice(0, 4).toUpperCase();
  const icon = el("a", "file-icon", ext);
  icon.href = f.url + "?download=1";
  icon.setAttribute("download", f.name);
  const info = el("div");
  const name = el("a", "file-name", f.name);
  name.href = f.url;
  name.target = "_blank";
  name.dataset.testid = "file-open";
  const sub = el("div", "file-sub", sizeLabel(f.size));
  const dl = el("a", "", "Скачать");
  dl.href = f.url + "?download=1";
  dl.setAttribute("download", f.name);
  dl.dataset.testid = "file-download";
  sub.appendChild(dl);
  info.append(name, sub);
  box.append(icon, info);
  return box;
}
function inlineKeyboard(msg) {
  const kb = el("div", "inline-kb");
  msg.inline.forEach((row, r) => {
    const line = el("div", "inline-row");
    row.forEach((button, c) => {
      const b = el("button", "inline-btn", button.text);
      b.dataset.testid = "inline-button";
      if (button.url) b.appendChild(el("span", "url-mark", "↗"));
      b.onclick = () => press(msg.id, r, c, b);
      line.appendChild(b);
    });
    kb.appendChild(line);
  });
  return kb;
}
function messageNode(msg, channel) {
  const wrap = el("div", "msg " + (msg.from_bot ? "in" : "out"));
  wrap.dataset.id = msg.id;
  wrap.dataset.testid = msg.from_bot ? "bot-message" : "my-message";
  const bubble = el("div", "bubble");
  if (channel) bubble.appendChild(el("div", "sender", chatTitle(state.chat)));
  if (msg.reply_to) bubble.appendChild(el("div", "reply-to", msg.reply_to.text));
  if (msg.file) bubble.appendChild(fileBlock(msg));
  const body = el("span", "text");
  body.innerHTML = msg.html; // built by sandbox/web/render.py from entities, escaped
  if (!msg.html && msg.extra) body.textContent = msg.extra;
  bubble.appendChild(body);
  const meta = el("span", "meta", (msg.edited ? "изменено " : "") + clock(msg.date));
  bubble.appendChild(meta);
  wrap.appendChild(bubble);
  if (msg.inline.length) wrap.appendChild(inlineKeyboard(msg));
  return wrap;
}
function renderMessages(chat) {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const before = new Map([...box.querySelectorAll(".msg")].map((n) => [n.dataset.id, n.dataset.sig]));
  box.replaceChildren();
  if (!chat.messages.length) {
    const hint = isChannel(chat.id)
      ? "В канале пока пусто: здесь появятся анонсы мероприятий."
      : "Напишите боту /start или нажмите «☰ Меню».";
    box.appendChild(el("div", "empty", hint));
  }
  let lastDay = "";
  for (const msg of chat.messages) {
    const day = dayLabel(msg.date);
    if (day !== lastDay) { box.appendChild(el("div", "day", day)); lastDay = day; }
    const node = messageNode(msg, isChannel(chat.id));
    node.dataset.sig = msg.html + JSON.stringify(msg.inline);
    const old = before.get(String(msg.id));
    if (old !== undefined && old !== node.dataset.sig) node.classList.add("flash");
    box.appendChild(node);
  }
  if (atBottom || state.jump) box.scrollTop = box.scrollHeight;
  state.stick = atBottom || state.jump;
  state.jump = false;
}
function renderKeyboard(chat) {
  const kb = $("reply-kb");
  kb.replaceChildren();
  const has = !!chat.keyboard && !isChannel(chat.id);
  const sig = JSON.stringify(chat.keyboard);
  if (sig !== state.kbSig) { state.kbSig = sig; state.kbOpen = true; } // a new keyboard shows
  $("kb-btn").classList.toggle("hidden", !has);
  $("kb-btn").classList.toggle("on", has && state.kbOpen);
  kb.classList.toggle("hidden", !has || !state.kbOpen);
  $("input").placeholder = chat.placeholder || "Сообщение";
  if (!has) return;
  for (const row of chat.keyboard.rows) {
    const line = el("div", "reply-row");
    for (const button of row) {
      const b = el("button", "reply-btn", (button.contact ? "📱 " : "") + button.text);
      b.dataset.testid = "reply-button";
      b.onclick = () => {
        if (chat.keyboard.one_time) { state.kbOpen = false; renderKeyboard(chat); }
        sendText(button.text, true);
      };
      line.appendChild(b);
    }
    kb.appendChild(line);
  }
}
function renderStatus(chat) {
  const status = $("chat-status");
  status.classList.toggle("typing", chat.typing);
  if (chat.typing) status.textContent = "печатает…";
  else if (isChannel(chat.id)) status.textContent = "канал";
  else status.textContent = "бот · @" + state.bot.username;
}
function render(data) {
  state.data = data;
  const seen = (state.seen[state.persona.id] = state.seen[state.persona.id] || {});
  seen[data.chat.id] = data.chat.messages.length;
  renderChats(data.chats.map((c) => (c.id === data.chat.id ? { ...c, count: seen[c.id] } : c)));
  const json = JSON.stringify(data.chat);
  if (json !== state.chatJson) {
    state.chatJson = json;
    renderMessages(data.chat);
    renderKeyboard(data.chat);
  }
  renderStatus(data.chat);
  state.commands = data.commands;
  for (const answer of data.answers) {
    if (answer.url) openUrl(answer.url);
    if (answer.text) (answer.alert ? showAlert : toast)(answer.text);
  }
  state.answers = data.answers_seen;
}

// -- the long poll ---------------------------------------------------------------------
function restartPoll() {
  if (state.poll) state.poll.abort();
  state.version = -1;
  state.jump = true;
  const controller = new AbortController();
  state.poll = controller;
  loop(controller);
}
async function loop(controller) {
  while (!controller.signal.aborted) {
    const q = new URLSearchParams({
      persona: state.persona.id, chat: state.chat, version: state.version,
    });
    if (state.answers >= 0) q.set("answers", state.answers);
    try {
      const resp = await fetch("/api/poll?" + q, { signal: controller.signal });
      if (!resp.ok) throw new Error(resp.statusText);
      const data = await resp.json();
      if (controller.signal.aborted) return;
      state.version = data.version;
      render(data);
    } catch (err) {
      if (controller.signal.aborted) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

// -- actions ---------------------------------------------------------------------------
async function sendText(text, replyButton) {
  if (!text.trim()) return;
  state.jump = true;
  try {
    await api("/api/send", { persona: state.persona.id, text, reply_button: !!replyButton });
  } catch (err) { toast("Не отправлено: " + err.message); }
}
async function press(messageId, row, col, button) {
  button.classList.add("pressed");
  try {
    const data = await api("/api/press", {
      persona: state.persona.id, chat: state.chat, message: messageId, row, col,
    });
    if (data.url) openUrl(data.url);
  } catch (err) { toast(err.message); }
  setTimeout(() => button.classList.remove("pressed"), 600);
}
function submitInput() {
  const input = $("input");
  const text = input.value;
  input.value = "";
  autosize();
  $("commands").classList.add("hidden");
  sendText(text);
}
function autosize() {
  const input = $("input");
  input.style.height = "auto";
  input.style.height = Math.min(input.scrollHeight, 160) + "px";
}

// -- the command menu ------------------------------------------------------------------
function showCommands(filter) {
  const box = $("commands");
  const list = (state.commands || []).filter((c) => ("/" + c.command).startsWith(filter || "/"));
  box.replaceChildren();
  if (!list.length) { box.classList.add("hidden"); return; }
  list.forEach((c, i) => {
    const row = el("div", "command" + (i === state.cmdIndex ? " sel" : ""));
    row.dataset.testid = "command";
    row.append(el("b", "", "/" + c.command), el("span", "", c.description));
    row.onclick = () => { box.classList.add("hidden"); $("input").value = ""; sendText("/" + c.command); };
    box.appendChild(row);
  });
  box.classList.remove("hidden");
}

// -- uploads ---------------------------------------------------------------------------
function pickFile(kind) {
  $("attach-menu").classList.add("hidden");
  const input = kind === "photo" ? $("file-photo") : $("file-doc");
  input.value = "";
  input.onchange = () => {
    if (!input.files.length) return;
    state.upload = { kind, file: input.files[0] };
    $("upload-title").textContent = kind === "photo" ? "Отправить фото" : "Отправить файл";
    $("upload-name").textContent = input.files[0].name + " · " + sizeLabel(input.files[0].size);
    $("upload-form").reset();
    $("upload").classList.remove("hidden");
  };
  input.click();
}
async function sendUpload(event) {
  event.preventDefault();
  const { kind, file } = state.upload;
  const form = new FormData();
  form.append("persona", state.persona.id);
  form.append("kind", kind);
  form.append("caption", new FormData($("upload-form")).get("caption") || "");
  form.append("file", file, file.name);
  $("upload").classList.add("hidden");
  state.jump = true;
  const resp = await fetch("/api/upload", { method: "POST", body: form });
  if (!resp.ok) toast("Файл не отправлен");
}

async function sendSample(name) {
  $("attach-menu").classList.add("hidden");
  $("commands").classList.add("hidden");
  const caption = $("input").value.trim();
  $("input").value = "";
  state.jump = true;
  try {
    await api("/api/sample", { persona: state.persona.id, name, caption });
  } catch (err) { toast("Файл не отправлен: " + err.message); }
}

// -- start -----------------------------------------------------------------------------
function wire() {
  $("me").onclick = () => $("personas").classList.toggle("hidden");
  $("persona-new").onclick = () => {
    $("personas").classList.add("hidden");
    $("new-persona-form").reset();
    $("new-persona").classList.remove("hidden");
    $("new-persona-form").elements.first_name.focus();
  };
  $("new-persona-cancel").onclick = () => $("new-persona").classList.add("hidden");
  $("new-persona-form").onsubmit = async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    try {
      const persona = await api("/api/personas", data);
      state.personas.push(persona);
      $("new-persona").classList.add("hidden");
      choosePersona(persona.id);
    } catch (err) { toast(err.message); }
  };
  $("alert-ok").onclick = () => $("alert").classList.add("hidden");
  $("send-btn").onclick = submitInput;
  $("menu-btn").onclick = () => {
    const box = $("commands");
    if (box.classList.contains("hidden")) showCommands("/"); else box.classList.add("hidden");
  };
  $("kb-btn").onclick = () => {
    state.kbOpen = !state.kbOpen;
    if (state.data) renderKeyboard(state.data.chat);
  };
  $("attach-btn").onclick = () => {
    $("commands").classList.add("hidden");
    $("attach-menu").classList.toggle("hidden");
  };
  $("attach-photo").onclick = () => pickFile("photo");
  $("attach-file").onclick = () => pickFile("document");
  $("upload-cancel").onclick = () => $("upload").classList.add("hidden");
  $("upload-form").onsubmit = sendUpload;
  const input = $("input");
  input.addEventListener("input", () => {
    autosize();
    state.cmdIndex = -1;
    if (/^\/\S*$/.test(input.value)) showCommands(input.value);
    else $("commands").classList.add("hidden");
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); submitInput(); }
    if (event.key === "Escape") $("commands").classList.add("hidden");
  });
  $("messages").addEventListener("scroll", () => {
    const box = $("messages");
    state.stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  });
  $("messages").addEventListener("click", (event) => {
    const link = event.target.closest("a");
    const spoiler = event.target.closest(".spoiler");
    if (spoiler) spoiler.classList.add("open");
    if (!link) return;
    if (link.classList.contains("cmd")) {
      event.preventDefault();
      sendText(link.dataset.cmd);
    } else if (deepLink(link.href) !== null) {
      event.preventDefault();
      openUrl(link.href);
    }
  });
}
async function start() {
  wire();
  const boot = await api("/api/bootstrap");
  state.bot = boot.bot;
  state.personas = boot.personas;
  state.channels = boot.channels;
  $("attach-note").classList.toggle("hidden", !(boot.samples || []).length);
  for (const name of boot.samples || []) {
    const b = el("button", "", "📜 " + name);
    b.title = "Образец: отправить этот файл боту";
    b.dataset.testid = "attach-sample";
    b.onclick = () => sendSample(name);
    $("attach-menu").appendChild(b);
  }
  document.title = boot.bot.name + " — демо";
  const params = new URLSearchParams(location.search);
  const wanted = Number(params.get("persona") || localStorage.getItem("demo-persona"));
  choosePersona(personaById(wanted) ? wanted : state.personas[0].id);
  if (params.has("start")) {
    sendText("/start " + params.get("start"));
    history.replaceState(null, "", location.pathname);
  }
}
start();
