// The static site's one script (no inline scripts, so a strict Content-Security-Policy holds).
// * Charts: the picture paints at once; the interactive Plotly chart replaces it when the
//   reader reaches for it (pointer, touch, focus) — plotly.js (its basic bundle, in assets/)
//   is loaded then, not with the page.
// * "Download PNG": Plotly's own image export of the chart, as in the dashboard.
// * "Copy" beside an embed code.
(function () {
  'use strict';
  var root = document.documentElement.getAttribute('data-root') || './';
  var plotlyLoading = null;

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = root + 'assets/plotly-basic.min.js';
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { plotlyLoading = null; reject(new Error('plotly.js')); };
        document.head.appendChild(s);
      });
    }
    return plotlyLoading;
  }

  function draw(box) {
    if (box._drawn) { return box._drawn; }
    var data = JSON.parse(box.querySelector('script.chart-figure').textContent);
    box._drawn = loadPlotly().then(function (Plotly) {
      var plot = document.createElement('div');
      plot.className = 'chart-plot';
      box.appendChild(plot);
      var config = Object.assign({}, data.config, {responsive: true});
      return Plotly.newPlot(plot, data.figure.data, data.figure.layout, config).then(function () {
        var picture = box.querySelector('picture');
        if (picture) { picture.hidden = true; }
        box.setAttribute('data-interactive', 'true');
        return plot;
      });
    });
    return box._drawn;
  }

  function wakeOnUse(box) {
    var events = ['pointerenter', 'touchstart', 'focusin'];
    function wake() {
      events.forEach(function (e) { box.removeEventListener(e, wake); });
      draw(box);
    }
    events.forEach(function (e) { box.addEventListener(e, wake, {passive: true}); });
  }

  // The dashboard's "Download PNG" (assets/ui.js) exports the drawn chart: draw it first.
  window.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.chart-downloads [data-action="png"]');
    if (!button) { return; }
    var box = button.closest('.chart-panel').querySelector('.static-chart[data-chart]');
    if (!box || box.getAttribute('data-interactive') === 'true') { return; }
    event.stopPropagation();
    event.preventDefault();
    draw(box).then(function () { button.click(); });
  }, true);

  function setUp() {
    document.querySelectorAll('.static-chart[data-chart]').forEach(wakeOnUse);
    document.querySelectorAll('[data-png-chart]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var box = document.getElementById(button.getAttribute('data-png-chart'));
        if (!box) { return; }
        draw(box).then(function (plot) {
          window.Plotly.downloadImage(plot, {format: 'png', scale: 2,
            filename: button.getAttribute('data-png-name'),
            width: plot.offsetWidth || 1000, height: plot.offsetHeight || 600});
        });
      });
    });
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var field = document.getElementById(button.getAttribute('data-copy'));
        field.select();
        var done = function () { button.textContent = 'Copied'; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            document.execCommand('copy'); done();
          });
        } else { document.execCommand('copy'); done(); }
      });
    });
  }

  window.claimcheckSite = {draw: draw, loadPlotly: loadPlotly};
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUp);
  } else { setUp(); }
})();
