// Evidence uploads: choosing or dropping files sends them at once (HTMX posts the form), and a
// progress bar follows the upload. The server checks every file; this only makes it easy.
(function () {
  "use strict";
  function bind(form) {
    if (form.dataset.bound) { return; }
    form.dataset.bound = "1";
    const input = form.querySelector("input[type=file]");
    const zone = form.querySelector(".dropzone");
    const send = function () { if (input.files.length) { htmx.trigger(form, "submit"); } };
    input.addEventListener("change", send);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("border-primary", "bg-primary-subtle");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("border-primary", "bg-primary-subtle"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      input.files = event.dataTransfer.files;
      send();
    });
    form.addEventListener("htmx:xhr:progress", function (event) {
      const progress = form.querySelector(".js-progress");
      progress.classList.remove("d-none");
      if (event.detail.lengthComputable) {
        progress.value = Math.round((event.detail.loaded / event.detail.total) * 100);
      }
    });
  }
  function bindAll() { document.querySelectorAll("form.js-upload").forEach(bind); }
  document.addEventListener("DOMContentLoaded", bindAll);
  document.addEventListener("htmx:afterSettle", bindAll);
})();
