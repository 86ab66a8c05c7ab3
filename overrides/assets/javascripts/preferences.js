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
