// Live preview of Markdown fields in the admin: the server renders and sanitizes, exactly as
// the public pages do. Without JavaScript the preview still shows the saved text.
(function () {
  "use strict";
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function attach(textarea) {
    const target = document.getElementById(textarea.id + "_preview");
    if (!target) return;
    let timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const body = new URLSearchParams({ text: textarea.value });
        fetch(textarea.dataset.markdownPreview, {
          method: "POST",
          headers: { "X-CSRFToken": csrfToken() },
          body: body,
          credentials: "same-origin",
        })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null) target.innerHTML = html; });
      }, 300);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(attach);
  });
})();
