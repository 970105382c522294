// A box beside an entity-month selects (or clears) every alert of that group.
document.querySelectorAll("input.select-group").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll('input[name="alert"][data-group="' + box.dataset.group + '"]').forEach(function (alert) {
      alert.checked = box.checked;
    });
  });
});

// A box in a table's header selects (or clears) every row of its form.
document.querySelectorAll("input.select-all").forEach(function (box) {
  box.addEventListener("change", function () {
    box.form.querySelectorAll('tbody input[type="checkbox"]').forEach(function (row) { row.checked = box.checked; });
  });
});
