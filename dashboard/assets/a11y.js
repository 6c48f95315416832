// Accessibility repairs for two Dash 4 components, applied to the DOM as React renders it
// (an asset file, not an inline script, so a strict Content-Security-Policy allows it).
//
// * dcc.RadioItems / dcc.Checklist render each native <input> inside a <label role="option">
//   of a role="listbox": axe reports nested-interactive and an unnamed listbox. The native
//   radios and checkboxes, grouped by their <fieldset> and <legend>, are already the right
//   semantics, so the ARIA roles are removed.
// * dcc.Tabs renders tabs as plain <div>s, unreachable by keyboard and unnamed for screen
//   readers: they get role="tab", aria-selected, tabindex and Enter/Space/arrow keys.
(function () {
  function set(el, name, value) {
    if (value === null) {
      if (el.hasAttribute(name)) { el.removeAttribute(name); }
    } else if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function repairOptions(root) {
    root.querySelectorAll('.dash-options-list[role]').forEach(function (list) {
      set(list, 'role', null);
      list.querySelectorAll('[role="option"]').forEach(function (label) {
        set(label, 'role', null);
        set(label, 'aria-selected', null);
      });
    });
  }

  function repairTabs(root) {
    root.querySelectorAll('.tab-container').forEach(function (container) {
      set(container, 'role', 'tablist');
      var tabs = Array.prototype.slice.call(container.querySelectorAll(':scope > .tab'));
      tabs.forEach(function (tab) {
        var selected = tab.classList.contains('tab--selected');
        set(tab, 'role', 'tab');
        set(tab, 'aria-selected', selected ? 'true' : 'false');
        set(tab, 'tabindex', selected ? '0' : '-1');
        if (tab.getAttribute('id') === '[object Object]') { set(tab, 'id', null); }
        if (!tab.dataset.keys) {
          tab.dataset.keys = '1';
          tab.addEventListener('keydown', function (event) {
            var i = tabs.indexOf(tab);
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault(); tab.click();
            } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
              event.preventDefault();
              var next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1))
                              % tabs.length];
              next.click(); next.focus();
            }
          });
        }
      });
    });
    root.querySelectorAll('.tab-content, .tab-parent > div:not(.tab-container)')
      .forEach(function (panel) { set(panel, 'role', 'tabpanel'); });
  }

  var pending = false;
  function repair() {
    pending = false;
    repairOptions(document);
    repairTabs(document);
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(repair); }
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ['class', 'role']});
  document.addEventListener('DOMContentLoaded', repair);
})();
