// Person-days shown as participation rows are typed: headcount × days, or headcount × class
// hours ÷ class hours per day. The server computes the stored figures exactly; this only
// shows them while editing.
(function () {
  "use strict";
  const form = document.getElementById("participations");
  if (!form) { return; }
  const perDay = Number(form.dataset.hoursPerDay) || 8;
  function value(row, selector) {
    const input = row.querySelector(selector);
    return input && input.value !== "" ? Number(input.value) : null;
  }
  function update() {
    let total = 0;
    form.querySelectorAll(".js-row").forEach(function (row) {
      const headcount = value(row, ".js-headcount");
      const days = value(row, ".js-days");
      const hours = value(row, ".js-hours");
      const deleted = row.querySelector("input[type=checkbox][name$=DELETE]");
      let shown = "—";
      if (headcount !== null && (days === null) !== (hours === null) && !(deleted && deleted.checked)) {
        const amount = days !== null ? headcount * days : headcount * hours / perDay;
        total += amount;
        shown = Number(amount.toFixed(2)).toString();
      }
      row.querySelector(".js-person-days").textContent = shown;
    });
    document.getElementById("person-days-total").textContent = Number(total.toFixed(2)).toString();
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
