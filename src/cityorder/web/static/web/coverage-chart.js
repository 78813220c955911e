// Horizontal bar chart of members per competency on the cluster overview.
(function () {
  const data = JSON.parse(document.getElementById("coverage-data").textContent);
  const canvas = document.getElementById("coverage-chart");
  if (!canvas || !window.Chart) { return; }
  canvas.parentElement.style.height = Math.max(320, data.labels.length * 28) + "px";
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ data: data.counts, backgroundColor: "#0d6efd" }] },
    options: {
      indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
