// The export page's "Select all" toggle, bound here rather than in an inline onchange
// attribute (the Content-Security-Policy forbids those). onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll(".select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
