// Dashboard charts. The same numbers are in the tables beside each chart, so nothing is lost
// where scripts are off or ECharts cannot draw.
(function () {
  "use strict";
  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  if (typeof echarts === "undefined") { return; }
  const months = data("data-months");
  const series = data("data-activities") || [];
  const activities = document.getElementById("chart-activities");
  if (activities && series.length) {
    echarts.init(activities).setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 32, right: 16, top: 16, bottom: 56 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map(function (s) { return { name: s.name, type: "bar", stack: "all", data: s.data }; }),
    });
  }
  const rows = data("data-person-days") || [];
  const personDays = document.getElementById("chart-person-days");
  if (personDays && rows.length) {
    echarts.init(personDays).setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "70%"],
                 data: rows.map(function (r) { return { name: r[0], value: Number(r[1]) }; }) }],
    });
  }
  window.addEventListener("resize", function () {
    document.querySelectorAll(".chart").forEach(function (el) {
      const chart = echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
})();
