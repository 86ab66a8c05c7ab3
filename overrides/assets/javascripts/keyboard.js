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
