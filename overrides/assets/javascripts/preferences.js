// ふりがな and larger text: remembered on this device in localStorage (no cookies, nothing sent).
(() => {
  const root = document.documentElement;
  const read = (name) => { try { return localStorage.getItem("sg-" + name) === "on"; } catch { return false; } };
  const apply = (name, on) => {
    root.classList.toggle("sg-" + name, on);
    document.querySelectorAll(`.sg-toggle[data-pref="${name}"]`).forEach((b) => b.setAttribute("aria-pressed", String(on)));
  };
  ["furigana", "large"].forEach((name) => apply(name, read(name)));
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".sg-toggle");
    if (!button) return;
    const name = button.dataset.pref;
    const on = !root.classList.contains("sg-" + name);
    try { localStorage.setItem("sg-" + name, on ? "on" : "off"); } catch { /* private mode: this page only */ }
    apply(name, on);
  });
})();
