/* Display preferences: text size, high contrast, ふりがな. Progressive enhancement: the CSS does the work through
   classes on <html>; this script only remembers the resident's choice (localStorage) and wires the switches. */
(function () {
  "use strict";
  var KEY = "tsunagu.prefs";
  var DEFAULTS = { size: "normal", contrast: "normal", furigana: "off" };
  var root = document.documentElement;

  function load() {
    var prefs = { size: DEFAULTS.size, contrast: DEFAULTS.contrast, furigana: DEFAULTS.furigana };
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      for (var k in DEFAULTS) { if (typeof saved[k] === "string") { prefs[k] = saved[k]; } }
    } catch (e) { /* private mode or corrupt value: defaults */ }
    // ?furigana=1 in the URL (the no-JS switch) wins for this page.
    if (/[?&]furigana=1(&|$)/.test(window.location.search)) { prefs.furigana = "on"; }
    return prefs;
  }

  function save(prefs) {
    try { window.localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* not persisted */ }
  }

  function apply(prefs) {
    root.classList.remove("text-large", "text-xlarge", "contrast-high", "furigana-on", "furigana-off");
    if (prefs.size === "large") { root.classList.add("text-large"); }
    if (prefs.size === "xlarge") { root.classList.add("text-xlarge"); }
    if (prefs.contrast === "high") { root.classList.add("contrast-high"); }
    root.classList.add(prefs.furigana === "on" ? "furigana-on" : "furigana-off");
  }

  function sync(prefs) {
    var buttons = document.querySelectorAll("[data-pref]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      b.setAttribute("aria-pressed", String(prefs[b.getAttribute("data-pref")] === b.getAttribute("data-value")));
    }
  }

  var prefs = load();
  apply(prefs);

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("display-prefs");
    if (!panel) { return; }
    sync(prefs);
    panel.hidden = false;
    panel.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-pref]") : null;
      if (!button) { return; }
      prefs[button.getAttribute("data-pref")] = button.getAttribute("data-value");
      apply(prefs);
      sync(prefs);
      save(prefs);
    });
  });
})();
