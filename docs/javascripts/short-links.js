// The link icon beside each question copies its short link (/q/N/) instead of following it,
// and confirms it visibly and to screen readers. Without JavaScript it is a plain link.
// One listener for the whole document, registered once: safe across instant navigation.

function status() {
  let region = document.getElementById("short-link-status");
  if (!region) {
    region = document.createElement("div");
    region.id = "short-link-status";
    region.className = "md-visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  return region;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

document.addEventListener("click", async (event) => {
  const link = event.target instanceof Element && event.target.closest("a.short-link");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  event.stopPropagation();  // keep Material's instant navigation from following it
  await copy(link.href);
  const message = `Copied: ${link.href}`;
  status().textContent = message;
  link.dataset.copied = "Link copied";
  setTimeout(() => { delete link.dataset.copied; }, 2500);
}, { capture: true });
