// Keyboard shortcuts for the agent interface. Pages work without this file; it only adds
// moves: j/k walk the ticket list, o or Enter opens the selected ticket, / searches, r writes
// a reply, n writes a note, g then t goes to the ticket list.
const typing = (element) => element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

let selected = -1;
let pendingG = false;

function rows() {
  return Array.from(document.querySelectorAll("tr[data-row]"));
}

function select(index) {
  const all = rows();
  if (all.length === 0) return;
  selected = Math.max(0, Math.min(all.length - 1, index));
  all.forEach((row, i) => row.classList.toggle("selected", i === selected));
  all[selected].querySelector("a")?.focus();
}

function focusComposer(kind) {
  const box = document.getElementById("reply-body");
  if (!box) return;
  const radio = document.getElementById(kind === "note" ? "kind-note" : "kind-reply");
  if (radio) radio.checked = true;
  box.focus();
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (typing(document.activeElement)) {
    if (event.key === "Escape") document.activeElement.blur();
    return;
  }
  if (pendingG) {
    pendingG = false;
    if (event.key === "t") { window.location.href = "/agent/tickets"; event.preventDefault(); }
    return;
  }
  switch (event.key) {
    case "j": select(selected + 1); break;
    case "k": select(selected - 1); break;
    case "o":
    case "Enter": {
      const link = rows()[selected]?.querySelector("a");
      if (link) window.location.href = link.href; else return;
      break;
    }
    case "/": document.querySelector("[data-shortcut='/']")?.focus(); break;
    case "r": focusComposer("reply"); break;
    case "n": focusComposer("note"); break;
    case "g": pendingG = true; break;
    default: return;
  }
  event.preventDefault();
});

// Live updates: the page listens on /agent/live. A change to the ticket on screen reloads its
// thread and properties in place (not the reply being written); a change elsewhere refreshes
// the list at most every few seconds; notifications appear at the top. Closed sockets
// reconnect with growing pauses. Server HTML is parsed, never injected as text.
const live = document.body.dataset.live;

async function fetchPage() {
  const response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) return null;
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

function swap(fresh, selector) {
  const current = document.querySelector(selector);
  const next = fresh.querySelector(selector);
  if (current && next && !current.contains(document.activeElement)) current.replaceWith(document.importNode(next, true));
}

let listTimer = null;
async function refresh(ref) {
  const article = document.querySelector("[data-ticket-ref]");
  if (article && article.tagName === "ARTICLE") {
    if (article.dataset.ticketRef !== String(ref)) return;
    const fresh = await fetchPage();
    if (!fresh) return;
    swap(fresh, "#messages");
    swap(fresh, ".properties");
    return;
  }
  if (!document.getElementById("ticket-table") && !document.getElementById("no-tickets")) return;
  if (listTimer) return;
  listTimer = setTimeout(async () => {
    listTimer = null;
    const fresh = await fetchPage();
    if (!fresh) return;
    swap(fresh, ".queues");
    swap(fresh, ".list");
    selected = -1;
  }, 3000);
}

function notify(text, href) {
  const region = document.getElementById("live-notifications");
  if (!region) return;
  const link = document.createElement("a");
  link.className = "live-item";
  link.href = href;
  link.textContent = text;
  region.prepend(link);
  while (region.children.length > 5) region.lastElementChild.remove();
}

function connect(delay) {
  const socket = new WebSocket((window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + live);
  socket.addEventListener("open", () => { delay = 1000; document.body.dataset.liveState = "open"; });
  socket.addEventListener("message", (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    if (message.type === "notification") notify(message.text, message.href);
    else if (message.type === "ticket") refresh(message.ref);
  });
  socket.addEventListener("close", () => {
    document.body.dataset.liveState = "closed";
    setTimeout(() => connect(Math.min(delay * 2, 30000)), delay);
  });
}

if (live && "WebSocket" in window) connect(1000);
