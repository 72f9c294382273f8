// Charts of the comparison and profile pages. The data comes from a json_script element
// (id "chart-data"); each chart has a <div id="chart-N"> to draw in.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var drawn = [];
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) { return; }
    var chart = echarts.init(el);
    var option;
    var targetLine = c.target === null ? undefined : {
      silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#a61b1b" },
      data: [{ yAxis: c.target, name: "目标" }], label: { formatter: "目标 {c}" }
    };
    if (c.lines) {
      // A township against the county median, year by year.
      option = {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 32, bottom: 28 },
        xAxis: { type: "category", data: c.years },
        yAxis: { type: "value", name: c.unit },
        series: c.lines.map(function (l, i) {
          return { name: l.name, type: "line", data: l.values, connectNulls: false,
                   lineStyle: i ? { type: "dashed" } : undefined, markLine: i ? undefined : targetLine };
        })
      };
    } else {
      // Townships side by side, one bar per year: the trend within each township.
      option = {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 32, bottom: 28 },
        xAxis: { type: "category", data: c.townships },
        yAxis: { type: "value", name: c.unit },
        series: c.series.map(function (s, i) {
          return { name: s.year + "年", type: "bar", data: s.values,
                   markLine: i === c.series.length - 1 ? targetLine : undefined };
        })
      };
    }
    chart.setOption(option);
    drawn.push(chart);
  });
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
