// A button that copies the code to embed a chart (a chart page's "Embed this chart"), or a page's
// BibTeX entry, to the clipboard, where the browser lets the page write to it, and says so in a status line that
// screen readers announce. The field itself is read-only text, to select and copy by any means. A chart's page
// has both: each button names what it copies, and only the last copy's status line stays.
const statuses = [];
for (const field of document.querySelectorAll(".embed-code textarea, .bibtex textarea")) {
  field.addEventListener("focus", () => field.select());  // the whole code, ready to copy
  if (!navigator.clipboard || !window.isSecureContext) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = field.closest(".bibtex") ? "Copy the BibTeX entry" : "Copy the embed code";
  const status = document.createElement("p");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  statuses.push(status);
  field.after(button, status);
  button.addEventListener("click", async () => {
    for (const line of statuses) line.textContent = "";  // a second copy is announced again; another's is gone
    let said;
    try {
      await navigator.clipboard.writeText(field.value);
      said = "Copied to the clipboard.";
    } catch {
      field.focus();
      said = "Not copied: the code is selected; copy it with Ctrl+C (⌘C on a Mac).";
    }
    requestAnimationFrame(() => { status.textContent = said; });
  });
}
