// heed serve: reloads the page when the site was rebuilt and the page
// changed. heed serve adds this script to the pages it serves; it is never
// part of a built site.
(function () {
  "use strict";
  var me = document.querySelector("script[data-heed-etag]");
  if (!me || !window.EventSource) {
    return;
  }
  var url = "/__heed/events?path=" + encodeURIComponent(location.pathname) +
    "&etag=" + encodeURIComponent(me.getAttribute("data-heed-etag"));
  var events = new EventSource(url);
  events.addEventListener("reload", function () {
    events.close();
    location.reload();
  });
})();
