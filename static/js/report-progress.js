// Follows a report's validation: polls its status and reloads the page once it is decided.
(function () {
  const card = document.getElementById("progress-card");
  if (!card || card.dataset.open !== "1") return;
  const bar = document.getElementById("report-progress");
  const status = document.getElementById("report-status");
  const stage = document.getElementById("report-stage");
  async function poll() {
    const response = await fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const report = await response.json();
    bar.value = report.progress;
    bar.textContent = report.progress + "%";
    status.textContent = report.status_label;
    stage.textContent = report.stage_label;
    if (report.status === "received" || report.status === "validating") setTimeout(poll, 1000);
    else window.location.reload();
  }
  setTimeout(poll, 500);
})();
