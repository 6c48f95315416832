// Client-side helpers for the chart panels (a file in assets/, not an inline script, so a
// strict Content-Security-Policy allows it).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  claimcheck: {
    // "Download PNG": Plotly's own image export; title, subtitle and source line are part of
    // the figure, so the PNG carries them. The Table and Sources tabs do not render the chart,
    // so the Chart tab is shown first when needed.
    downloadPng: function (nClicks, chartData) {
      if (!nClicks || !chartData) { return window.dash_clientside.no_update; }
      function plot() {
        var root = document.getElementById(chartData.graph);
        return root && (root.classList.contains('js-plotly-plot') ? root
          : root.querySelector('.js-plotly-plot'));
      }
      function save(tries) {
        var graph = plot();
        if (graph && window.Plotly && graph.offsetWidth > 0) {
          window.Plotly.downloadImage(graph, {format: 'png', filename: chartData.filename,
                                              width: graph.offsetWidth,
                                              height: graph.offsetHeight, scale: 2});
        } else if (tries > 0) {
          window.setTimeout(function () { save(tries - 1); }, 100);
        }
      }
      if (!plot()) {
        var panel = document.getElementById(chartData.panel);
        var chartTab = panel && panel.querySelector('.tab');
        if (chartTab) { chartTab.click(); }
      }
      save(50);
      return 'Downloaded ' + chartData.filename + '.png';
    }
  }
});
