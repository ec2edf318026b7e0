/* The city of the header search: remembered on this device only (localStorage), never sent anywhere but as the
   search form's own field. Progressive enhancement: without this script the select simply starts at 全国. */
(function () {
  "use strict";
  var KEY = "tsunagu.city";
  var select = document.getElementById("site-search-city");
  if (!select) { return; }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { /* private mode: nothing remembered */ }
  if (saved && !select.value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === saved) { select.value = saved; break; }
    }
  }
  select.addEventListener("change", function () {
    try {
      if (select.value) { window.localStorage.setItem(KEY, select.value); }
      else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* not persisted */ }
  });
})();
