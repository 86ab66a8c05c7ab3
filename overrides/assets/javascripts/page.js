// Everything of the site's scripts that touches the page, one section per feature: the copy-link
// button, preferences, the header's keyboard buttons, the open-now status and the search. The rules
// they apply are in the plain modules (formatting.js, schedule.js, normalise.js, search-engine.js),
// which never touch the page and which Node's tests require (tests/js/unit/). One file rather than one
// per feature: each is one more request before a page works. It loads before the modules, so that
// larger text and the header's buttons do not wait for the search's code; the open-now status and
// the search, which use the modules, start on DOMContentLoaded, once every script has run.

// --- Copy link -------------------------------------------------------------------------------

// "リンクをコピー": copies the page address. Our own few lines: no third-party script is loaded.
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".sg-copy");
  if (!button) return;
  const original = button.textContent;
  try {
    await navigator.clipboard.writeText(button.dataset.url);
    button.textContent = button.dataset.done;
  } catch {
    window.prompt(original, button.dataset.url);  // older phones: let the user copy by hand
    return;
  }
  setTimeout(() => { button.textContent = original; }, 2000);
});

// --- Preferences -----------------------------------------------------------------------------

// ふりがな, larger text and the closed sample notice: remembered on this device in localStorage (no cookies, nothing sent).
(() => {
  const root = document.documentElement;
  const read = (name) => { try { return localStorage.getItem("sg-" + name) === "on"; } catch { return false; } };
  const apply = (name, on) => {
    root.classList.toggle("sg-" + name, on);
    document.querySelectorAll(`.sg-toggle[data-pref="${name}"]`).forEach((b) => b.setAttribute("aria-pressed", String(on)));
  };
  ["furigana", "large"].forEach((name) => apply(name, read(name)));
  // The sample-data notice, once closed, stays closed on this device (printed pages still carry it).
  const dismiss = (name) => document.querySelectorAll(`[data-dismiss="${name}"]`).forEach((b) => { b.parentElement.hidden = true; });
  if (read("dismissed-sample")) dismiss("sample");
  document.addEventListener("click", (event) => {
    const close = event.target.closest("[data-dismiss]");
    if (close) {
      try { localStorage.setItem("sg-dismissed-" + close.dataset.dismiss, "on"); } catch { /* this page only */ }
      dismiss(close.dataset.dismiss);
      return;
    }
    const button = event.target.closest(".sg-toggle");
    if (!button) return;
    const name = button.dataset.pref;
    const on = !root.classList.contains("sg-" + name);
    try { localStorage.setItem("sg-" + name, on ? "on" : "off"); } catch { /* private mode: this page only */ }
    apply(name, on);
  });
})();

// --- Keyboard --------------------------------------------------------------------------------

// Material's header menu and search buttons are <label>s, which a keyboard cannot reach: put a real
// <button> with a name in their place. The names come from the template (window.sgButtonNames).
document.querySelectorAll("label.md-header__button[for]").forEach((label) => {
  const toggle = document.getElementById(label.htmlFor);
  const name = (window.sgButtonNames || {})[label.htmlFor];
  if (!toggle || !name) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  button.innerHTML = label.innerHTML;
  button.setAttribute("aria-label", name);
  button.setAttribute("aria-expanded", String(toggle.checked));
  button.addEventListener("click", () => {
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  });
  toggle.addEventListener("change", () => button.setAttribute("aria-expanded", String(toggle.checked)));
  label.replaceWith(button);
});

// --- Open now --------------------------------------------------------------------------------

// 「受付中（16:00まで）」「受付時間外・次は月曜 9:00から」 on the page: fills every status from each entry's
// hours (data-sg-hours, see generator/opening.py for the format) and opening.json (the 祝日 and every
// word shown, from generator/messages.yml); the rules are schedule.js's (window.sgSchedule).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var schedule = window.sgSchedule;
  var data = { holidays: [], texts: {}, weekdays: [] };

  // {open, text, next} of `hours` now (or at `now`), with the words of opening.json
  function status(hours, now) { return schedule.status(hours, now || new Date(), data); }

  // Fill every status on the page; a closed one may reveal what to do instead (data-sg-when-closed).
  function show(now) {
    document.querySelectorAll("[data-sg-hours]").forEach(function (el) {
      var result = status(JSON.parse(el.dataset.sgHours), now);
      el.textContent = result.text;
      el.dataset.sgOpen = String(result.open);
      var alternative = el.dataset.sgWhenClosed && document.getElementById(el.dataset.sgWhenClosed);
      if (alternative) alternative.hidden = result.open;
    });
  }

  window.sgOpening = {
    status: status, show: show,
    // opening.json once loaded (the search needs its 祝日); the data without words when offline
    ready: (function () {
      var source = document.querySelector("[data-sg-opening]");
      if (!source || !window.fetch) return Promise.resolve(data);
      return fetch(source.dataset.sgOpening)
        .then(function (response) { return response.json(); })
        .then(function (loaded) { data = loaded; show(new Date()); return data; })
        .catch(function () { return data; /* offline: the written hours stay, without the status */ });
    })(),
  };
});

// --- Search ----------------------------------------------------------------------------------

// The site's search on the page, on /search/ and in the header of every page: fetches the index, asks
// the engine (search-engine.js, window.sgSearch) and shows its answers, each with its open-now status
// (the section above, window.sgOpening).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var search = window.sgSearch, fill = window.sgFormat.fill, telHref = window.sgFormat.telHref;

  function resultItem(engine, item, root, now) {
    var msg = engine.messages, li = document.createElement("li"), a = document.createElement("a");
    a.href = root + item.url; a.className = "sg-result__name"; a.textContent = item.name;
    li.appendChild(a);
    var meta = [];
    if (item.kind) meta.push(engine.kinds[item.kind].label);
    if (item.everywhere) meta.push(msg.everywhere);
    else if (item.kind && item.areas) meta.push(item.areas.map(function (i) { return engine.areas[i].name; }).join("・"));
    if (item.next) { var d = item.next.split("-"); meta.push(fill(msg.next, { month: +d[1], day: +d[2] })); }
    if (meta.length) { var m = document.createElement("span"); m.className = "sg-result__meta"; m.textContent = meta.join(" ／ "); li.appendChild(m); }
    if (item.hours) {
      var st = window.sgOpening.status(item.hours, now), o = document.createElement("span");
      o.className = "sg-result__open" + (st.open ? " sg-result__open--now" : ""); o.textContent = st.text; li.appendChild(o);
    }
    if (item.phone) { var p = document.createElement("a"); p.className = "sg-result__phone"; p.href = telHref(item.phone); p.textContent = item.phone; li.appendChild(p); }
    return li;
  }

  // Fetches the index (areas, kinds, vocabulary: small) and then every entry; the engine answers from
  // the first file at once and again when the entries are in.
  function load(indexUrl, onFirst, onAll, onBroken) {
    var root = indexUrl.replace(/search\/index\.json$/, "");
    fetch(indexUrl).then(function (r) { return r.json(); }).then(function (index) {
      if (index.version !== search.FORMAT) { onBroken(index.messages && index.messages.broken); return; }
      var engine = search.makeEngine(index);
      onFirst(engine);
      // the status words (受付中…) and the 祝日 come with the open-now section's opening.json
      var entries = fetch(root + "search/entries.json").then(function (r) { return r.json(); });
      return Promise.all([entries, window.sgOpening.ready]).then(function (got) {
        engine.addEntries(got[0], got[1].holidays);
        onAll(engine);
      });
    });
    return root;
  }

  // The header search of every page: a few live results under the box; Enter opens /search/.
  var header = document.querySelector(".md-search__form[data-index]");
  if (header && !document.querySelector("form.sg-search")) {
    var hInput = header.elements.q, hList = header.querySelector(".sg-header-results"), hMore = header.querySelector(".sg-header-more");
    var hEngine = null, hRoot = "";
    var hRender = function () {
      if (!hEngine) return;
      hList.textContent = "";
      var q = hInput.value.trim(), now = new Date();
      var found = q ? hEngine.run(q, {}, now).items.slice(0, 5) : [];
      found.forEach(function (item) { hList.appendChild(resultItem(hEngine, item, hRoot, now)); });
      hMore.hidden = !q;
      if (q) { hMore.href = header.getAttribute("action") + "?q=" + encodeURIComponent(q); hMore.textContent = fill(hEngine.messages.more, { q: q }); }
    };
    var started = false;
    var start = function () {
      if (started) return;
      started = true;
      hRoot = load(header.getAttribute("data-index"), function (e) { hEngine = e; hRender(); }, hRender, function () {});
    };
    hInput.addEventListener("focus", start);
    hInput.addEventListener("input", function () { start(); hRender(); });
  }

  var form = document.querySelector("form.sg-search");
  if (!form) return;
  var list = document.getElementById("search-results"), none = document.getElementById("search-none");
  var night = document.getElementById("search-night");
  var status = document.getElementById("search-status"), note = document.getElementById("search-note"), input = form.elements.q;
  var params = new URLSearchParams(location.search), SELECTS = ["q", "area", "kind", "for", "way"], CHECKS = ["online"];
  SELECTS.forEach(function (n) { if (params.get(n)) form.elements[n].value = params.get(n); });
  CHECKS.forEach(function (n) { form.elements[n].checked = params.get(n) === "1"; });

  // Areas, kinds and pages come first and show at once; every entry follows (a national catalogue's
  // entries are most of the bytes). Until they are in, the list is busy and "none found" is not said.
  var complete = false, engine = null, renders = 0, AT_ONCE = 20;
  list.setAttribute("aria-busy", "true");
  // The address follows the query and the filters, so that a search can be shared. Writing it costs a
  // phone about as much as showing the results, so it is written once typing pauses, and on leaving.
  var address = "", written = location.search, addressTimer = 0;
  function writeAddress() {
    clearTimeout(addressTimer);
    if (address && address !== written) { history.replaceState(null, "", address); written = address; }
  }
  addEventListener("pagehide", writeAddress);
  function render() {
    var f = { area: form.elements.area.value, kind: form.elements.kind.value, for: form.elements.for.value,
              way: form.elements.way.value, online: form.elements.online.checked };
    f.any = !!(f.area || f.kind || f.for || f.way || f.online);
    var q = input.value, now = new Date(), answer = engine.run(q, f, now), results = answer.items, msg = engine.messages;
    var url = new URLSearchParams();
    if (q) url.set("q", q);
    ["area", "kind", "for", "way"].forEach(function (n) { if (f[n]) url.set(n, f[n]); });
    CHECKS.forEach(function (n) { if (f[n]) url.set(n, "1"); });
    address = "?" + url.toString();
    clearTimeout(addressTimer);
    addressTimer = setTimeout(writeAddress, 300);
    list.textContent = "";
    // The first screens of results at once; the rest (up to 50) in the next frame, so typing stays quick.
    var shown = results.slice(0, 50), append = function (item) { list.appendChild(resultItem(engine, item, root, now)); };
    shown.slice(0, AT_ONCE).forEach(append);
    var drawing = ++renders;
    if (shown.length > AT_ONCE) requestAnimationFrame(function () { if (drawing === renders) shown.slice(AT_ONCE).forEach(append); });
    // nothing found for the query: the main line alone is listed, with the ways in without a phone,
    // the kinds of help, and the night lines when it is closed
    none.hidden = !complete || !answer.asked || answer.matched > 0 || answer.crisis;
    var main = results[0];
    if (!none.hidden) night.hidden = !!(main && main.main && main.hours && window.sgOpening.status(main.hours, now).open);
    status.textContent = complete && answer.asked && answer.matched && !answer.crisis ? fill(msg.found, { count: results.length }) : "";
    var notes = [];
    // a person in crisis: a calm word above the lines open now, never advice about the query
    if (answer.crisis) notes.push(msg.crisis);
    else if (complete && answer.asked && !answer.matched && results.length) notes.push(msg.nothing);
    if (answer.timeMissed) notes.push(fill(msg.time_none, { when: msg.times[answer.timeMissed] }) + (results.length ? msg.others : ""));
    if (answer.near && results.length) notes.push(fill(msg.near, { typed: answer.near }));
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
  }
  var root = load(form.getAttribute("data-index"), function (e) {
    engine = e;
    form.addEventListener("input", render);
    form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
    render();
  }, function () {
    complete = true;
    list.setAttribute("aria-busy", "false");
    render();
  }, function (message) {
    list.setAttribute("aria-busy", "false");
    note.textContent = message || "";
    note.hidden = false;
    none.hidden = false;
  });
});
