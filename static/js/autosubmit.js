// Selects marked data-autosubmit send their form when changed (no inline handlers: see the CSP).
document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
