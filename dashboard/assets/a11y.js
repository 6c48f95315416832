// Accessibility repairs for Dash 4's dcc.RadioItems, dcc.Checklist and dcc.Upload, applied to the DOM as
// React renders it (an asset file, not an inline script, so a strict Content-Security-Policy
// allows it): each native <input> sits inside a <label role="option"> of a role="listbox",
// which axe reports as nested-interactive and an unnamed listbox. The native radios and
// checkboxes, grouped by their <fieldset> and <legend>, are already the right semantics, so
// the ARIA roles are removed.
(function () {
  function repair() {
    document.querySelectorAll('.dash-options-list[role]').forEach(function (list) {
      list.removeAttribute('role');
      list.querySelectorAll('[role="option"]').forEach(function (label) {
        label.removeAttribute('role');
        label.removeAttribute('aria-selected');
      });
    });
    // dcc.Upload's hidden file input has no label of its own: name it after the visible text
    // of the drop zone around it (the "Check an article" page).
    document.querySelectorAll('#check-upload input[type="file"]:not([aria-label])')
      .forEach(function (input) {
        input.setAttribute('aria-label', 'Upload the article as a .txt or .html file');
      });
  }
  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; repair(); });
    }
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ['role']});
  document.addEventListener('DOMContentLoaded', repair);
})();
