// The site's search: a modal dialog over Pagefind's index of the lessons. A page loads this
// module only when the reader first opens search (the inline script in index.html), and this
// module loads Pagefind only then too.
//
// `cargo xtask build` writes this file into the site's root folder as `search-<hash>.js` and
// Pagefind's bundle into `pagefind/` beside it, so the folder this module is served from is
// the site's base path: where Pagefind is, and what its result URLs start with.
//
// The dialog: a labelled search field, a polite live region that says what is happening
// (loading, how many lessons match, none), and the results, one list item per lesson with a
// link named by the lesson's title and an excerpt with the matched words marked. Escape closes
// it (the browser's cancel of a modal dialog), as do the close button and a click outside; the
// focus then goes back to what had it before. ArrowDown and ArrowUp move between the field and
// the results; Enter in the field follows the first result.

const base = new URL("./", import.meta.url);
// More than the course has lessons, so every match shows; the status says when some do not.
const SHOWN = 10;
// Time to let the reader finish a word before searching for it.
const TYPING_MS = 150;

let dialog = null;
let field = null;
let status = null;
let results = null;
let pagefind = null;
let returnTo = null;
let typing = 0;
// Searches are numbered; an answer that arrives after a later search started is dropped.
let latest = 0;

/** Opens the dialog. `from` is the element that had the focus, which gets it back on close. */
export function open(from) {
  if (!dialog) build();
  if (!dialog.open) {
    returnTo = from instanceof HTMLElement && from !== document.body ? from : null;
    dialog.showModal();
  }
  field.focus();
  field.select();
  load();
}

function build() {
  dialog = element("dialog", { class: "search-dialog", "aria-labelledby": "search-label" });
  const panel = element("div", { class: "search-panel" });
  const form = element("form", { class: "search-form", role: "search" });
  const label = element("label", { id: "search-label", for: "search-field" }, "Search the lessons");
  field = element("input", {
    id: "search-field",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    enterkeyhint: "go",
    "aria-describedby": "search-status",
  });
  const close = element("button", { type: "button", class: "search-close", "aria-label": "Close search" });
  close.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18"/></svg>';
  status = element("p", { id: "search-status", class: "search-status", role: "status", "aria-live": "polite" });
  results = element("ul", { class: "search-results", "aria-label": "Lessons found" });
  form.append(label, element("div", { class: "search-row" }, field, close));
  panel.append(form, status, results);
  dialog.append(panel);
  document.body.append(dialog);

  field.addEventListener("input", () => {
    clearTimeout(typing);
    const term = field.value.trim();
    if (!term) {
      latest++;
      show([], 0, "");
      return;
    }
    // The index chunk for the word starts loading while the reader types on.
    pagefind?.then((pf) => pf.preload(term), () => {});
    typing = setTimeout(search, TYPING_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    results.querySelector("a")?.click();
  });
  form.addEventListener("keydown", (event) => {
    // In a search field Escape would first clear the text; here it closes, as everywhere else
    // in the dialog, and the text stays for the next opening.
    if (event.key === "Escape" && event.target === field) {
      event.preventDefault();
      dialog.close();
    }
    if (event.key === "ArrowDown" && event.target === field) {
      const first = results.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  results.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...results.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) field.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
  close.addEventListener("click", () => dialog.close());
  // A click on the backdrop lands on the dialog itself; the panel fills the dialog's box.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => {
    if (returnTo?.isConnected) returnTo.focus();
    returnTo = null;
  });
}

/** Imports and starts Pagefind once; a failed load is tried again on the next opening. */
function load() {
  if (pagefind) return pagefind;
  say("Loading search…");
  pagefind = (async () => {
    const pf = await import(new URL("pagefind/pagefind.js", base).href);
    await pf.options({ baseUrl: base.pathname, excerptLength: 24 });
    await pf.init();
    return pf;
  })();
  pagefind.then(
    () => (field.value.trim() ? search() : say("")),
    (error) => {
      pagefind = null;
      say("Search did not load. Close it and open it again to retry.");
      console.error("inflight: Pagefind did not load", error);
    },
  );
  return pagefind;
}

async function search() {
  clearTimeout(typing);
  const term = field.value.trim();
  const mine = ++latest;
  if (!term) return;
  let pf;
  try {
    pf = await load();
  } catch {
    return;
  }
  try {
    const found = await pf.search(term);
    if (mine !== latest) return;
    const shown = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (mine !== latest) return;
    show(shown, found.results.length, term);
  } catch (error) {
    // The index is fetched in pieces as words need them; a piece can fail to arrive.
    if (mine === latest) say("The search did not finish. Try again.");
    console.error("inflight: a search failed", error);
  }
}

function show(shown, total, term) {
  results.replaceChildren(...shown.map(result));
  if (!term) say("");
  else if (total === 0) say(`No lesson matches “${term}”.`);
  else {
    const count = total === 1 ? "1 lesson matches" : `${total} lessons match`;
    say(`${count} “${term}”${total > shown.length ? `; the first ${shown.length} are shown` : ""}.`);
  }
}

/** One lesson found: its title as the link, and the excerpt. */
function result(data) {
  const link = element("a", { href: data.url, class: "search-result-title" }, data.meta?.title || data.url);
  const excerpt = element("p", { class: "search-excerpt" }, ...marked(data.excerpt ?? ""));
  return element("li", { class: "search-result" }, link, excerpt);
}

/**
 * The excerpt's text and its <mark>s as nodes. Pagefind escapes the page's text and adds the
 * <mark> elements; what is taken from it here is text and marks only, whatever else it holds.
 */
function marked(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  return [...parsed.childNodes].map((node) =>
    node.nodeName === "MARK" ? element("mark", {}, node.textContent) : document.createTextNode(node.textContent),
  );
}

function say(text) {
  status.textContent = text;
}

function element(name, attributes, ...children) {
  const el = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  el.append(...children);
  return el;
}
