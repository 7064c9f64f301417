// ipcheck serve: files dropped anywhere on an item are attached to it, as if picked.
// The page's only script beside htmx (CSP: scripts from the server only, no inline).
"use strict";
document.addEventListener("dragover", (event) => {
  const card = event.target.closest && event.target.closest(".item");
  if (card && card.querySelector("form.upload")) {
    event.preventDefault();
    card.classList.add("dropping");
  }
});
document.addEventListener("dragleave", (event) => {
  const card = event.target.closest && event.target.closest(".item");
  if (card) card.classList.remove("dropping");
});
document.addEventListener("drop", (event) => {
  const card = event.target.closest && event.target.closest(".item");
  const form = card && card.querySelector("form.upload");
  if (!form || !event.dataTransfer || !event.dataTransfer.files.length) return;
  event.preventDefault();
  card.classList.remove("dropping");
  form.querySelector("input[type=file]").files = event.dataTransfer.files;
  htmx.trigger(form, "submit");
});
