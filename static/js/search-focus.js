/* After a search, focus lands on the results heading (or the 「見つかりませんでした」 help), so the first Tab reaches
   the first result and its phone instead of walking the header again. Not on a crisis page: its panel comes first. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-search-focus]");
    if (target && /[?&]q=[^&]/.test(window.location.search)) {
      target.focus();
    }
  });
})();
