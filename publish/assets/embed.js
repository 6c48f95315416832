// An embed page tells the page that frames it how tall it is, as Datawrapper's embeds do:
// {"claimcheck-height": {"<embed id>": <px>}} by postMessage, on load and on every resize;
// the embed snippet's listener sets the height of the iframe that sent it.
(function () {
  'use strict';
  if (window.parent === window) { return; }
  var id = document.documentElement.getAttribute('data-embed-id') || 'embed';
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) { return; }
    last = height;
    var message = {};
    message['claimcheck-height'] = {};
    message['claimcheck-height'][id] = height;
    window.parent.postMessage(message, '*');
  }
  window.addEventListener('load', post);
  window.addEventListener('resize', post);
  if (window.ResizeObserver) { new ResizeObserver(post).observe(document.documentElement); }
  document.addEventListener('toggle', post, true);  // a <details> opened or closed
  post();
})();
