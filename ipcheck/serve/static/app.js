// ipcheck serve: the page's only script beside htmx (CSP: scripts from the server only,
// no inline script, no eval). Its words come from the page (data-*), in its language.
"use strict";
(function () {
  const body = document.body;
  const say = (text) => {
    const line = document.getElementById("message");
    if (line) {
      line.textContent = text;
      line.classList.add("refused");
    }
  };

  // files dropped anywhere on an item are attached to it, as if picked
  const itemOf = (event) => event.target.closest && event.target.closest(".item");
  document.addEventListener("dragover", (event) => {
    const card = itemOf(event);
    if (card && card.querySelector("form.upload")) {
      event.preventDefault();
      card.classList.add("dropping");
    }
  });
  document.addEventListener("dragleave", (event) => {
    const card = itemOf(event);
    if (card) card.classList.remove("dropping");
  });
  document.addEventListener("drop", (event) => {
    const card = itemOf(event);
    const form = card && card.querySelector("form.upload");
    if (!form || !event.dataTransfer || !event.dataTransfer.files.length) return;
    event.preventDefault();
    card.classList.remove("dropping");
    form.querySelector("input[type=file]").files = event.dataTransfer.files;
    htmx.trigger(form, "submit");
  });

  // an item's form typed in but not saved: marked, and the page asks before it is left
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form.mark, form.decide");
    if (form) form.classList.add("unsaved");
    if (event.target.matches && event.target.matches("textarea[hx-post]")) {
      event.target.classList.add("unsaved"); // a section: saved as typed, unless refused
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const box = event.detail.elt;
    if (box.matches && box.matches("textarea[hx-post]")) {
      if (event.detail.xhr.status === 200) box.classList.remove("unsaved");
      // another person changed it: held until typed in again, as its message says
      if (event.detail.xhr.status === 409) box.dataset.refused = "1";
    }
  });
  document.addEventListener("input", (event) => {
    if (event.target.dataset) delete event.target.dataset.refused;
  });
  // leaving a held section does not save it over the other person's text
  document.addEventListener("htmx:confirm", (event) => {
    const box = event.detail.elt;
    const how = event.detail.triggeringEvent;
    if (box.dataset && box.dataset.refused && how && how.type === "change") {
      event.preventDefault();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (document.querySelector("form.unsaved, textarea.unsaved")) {
      event.preventDefault();
      event.returnValue = body.dataset.unsaved;
    }
  });

  // the 不适用 reason is asked for where the status is 不适用
  const showReason = (select) => {
    const form = select.closest("form.mark");
    if (form) form.classList.toggle("na", select.value === "na");
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("form.mark select[name=status]")) {
      showReason(event.target);
    }
  });
  const showReasons = (root) =>
    root.querySelectorAll("form.mark select[name=status]").forEach(showReason);
  showReasons(document);
  document.addEventListener("htmx:afterSettle", (event) => showReasons(event.target));

  // what did not reach the server, or was not taken, is said
  document.addEventListener("htmx:sendError", () => say(body.dataset.stopped));
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    say(`${body.dataset.failed} ${xhr.status} ${xhr.responseText.slice(0, 200)}`);
  });

  // while the page is shown, the server is not idle
  setInterval(() => {
    if (document.visibilityState === "visible") {
      fetch(`${body.dataset.base}/alive`, { cache: "no-store" }).catch(() =>
        say(body.dataset.stopped)
      );
    }
  }, 4 * 60 * 1000);
})();
