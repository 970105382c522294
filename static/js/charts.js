// Draws every Plotly figure whose data the page carries as JSON (see dashboard/charts.py: embed).
(function () {
  document.querySelectorAll(".plotly-chart").forEach((element) => {
    const spec = JSON.parse(document.getElementById(`${element.id}-spec`).textContent);
    Plotly.newPlot(element, spec.data, spec.layout, spec.config);
  });
})();
