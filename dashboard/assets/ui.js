// Claimcheck in the browser: chart tabs, downloads, choices kept in the URL, and each new page's
// title and focus. Plain DOM code in an asset file (a strict Content-Security-Policy allows it)
// that needs no server: the static site runs the same file on the same markup.
//
// * Tabs (Chart / Table / Sources): ARIA tabs with arrow keys; the choice is in the URL
//   (?main=table, ?detail=sources), and a panel drawn again (a new source chosen) gets it back.
// * Links between pages (a[data-nav]) are followed without a reload, as dcc.Link would.
//   A choice on a page replaces the page's history entry instead of adding one, so Back
//   always leaves the page: tabs, the chosen source and peers (claimChoice), the table's sort
//   links (a[data-replace]) and columns (tableColumns).
// * A new page (data-page changes) gets its own document title and the keyboard focus on
//   its heading, as a screen-reader user expects after following a link.
// * "Download CSV" saves the panel's values; "Download PNG" draws the figure with its title,
//   subtitle and source line inside (exportImage), at a fixed width.
(function () {
  function params() { return new URLSearchParams(window.location.search); }

  function replaceParams(update) {
    var p = params();
    Object.keys(update).forEach(function (k) {
      if (update[k]) { p.set(k, update[k]); } else { p.delete(k); }
    });
    var q = p.toString().replace(/%2C/g, ',');
    window.history.replaceState(window.history.state, '',
                                window.location.pathname + (q ? '?' + q : '') + window.location.hash);
  }

  var inDash = function () { return !!document.getElementById('_dash-config'); };
  var pendingAnchor = '';

  function historyChanged() {  // dcc.Location reads the URL again, and the page follows
    window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
  }

  function selectTab(panel, name, focus) {
    var found = false;
    panel.querySelectorAll('[role="tab"]').forEach(function (tab) {
      var on = tab.getAttribute('data-tab') === name;
      found = found || on;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) { tab.focus(); }
    });
    if (!found) { return; }
    panel.querySelectorAll('[role="tabpanel"]').forEach(function (p) {
      p.hidden = p.getAttribute('data-tab') !== name;
    });
    if (name === 'chart') { window.dispatchEvent(new Event('resize')); }
  }

  function chooseTab(tab, focus) {
    var panel = tab.closest('.chart-panel');
    var name = tab.getAttribute('data-tab');
    selectTab(panel, name, focus);
    var update = {};
    update[panel.getAttribute('data-panel')] = name === 'chart' ? null : name;
    replaceParams(update);
  }

  function panelData(panel) {
    var el = panel && panel.querySelector('.chart-data');
    return el ? JSON.parse(el.textContent) : null;
  }

  function save(url, name) {
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function exportImage(panelId, format) {
    var panel = document.getElementById(panelId);
    var data = panelData(panel);
    var graph = panel && panel.querySelector('.js-plotly-plot');
    if (!data || !graph || !window.Plotly) {
      return Promise.reject(new Error('the chart is not drawn yet'));
    }
    var layout = Object.assign({}, graph.layout, data.export);
    return window.Plotly.toImage({data: graph.data, layout: layout},
                                 {format: format, width: data.export.width,
                                  height: data.export.height, scale: format === 'png' ? 2 : 1});
  }

  function download(button) {
    var panel = button.closest('.chart-panel');
    var data = panelData(panel);
    if (!data) { return; }
    if (button.getAttribute('data-action') === 'csv') {
      var url = URL.createObjectURL(new Blob([data.csv], {type: 'text/csv;charset=utf-8'}));
      save(url, data.filename + '.csv');
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    } else {
      exportImage(panel.id, 'png').then(function (url) { save(url, data.filename + '.png'); });
    }
  }

  document.addEventListener('click', function (event) {
    var tab = event.target.closest('.chart-panel [role="tab"]');
    if (tab) { chooseTab(tab, false); return; }
    var button = event.target.closest('.chart-downloads [data-action]');
    if (button) { download(button); return; }
    // A link between the dashboard's pages: followed without reloading (as dcc.Link does);
    // a choice within a page (data-replace) replaces the history entry instead of adding one.
    var link = event.target.closest('a[data-nav]');
    if (link && inDash() && event.button === 0 && !event.ctrlKey && !event.metaKey
        && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      if (link.hasAttribute('data-replace')) {
        window.history.replaceState(window.history.state, '', link.getAttribute('href'));
        pendingAnchor = link.hash;  // shown once the page has been drawn again
      } else {
        window.history.pushState({}, '', link.getAttribute('href'));
        window.scrollTo(0, 0);
      }
      historyChanged();
    }
  }, true);

  // "Check an article": a file larger than the page takes is dropped by the upload without a
  // word; say so where the upload's result goes (its size limit is on that element).
  function tooLarge(files) {
    var note = document.getElementById('check-upload-note');
    var max = note && Number(note.getAttribute('data-max-bytes'));
    if (!max || !files) { return; }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > max) {
        note.textContent = files[i].name + ': ' + Math.round(files[i].size / 1000) +
          ' KB is more than this page takes (' + Math.round(max / 1000) + ' KB). Paste the ' +
          'article\'s text instead, or run claimcheck draft on the file.';
        return;
      }
    }
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('#check-upload input[type="file"]')) {
      tooLarge(event.target.files);
    }
  }, true);
  document.addEventListener('drop', function (event) {
    if (event.target.closest && event.target.closest('#check-upload')) {
      tooLarge(event.dataTransfer && event.dataTransfer.files);
    }
  }, true);

  document.addEventListener('keydown', function (event) {
    var tab = event.target.closest && event.target.closest('.chart-panel [role="tab"]');
    if (!tab) { return; }
    var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll('[role="tab"]'));
    var i = tabs.indexOf(tab);
    var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[event.key];
    if (next === undefined) { return; }
    event.preventDefault();
    chooseTab(tabs[(next + tabs.length) % tabs.length], true);
  });

  var shownPage = null;
  function follow() {
    if (pendingAnchor) {
      var target = document.querySelector(pendingAnchor);
      pendingAnchor = '';
      if (target) { target.scrollIntoView(); }
    }
    var root = document.querySelector('#page [data-page]');
    if (root) {
      var key = root.getAttribute('data-page');
      if (key !== shownPage) {
        document.title = root.getAttribute('data-title') || document.title;
        if (shownPage !== null) {
          var heading = root.querySelector('h1');
          if (heading) { heading.focus(); }
        }
        shownPage = key;
      }
    }
    var p = params();
    document.querySelectorAll('.chart-panel[data-panel]').forEach(function (panel) {
      var wanted = p.get(panel.getAttribute('data-panel')) || 'chart';
      var current = panel.querySelector('[role="tab"][aria-selected="true"]');
      if (current && current.getAttribute('data-tab') !== wanted) { selectTab(panel, wanted, false); }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; follow(); });
    }
  }).observe(document.documentElement, {childList: true, subtree: true});

  window.claimcheck = {exportImage: exportImage};
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    claimcheck: {
      claimChoice: function (reading, peers) {
        replaceParams({reading: reading, peers: (peers || []).join(',')});
        return window.dash_clientside.no_update;
      },
      articleLength: function (text, limit) {
        // "Check an article": said at once, in the browser, for a text too long to send
        var n = (text || '').length;
        if (n <= limit) { return ['', false]; }
        return [n.toLocaleString('en') + ' characters: over the limit of ' +
                limit.toLocaleString('en') + '. Shorten the text to draft it.', true];
      },
      tableColumns: function (columns, technical) {
        replaceParams({cols: (columns || []).concat(technical || []).join(',')});
        historyChanged();
        return window.dash_clientside.no_update;
      }
    }
  });
})();
