// A button that shares a fact's page: the device's own share sheet where the browser has one (on
// phones, mostly), else a copy of the page's address to the clipboard, said in a status line that
// screen readers announce. Without scripts, or where the browser allows neither, there is no button.
const place = document.querySelector("[data-share]");
const address = document.querySelector('link[rel="canonical"]')?.href || location.href;
const sheet = typeof navigator.share === "function";
if (place && (sheet || (navigator.clipboard && window.isSecureContext))) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = sheet ? "Share this page" : "Copy the link to this page";
  const status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  place.append(button, " ", status);
  place.hidden = false;
  button.addEventListener("click", async () => {
    status.textContent = "";  // a second copy is announced again
    if (sheet) {
      try {
        await navigator.share({ title: document.title, url: address });
      } catch {
        // the reader closed the share sheet: nothing to say
      }
      return;
    }
    let said;
    try {
      await navigator.clipboard.writeText(address);
      said = "Link copied to the clipboard.";
    } catch {
      said = `Not copied. The page's address: ${address}`;
    }
    requestAnimationFrame(() => { status.textContent = said; });
  });
}
