// Draws the desk's chart from its json_script data: each unit's completion as a bar, the schedule as a line.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  document.querySelectorAll("[data-desk-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-desk-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [data.completion_label, data.schedule_label] },
      grid: { left: 50, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.units },
      yAxis: { type: "value", name: "%" },
      series: [
        { name: data.completion_label, type: "bar", data: data.values, barMaxWidth: 36 },
        {
          name: data.schedule_label, type: "line", symbol: "none", lineStyle: { type: "dashed" },
          data: data.units.map(function () { return data.schedule; })
        }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
