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
