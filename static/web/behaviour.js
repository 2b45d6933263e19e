// What the pages used to say in inline handlers, said by attributes instead, so that the
// Content-Security-Policy can refuse every inline script:
//   data-confirm="…"      on a button: asks before it submits its form
//   data-autosubmit       on a select or checkbox: submits its form when changed
//   data-select-on-click  on a field: selects its text when clicked (a link to copy)
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
    }
    const field = event.target.closest("[data-select-on-click]");
    if (field) {
      field.select();
    }
  });
  document.addEventListener("change", function (event) {
    const control = event.target.closest("[data-autosubmit]");
    if (control && control.form) {
      control.form.requestSubmit();
    }
  });
})();
