// The judge's tablet: marks are kept in the browser until the server confirms them.
//
// Every mark typed is written to localStorage first (it survives a reload, a closed
// browser and a flat battery), then sent in batches to the JSON API
// (POST /contests/{id}/events/{event}/marks) with an Idempotency-Key per batch. A batch is
// frozen, key and all, before its first send, so a retry after a dropped connection sends
// the very same request and the server answers it once. The page shows each mark as
// pending (待上传), confirmed (已确认) or refused (被拒绝, with the API's own rule).
//
// After a measured value (tolerance, grades, time) is typed, the computed mark and its working
// come from the server (GET …/aspects/{aspect}/preview, the engine's own arithmetic) and show
// beside the field; offline, nothing computed is shown and the value stays queued.
//
// The bearer token for the API comes from POST /session/token (session cookie + CSRF
// header) and is kept in memory only. A service worker (/tablet/sw.js) keeps the page and
// its files, so the sheet opens again without Wi-Fi.

const root = document.getElementById("sheet");
const text = document.getElementById("tablet-text").dataset;
let csrf = document.querySelector('meta[name="csrf-token"]').content;
const cfg = root.dataset;
const storeKey = ["biwu.tablet.v1", cfg.username, cfg.contest, cfg.event, cfg.module].join("|");
const RETRY_MS = [1000, 2000, 5000, 10000, 20000];
const FLUSH_MS = 600;

let state = load();
let token = null;
let sending = false;
let failures = 0;
let retryTimer = null;
let flushTimer = null;
let stopped = null; // a reason the queue cannot go on (signed out, not allowed)

// ---------------------------------------------------------------- storage

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (saved && saved.cells && Array.isArray(saved.queue)) return saved;
  } catch (_) {
    /* unreadable: start empty, the server's marks are on the page */
  }
  return { cells: {}, queue: [] };
}

function save() {
  localStorage.setItem(storeKey, JSON.stringify(state));
}

const cellKey = (code, aspect) => `${code}|${aspect}`;

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------- values

// Python's format(value, "g"), as the API writes the value in its refusal message.
function formatG(value) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential(5).split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    const e = Number(exp);
    return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exponent));
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

// The instant check, with the bounds and the API's message the page carries per aspect.
function refusal(cell, raw) {
  const d = cell.dataset;
  const value = Number(raw);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw.trim())) return text.notANumber;
  const low = d.low === "" ? null : Number(d.low);
  const high = d.high === "" ? null : Number(d.high);
  const bad = (low !== null && value < low) || (high !== null && value > high) || (d.whole === "1" && !Number.isInteger(value));
  return bad && d.refusal ? d.refusal.replace("{value}", formatG(value)) : null;
}

const sameValue = (a, b) => a !== "" && b !== "" && a !== undefined && b !== undefined && Number(a) === Number(b);

// ---------------------------------------------------------------- the page

const cells = () => root.querySelectorAll(".cell");
const findCell = (code, aspect) => root.querySelector(`.cell[data-code="${CSS.escape(code)}"][data-aspect="${CSS.escape(aspect)}"]`);

function show(cell) {
  const entry = state.cells[cellKey(cell.dataset.code, cell.dataset.aspect)];
  const status = entry ? entry.status : cell.dataset.confirmed !== "" ? "confirmed" : "";
  const value = entry ? entry.value : cell.dataset.confirmed;
  cell.classList.remove("is-pending", "is-sending", "is-confirmed", "is-refused", "is-draft", "is-invalid");
  if (status) cell.classList.add(`is-${status}`);
  cell.querySelector(".state").textContent = status ? text[status] || "" : "";
  cell.querySelector(".error").textContent = entry && (entry.status === "refused" || entry.status === "draft") ? entry.rule || "" : "";
  const input = cell.querySelector("input.value");
  if (input && document.activeElement !== input) input.value = value ?? "";
  for (const button of cell.querySelectorAll(".level")) button.classList.toggle("chosen", sameValue(button.dataset.value, value));
  const reason = cell.querySelector(".reason");
  const needsReason = entry && entry.correction;
  reason.hidden = !needsReason;
  if (needsReason && document.activeElement !== reason) reason.value = entry.reason || "";
}

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));

function summarise() {
  const counts = { confirmed: 0, pending: 0, refused: 0, owed: 0 };
  for (const details of root.querySelectorAll("details.competitor")) {
    const mine = { pending: 0, refused: 0, owed: 0 };
    for (const cell of details.querySelectorAll(".cell")) {
      const entry = state.cells[cellKey(cell.dataset.code, cell.dataset.aspect)];
      const status = entry ? entry.status : cell.dataset.confirmed !== "" ? "confirmed" : "";
      if (status === "confirmed") counts.confirmed += 1;
      else if (status === "refused") (counts.refused += 1), (mine.refused += 1);
      else if (status) (counts.pending += 1), (mine.pending += 1);
      if (cell.dataset.expected === "1" && status !== "confirmed" && cell.dataset.confirmed === "") (counts.owed += 1), (mine.owed += 1);
    }
    const badge = details.querySelector("[data-counts]");
    if (badge) badge.textContent = fill(text.rowSummary, mine);
  }
  const status = document.getElementById("status");
  const online = navigator.onLine && failures === 0;
  status.textContent = `${online ? text.online : text.offline} — ${fill(text.summary, counts)}`;
  status.classList.toggle("offline", !online);
  status.dataset.pending = String(counts.pending);
  status.dataset.refused = String(counts.refused);
  status.dataset.owed = String(counts.owed);
  document.getElementById("sign-off").disabled = cfg.locked === "1";
}

function render() {
  cells().forEach(show);
  summarise();
}

function banner(message) {
  const element = document.getElementById("banner");
  element.textContent = message || "";
  element.hidden = !message;
}

// ---------------------------------------------------------------- typing a mark

function typed(cell, raw) {
  const key = cellKey(cell.dataset.code, cell.dataset.aspect);
  computed(cell, "");
  if (raw.trim() === "") return show(cell); // a cleared field deletes nothing: marks are only ever added
  const why = refusal(cell, raw);
  cell.classList.toggle("is-invalid", Boolean(why));
  cell.querySelector(".error").textContent = why || "";
  if (why) return; // refused on the spot: nothing is stored or sent
  const value = String(Number(raw.trim()));
  preview(cell, raw.trim());
  const confirmed = cell.dataset.confirmed;
  const entry = state.cells[key];
  if (sameValue(value, confirmed) && (!entry || entry.status !== "pending")) {
    delete state.cells[key]; // back to what the server holds: nothing to send
  } else {
    const correction = confirmed !== "" && !sameValue(value, confirmed);
    const reason = entry && entry.correction ? entry.reason || "" : "";
    state.cells[key] = { value, status: correction && !reason ? "draft" : "pending", correction, reason, batch: null };
  }
  save();
  show(cell);
  summarise();
  scheduleFlush();
}

function reasonTyped(cell, reason) {
  const entry = state.cells[cellKey(cell.dataset.code, cell.dataset.aspect)];
  if (!entry || !entry.correction || entry.batch) return;
  entry.reason = reason.trim();
  entry.status = entry.reason ? "pending" : "draft";
  entry.rule = entry.reason ? "" : entry.rule;
  save();
  show(cell);
  summarise();
  scheduleFlush();
}

// ---------------------------------------------------------------- the computed mark

const asked = new WeakMap(); // cell → the number of its latest question: an older answer is dropped

function computed(cell, message) {
  const out = cell.querySelector(".computed");
  if (out) out.textContent = message;
}

// The server computes; the page only fills the numbers into its sentence (formatted like the
// engine's working). No answer (offline, refused, signed out): nothing computed is shown.
async function preview(cell, value) {
  if (!cell.dataset.previewUrl || !navigator.onLine) return;
  const ask = (asked.get(cell) || 0) + 1;
  asked.set(cell, ask);
  try {
    const url = `${cell.dataset.previewUrl}?value=${encodeURIComponent(value)}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${await bearer()}` } });
    if (response.status === 401) token = null;
    if (response.ok && asked.get(cell) === ask) computed(cell, working(await response.json()));
  } catch (_) {
    /* no answer: the value is queued as before, only the preview is missing */
  }
}

function working(p) {
  const values = { value: p.value, awarded: formatG(p.awarded), excess: formatG(p.excess), steps: formatG(p.steps) };
  Object.assign(values, { per: formatG(p.per_step), deduction: formatG(p.deduction) });
  const full = p.excess === 0 && p.deduction === 0;
  const sentence = { tolerance: text.computedTolerance, grades: text.computedGrades, time: text.computedTime }[p.rule];
  return fill(full || !sentence ? text.computedFull : sentence, values);
}

// ---------------------------------------------------------------- batches

function scheduleFlush() {
  clearTimeout(flushTimer);
  flushTimer = setTimeout(flush, FLUSH_MS);
}

// Freeze every ready mark into a new batch (stored before it is sent), then send.
function flush() {
  const marks = [];
  const batchKey = newKey();
  for (const [key, entry] of Object.entries(state.cells)) {
    if (entry.status !== "pending" || entry.batch) continue;
    const [code, aspect] = key.split("|");
    const mark = { module_id: cfg.module, blind_code: code, aspect_id: aspect, value: entry.value };
    if (entry.correction) mark.reason = entry.reason;
    marks.push(mark);
    entry.batch = batchKey;
  }
  if (marks.length) {
    state.queue.push({ key: batchKey, marks }); // one sheet is far below the API's 10,000 marks a batch
    save();
  }
  pump();
}

async function bearer() {
  if (token) return token;
  let response = await askToken();
  if (response.status === 403 && (await refreshCsrf())) response = await askToken();
  if (response.status === 401 || response.status === 403) throw new Stop(text.signInAgain);
  if (!response.ok) throw new Error(`token: ${response.status}`);
  token = (await response.json()).access_token;
  return token;
}

const askToken = () => fetch(cfg.tokenUrl, { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });

// A page kept for offline use may carry the token of a CSRF cookie the browser has since
// dropped (it lasts one browser session): a fresh copy of the page brings the current one.
async function refreshCsrf() {
  const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
  const found = response.ok && /<meta name="csrf-token" content="([^"]+)">/.exec(await response.text());
  if (found) csrf = found[1];
  return Boolean(found);
}

class Stop extends Error {}

async function pump() {
  if (sending || stopped || !state.queue.length) return;
  sending = true;
  clearTimeout(retryTimer);
  try {
    while (state.queue.length && !stopped) {
      await send(state.queue[0]);
      failures = 0;
    }
  } catch (error) {
    if (error instanceof Stop) {
      stopped = error.message;
      banner(error.message);
    } else {
      failures += 1; // no answer: keep the batch, same key, and try again later
      retryTimer = setTimeout(pump, RETRY_MS[Math.min(failures - 1, RETRY_MS.length - 1)]);
    }
  } finally {
    sending = false;
    render();
  }
}

async function send(batch) {
  for (const m of batch.marks) state.cells[cellKey(m.blind_code, m.aspect_id)].status = "sending";
  render();
  const response = await fetch(cfg.marksUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${await bearer()}`, "Idempotency-Key": batch.key },
    body: JSON.stringify({ marks: batch.marks }),
  });
  if (response.status === 401) {
    token = null; // expired or signed out elsewhere: a new token, then the same batch again
    throw new Error("401");
  }
  if (response.ok) return confirm(batch, await response.json());
  if (response.status === 409 || response.status === 400 || response.status === 404) return refuse(batch, await response.json());
  if (response.status === 403) throw new Stop((await response.json()).detail || String(response.status));
  throw new Error(String(response.status)); // 5xx, 429, 503: keep the batch and retry it
}

function confirm(batch, answer) {
  for (const outcome of answer.marks) {
    const key = cellKey(outcome.blind_code, outcome.aspect_id);
    const entry = state.cells[key];
    const cell = findCell(outcome.blind_code, outcome.aspect_id);
    if (cell) {
      cell.dataset.confirmed = String(outcome.value);
      cell.dataset.version = String(outcome.version);
    }
    if (entry && entry.batch === batch.key) {
      state.cells[key] = { value: String(outcome.value), status: "confirmed", version: outcome.version, batch: null };
    }
  }
  dropBatch(batch);
}

// A refused batch stored nothing (all or nothing): the marks it names are refused with the
// API's rule; the others go back to the queue in a new batch.
function refuse(batch, problem) {
  const named = new Map();
  const reasons = new Set();
  const general = [];
  for (const item of problem.errors || []) {
    const match = /^marks\[(\d+)\](\.reason)?/.exec(item.path || "");
    if (match) named.set(Number(match[1]), item.rule);
    if (match && match[2]) reasons.add(Number(match[1]));
    if (!match) general.push(item.rule);
  }
  batch.marks.forEach((m, index) => {
    const entry = state.cells[cellKey(m.blind_code, m.aspect_id)];
    if (!entry || entry.batch !== batch.key) return;
    const rule = named.get(index) || (named.size ? null : general.join("; ") || problem.detail);
    entry.batch = null;
    if (rule && reasons.has(index)) Object.assign(entry, { status: "draft", correction: true, reason: "", rule }); // the server holds a newer mark
    else if (rule) Object.assign(entry, { status: "refused", rule });
    else entry.status = "pending";
  });
  dropBatch(batch);
  scheduleFlush();
}

// A confirmed mark stays in storage until a page from the server shows it (adoptServerMarks):
// a page kept for offline use may be older than the marks confirmed since.
function dropBatch(batch) {
  state.queue = state.queue.filter((b) => b.key !== batch.key);
  save();
}

// ---------------------------------------------------------------- sign-off

async function signOff() {
  const error = document.getElementById("sign-off-error");
  error.textContent = "";
  const status = document.getElementById("status").dataset;
  if (status.pending !== "0" || status.refused !== "0" || status.owed !== "0") {
    error.textContent = text.signOffBlocked;
    return;
  }
  try {
    const response = await fetch(cfg.signOffUrl, { method: "POST", headers: { Authorization: `Bearer ${await bearer()}` } });
    const answer = await response.json();
    if (response.ok) {
      const at = new Intl.DateTimeFormat(cfg.lang === "en" ? "en" : "zh-CN", { dateStyle: "medium", timeStyle: "medium", timeZone: "Asia/Shanghai" });
      document.getElementById("signed-state").textContent = `${text.signed} ${at.format(new Date(answer.signed_at))}`;
      cfg.signed = "1";
    } else {
      if (response.status === 401) token = null;
      error.textContent = (answer.errors || []).map((e) => e.rule).join("; ") || answer.detail;
    }
  } catch (e) {
    error.textContent = e instanceof Stop ? e.message : text.offline;
  }
}

// ---------------------------------------------------------------- wiring

function adoptServerMarks() {
  // The page holds the server's current marks; a mark confirmed here that the page already
  // shows needs no local copy (a cached page may be older: then the local copy stays).
  for (const [key, entry] of Object.entries(state.cells)) {
    const cell = findCell(...key.split("|"));
    if (!cell) continue;
    if (entry.status === "confirmed" && Number(cell.dataset.version) >= (entry.version || 0)) delete state.cells[key];
    else if (entry.status === "confirmed") Object.assign(cell.dataset, { confirmed: entry.value, version: String(entry.version) });
    else if (entry.status === "sending") entry.status = "pending"; // the page closed mid-send: the batch is resent with its key
  }
  save();
}

root.addEventListener("click", (event) => {
  const button = event.target.closest(".level");
  if (button && !button.disabled) typed(button.closest(".cell"), button.dataset.value);
  if (event.target.closest("#sign-off")) signOff();
});
root.addEventListener("change", (event) => {
  if (event.target.matches("input.value")) typed(event.target.closest(".cell"), event.target.value);
  if (event.target.matches("input.reason")) reasonTyped(event.target.closest(".cell"), event.target.value);
});
root.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("input.value, input.reason")) event.target.blur();
});
window.addEventListener("online", () => {
  failures = 0;
  pump();
});
window.addEventListener("offline", summarise);
window.addEventListener("storage", (event) => {
  if (event.key === storeKey) (state = load()), render(); // the same sheet open in another tab
});
document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && pump());

// Keep this page for a reload without network: the service worker answers later visits,
// but the visit that installed it went past it, so the page stores itself once.
async function keepForOffline() {
  if (!("serviceWorker" in navigator) || !window.caches) return; // plain-HTTP LAN: no worker, marks still kept
  await navigator.serviceWorker.register("/tablet/sw.js", { scope: "/tablet/" });
  await navigator.serviceWorker.ready;
  const cache = await caches.open("biwu-tablet-v1");
  if (!(await cache.match(location.href))) await cache.add(location.href);
  root.dataset.kept = "1";
}
keepForOffline().catch(() => {});

adoptServerMarks();
render();
root.dataset.ready = "1"; // for the browser tests: the script has restored the stored marks
flush();
setInterval(pump, 15000); // a batch whose retry timer was lost (sleep, suspended tab) goes again
