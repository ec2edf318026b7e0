/* Quick exit (すぐにこのページを離れる) on DV and abuse pages.
   The button and Esc pressed twice (within 1.5 s) replace this page with a neutral one: location.replace drops
   this page's entry from the history, so the Back button does not return to it. */
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) { return; }
  var target = button.getAttribute("href");
  var lastEscape = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";
    window.location.replace(target);
  }

  button.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { leave(event); return; }
    lastEscape = now;
  });
}());
