/* Counts that a result of a search was followed (a link or a phone number in a result), for the editors' search-term
   report: only the normalised query is sent, as one more click on today's count; nothing about the person. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var page = document.querySelector("[data-search-term][data-click-url]");
    if (!page || !navigator.sendBeacon) {
      return;
    }
    var sent = false;
    page.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".search-result a[href]") : null;
      if (!link || sent) {
        return;
      }
      sent = true; // one count per results page, however many results are opened
      var data = new FormData();
      data.append("q", page.getAttribute("data-search-term"));
      navigator.sendBeacon(page.getAttribute("data-click-url"), data);
    });
  });
})();
