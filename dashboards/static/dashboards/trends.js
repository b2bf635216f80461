// Draws every trend chart on the page from its json_script data; the tables beside the charts hold the same numbers.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll("[data-chart-data]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart-data"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [data.actual_label, data.schedule_label] },  // ECharts 6 puts it at the bottom by default
      grid: { left: 60, right: 20, top: 48, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: data.unit },
      series: [
        { name: data.actual_label, type: "line", data: data.values, connectNulls: false, symbolSize: 6 },
        { name: data.schedule_label, type: "line", data: data.schedule, lineStyle: { type: "dashed" }, symbol: "none" }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
