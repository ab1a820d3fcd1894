// The mock's inbox. Every text from the server goes into the page through textContent or
// attribute setters, never as HTML: message bodies are arbitrary and often hostile.
"use strict";

const API = "/_mock/inbox/api/";
const state = {
  account: null,
  view: "messages",
  pages: [],        // page tokens of the pages before the one shown (for "Newest")
  token: null,      // token of the page shown (null: the newest)
  nextToken: null,
  sid: null,
  pair: null,       // [phone, number] of the conversation shown
  threadSize: 50,
  lastRequest: 0,
  busy: false,
  again: false,
};

function $(id) { return document.getElementById(id); }

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) { node.replaceChildren(); return node; }

function statusBadge(status) {
  return el("span", { class: "status " + String(status).replace(/[^a-z_]/g, "") }, status);
}

async function call(path, params, method) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.append(key, value);
  }
  const init = { method: method || "GET", credentials: "same-origin" };
  let url = path;
  if (init.method === "GET") {
    if ([...query].length) url += "?" + query.toString();
  } else {
    init.body = query;
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (error) { data = null; }
  if (!response.ok) {
    const message = data && data.message ? data.message : "HTTP " + response.status;
    throw new Error(message);
  }
  return data;
}

function partyOf(message) {
  // [the other party's number, the account's number]
  return message.direction === "inbound" ? [message.from, message.to] : [message.to, message.from];
}

// Views

function show(view) {
  state.view = view;
  for (const section of document.querySelectorAll(".view")) {
    section.classList.toggle("shown", section.id === "view-" + view);
  }
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("active", link.id === "nav-" + view);
  }
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const name = parts[0] || "messages";
  if (name === "message" && parts[1]) {
    state.sid = parts[1];
    show("message");
  } else if (name === "conversation" && parts[1] && parts[2]) {
    state.pair = [parts[1], parts[2]];
    state.threadSize = 50;
    show("conversation");
  } else if (["messages", "requests", "phone", "controls"].includes(name)) {
    show(name);
  } else {
    show("messages");
  }
  await refresh();
}

async function refresh() {
  if (state.busy) { state.again = true; return; }
  state.busy = true;
  try {
    if (!state.account) await loadAccounts();
    if (state.view === "messages") await loadMessages();
    else if (state.view === "message") await loadDetail();
    else if (state.view === "conversation") await loadConversation();
    else if (state.view === "requests") await loadRequests();
    else if (state.view === "phone") await loadPhone();
  } catch (error) {
    console.warn(error);
  } finally {
    state.busy = false;
    if (state.again) { state.again = false; refresh(); }
  }
}

async function loadAccounts() {
  const data = await call(API + "accounts");
  const select = clear($("account"));
  for (const account of data.accounts) select.append(el("option", { value: account.sid }, account.sid));
  state.account = data.accounts.length ? data.accounts[0].sid : null;
  const statuses = clear($("f-status"));
  statuses.append(el("option", { value: "" }, "any status"));
  for (const status of data.statuses) statuses.append(el("option", { value: status }, status));
  $("faults").value = data.faults;
}

function filters() {
  return {
    AccountSid: state.account,
    Number: $("f-number").value.trim(),
    Status: $("f-status").value,
    Direction: $("f-direction").value,
    Text: $("f-text").value,
  };
}

async function loadMessages() {
  const data = await call(API + "messages", { ...filters(), PageToken: state.token });
  const body = clear($("messages"));
  const numbers = new Set();
  for (const message of data.messages) {
    const open = () => { location.hash = "#/message/" + encodeURIComponent(message.sid); };
    body.append(el("tr", { class: "pick", dataset: { sid: message.sid }, onclick: open },
      el("td", {}, message.date_created),
      el("td", { class: "from" }, message.from),
      el("td", { class: "to" }, message.to),
      el("td", { class: "body", title: message.body }, message.body),
      el("td", {}, message.direction),
      el("td", { class: "status-cell" }, statusBadge(message.status))));
    numbers.add(partyOf(message)[1]);
  }
  state.nextToken = data.next_page_token;
  $("page-older").disabled = !state.nextToken;
  $("page-newest").disabled = !state.token;
  $("page-info").textContent = data.messages.length + " shown" + (state.token ? " (older page)" : "");
  const list = clear($("numbers"));
  for (const number of numbers) if (number) list.append(el("option", { value: number }));
}

function row(name, value) {
  const shown = value === null || value === undefined ? "null"
    : typeof value === "object" ? JSON.stringify(value) : String(value);
  return el("tr", { dataset: { property: name } }, el("th", {}, name), el("td", {}, shown));
}

async function loadDetail() {
  const data = await call(API + "message", { AccountSid: state.account, Sid: state.sid });
  const message = data.resource;
  $("detail-title").textContent = message.sid;
  const [phone, number] = partyOf(message);
  $("to-conversation").href = "#/conversation/" + encodeURIComponent(phone) + "/" + encodeURIComponent(number);
  const props = clear($("detail-props"));
  for (const property of data.properties) {
    const line = row(property.name, message[property.name]);
    line.title = property.description;
    props.append(line);
  }
  const timeline = clear($("detail-timeline"));
  for (const step of data.timeline) {
    timeline.append(el("li", { class: step.reached ? "reached" : "future" },
      statusBadge(step.status), " ", step.at, step.reached ? "" : " (not yet)"));
  }
  const enc = data.encoding;
  const encoding = clear($("detail-encoding"));
  encoding.append(el("dt", {}, "Encoding"), el("dd", { id: "encoding-name" }, enc.name),
    el("dt", {}, "Segments"), el("dd", {}, enc.segments),
    el("dt", {}, "Characters"), el("dd", {}, enc.characters));
  if (enc.forcing_ucs2.length) {
    encoding.append(el("dt", {}, "Forced UCS-2 by"),
      el("dd", { id: "encoding-forcing" }, enc.forcing_ucs2.map((c) => JSON.stringify(c)).join(" ")));
  }
  const media = clear($("detail-media"));
  for (const item of data.media) {
    media.append(el("li", {}, el("code", {}, item.url), " ", item.content_type));
  }
  if (!data.media.length) media.append(el("li", {}, "none"));
  const callbacks = clear($("detail-callbacks"));
  for (const sent of data.callbacks) {
    callbacks.append(el("tr", {},
      el("td", {}, new Date(sent.at * 1000).toLocaleTimeString()),
      el("td", {}, statusBadge(sent.status)),
      el("td", {}, el("code", {}, sent.url)),
      el("td", {}, sent.answer + " in " + sent.duration_ms.toFixed(1) + " ms"),
      el("td", {}, el("code", {}, sent.signature))));
  }
  const phoneEvents = clear($("detail-phone"));
  for (const event of data.phone) phoneEvents.append(phoneNote(event, "span"));
}

function phoneNote(event, tag) {
  const text = event.error
    ? "App at " + event.url + ": " + event.error + " (error " + event.error_code + ", answer " + event.outcome + ")"
    : "Posted to " + event.url + ": answered " + event.outcome + ", " + event.replies.length + " repl" + (event.replies.length === 1 ? "y" : "ies");
  return el(tag, { class: "note" }, text);
}

async function loadConversation() {
  const [phone, number] = state.pair;
  $("thread-title").textContent = phone + " \u2194 " + number;
  const data = await call(API + "conversation",
    { AccountSid: state.account, A: phone, B: number, PageSize: state.threadSize });
  const events = new Map();
  for (const event of data.phone) {
    if (!events.has(event.message_sid)) events.set(event.message_sid, []);
    events.get(event.message_sid).push(event);
  }
  const thread = clear($("thread"));
  for (const message of data.messages.slice().reverse()) {
    const inbound = message.direction === "inbound";
    const open = () => { location.hash = "#/message/" + encodeURIComponent(message.sid); };
    thread.append(el("li", { class: inbound ? "in" : "out", dataset: { sid: message.sid } },
      el("div", { class: "bubble", onclick: open }, message.body),
      el("span", { class: "meta" }, message.date_created + " \u00b7 ", statusBadge(message.status))));
    for (const event of events.get(message.sid) || []) {
      thread.append(el("li", { class: "event" + (event.error ? " error" : "") }, phoneNote(event, "span")));
    }
  }
  $("thread-older").hidden = !data.next_page_token;
}

async function loadRequests() {
  const data = await call(API + "requests", { After: state.lastRequest });
  const body = $("requests");
  for (const entry of data.requests.slice().reverse()) {
    state.lastRequest = Math.max(state.lastRequest, entry.id);
    const note = [entry.fault && "fault: " + entry.fault, entry.note].filter(Boolean).join(" ");
    body.prepend(el("tr", { dataset: { id: entry.id, operation: entry.operation } },
      el("td", {}, entry.id),
      el("td", {}, new Date(entry.at * 1000).toLocaleTimeString()),
      el("td", {}, entry.kind),
      el("td", {}, el("code", {}, entry.method + " " + entry.target)),
      el("td", {}, entry.operation),
      el("td", { class: "outcome" }, entry.outcome),
      el("td", {}, entry.duration_ms.toFixed(1)),
      el("td", { class: note ? "error" : "" }, note)));
  }
  while (body.children.length > 500) body.lastChild.remove();
}

async function loadPhone() {
  const data = await call("/_mock/incoming-url", { AccountSid: state.account });
  if (document.activeElement !== $("incoming-url")) $("incoming-url").value = data.url || "";
}

// Live updates

function onChanged(event) {
  let data = {};
  try { data = JSON.parse(event.data); } catch (error) { return; }
  if (data.reset) { state.lastRequest = 0; clear($("requests")); refresh(); return; }
  const mine = (data.accounts || {})[state.account];
  if (state.view === "requests" && data.requests) { refresh(); return; }
  if (!mine) return;
  const named = [...(mine.messages || []), ...(mine.statuses || []), ...(mine.callbacks || [])];
  if (state.view === "message" && !mine.many && !named.includes(state.sid)) return;
  if (state.view === "messages" || state.view === "message" || state.view === "conversation") refresh();
}

function listen() {
  const source = new EventSource("/_mock/events");
  source.addEventListener("open", () => { $("live").className = "live on"; $("live").textContent = "live"; });
  source.addEventListener("error", () => { $("live").className = "live off"; $("live").textContent = "reconnecting"; });
  source.addEventListener("changed", onChanged);
}

// Forms

function form(id, handler) {
  $(id).addEventListener("submit", async (event) => {
    event.preventDefault();
    try { await handler(); } catch (error) {
      const output = $(id).querySelector("output");
      if (output) { output.textContent = error.message; output.className = "error"; }
    }
  });
}

async function sendFromPhone(from, to, body) {
  const sent = await call("/_mock/inbound", { AccountSid: state.account, From: from, To: to, Body: body }, "POST");
  return sent;
}

function wire() {
  $("account").addEventListener("change", () => { state.account = $("account").value; state.token = null; state.pages = []; refresh(); });
  form("filters", async () => { state.token = null; state.pages = []; await refresh(); });
  $("f-clear").addEventListener("click", () => {
    for (const id of ["f-number", "f-status", "f-direction", "f-text"]) $(id).value = "";
    state.token = null; state.pages = []; refresh();
  });
  $("page-older").addEventListener("click", () => { state.pages.push(state.token); state.token = state.nextToken; refresh(); });
  $("page-newest").addEventListener("click", () => { state.pages = []; state.token = null; refresh(); });
  $("thread-older").addEventListener("click", () => { state.threadSize = Math.min(state.threadSize + 50, 200); refresh(); });
  form("thread-compose", async () => {
    const body = $("thread-body").value;
    await sendFromPhone(state.pair[0], state.pair[1], body);
    $("thread-body").value = "";
  });
  form("phone-form", async () => {
    const from = $("phone-from").value.trim(), to = $("phone-to").value.trim();
    const sent = await sendFromPhone(from, to, $("phone-body").value);
    $("phone-result").textContent = "Sent " + sent.sid;
    $("phone-result").className = "";
    location.hash = "#/conversation/" + encodeURIComponent(from) + "/" + encodeURIComponent(to);
  });
  form("incoming-form", async () => {
    const data = await call("/_mock/incoming-url", { AccountSid: state.account, Url: $("incoming-url").value.trim() }, "POST");
    $("incoming-result").textContent = data.url ? "Incoming messages go to " + data.url : "No incoming-message URL";
    $("incoming-result").className = "";
  });
  form("clock-form", async () => {
    const data = await call("/_mock/clock/advance", { seconds: $("clock-seconds").value }, "POST");
    $("clock-result").textContent = "Mock time: " + data.now; $("clock-result").className = "";
  });
  form("faults-form", async () => {
    const data = await call("/_mock/faults", { faults: $("faults").value }, "POST");
    $("faults-result").textContent = "Faults: " + (data.faults || "none"); $("faults-result").className = "";
  });
  form("reset-form", async () => {
    await call("/_mock/reset", {}, "POST");
    $("reset-result").textContent = "Reset done"; $("reset-result").className = "";
  });
  window.addEventListener("hashchange", route);
}

wire();
listen();
route();
