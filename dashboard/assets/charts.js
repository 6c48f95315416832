// Client-side helpers for the chart panels (a file in assets/, not an inline script, so a
// strict Content-Security-Policy allows it).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  claimcheck: {
    // "Download PNG": Plotly's own image export; title, subtitle and source line are part of
    // the figure, so the PNG carries them.
    downloadPng: function (nClicks, chartData) {
      if (!nClicks || !chartData) { return window.dash_clientside.no_update; }
      var root = document.getElementById(chartData.graph);
      var graph = root && (root.classList.contains('js-plotly-plot') ? root
        : root.querySelector('.js-plotly-plot'));
      if (graph && window.Plotly) {
        window.Plotly.downloadImage(graph, {format: 'png', filename: chartData.filename,
                                            width: graph.offsetWidth, height: graph.offsetHeight,
                                            scale: 2});
      }
      return 'Downloaded ' + chartData.filename + '.png';
    }
  }
});
