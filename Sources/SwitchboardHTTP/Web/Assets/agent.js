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
