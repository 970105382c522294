// A box beside an entity-month selects (or clears) every alert of that group.
document.querySelectorAll("input.select-group").forEach(function (box) {
  box.addEventListener("change", function () {
    document.querySelectorAll('input[name="alert"][data-group="' + box.dataset.group + '"]').forEach(function (alert) {
      alert.checked = box.checked;
    });
  });
});
