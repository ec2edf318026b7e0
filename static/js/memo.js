/* 相談メモ: the windows a resident ticks are kept only in this browser (localStorage), never on the server.
   Without JS the checkboxes submit the memo form (GET /memo/?w=1&w=2); with JS the choice also survives page changes
   and the memo link carries every window ticked so far (/memo/?w=1,2,3). */
(function () {
  "use strict";
  var KEY = "tsunagu.memo";
  var MAX = 20;

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return /^\d+$/.test(String(id)); }).map(String) : [];
    } catch (e) { return []; }
  }

  function save(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX))); } catch (e) { /* not persisted */ }
  }

  function memoUrl(ids) { return "/memo/?w=" + ids.join(","); }

  document.addEventListener("DOMContentLoaded", function () {
    var ids = load();
    var form = document.getElementById("memo-form");
    var boxes = document.querySelectorAll("input.memo-pick");
    var status = form ? form.querySelector("[data-memo-status]") : null;
    var clear = form ? form.querySelector("[data-memo-clear]") : null;

    function render(announce) {
      if (status) {
        status.textContent = ids.length ? ids.length + "件の窓口を選んでいます。" : (announce ? "選んでいる窓口はありません。" : "");
      }
      if (clear) { clear.hidden = ids.length === 0; }
      var link = document.querySelector("[data-memo-link]");
      if (link) {
        link.hidden = ids.length === 0;
        link.href = memoUrl(ids);
        var count = link.querySelector("[data-memo-count]");
        if (count) { count.textContent = "（" + ids.length + "件）"; }
      }
    }

    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = ids.indexOf(boxes[i].value) !== -1;
      boxes[i].addEventListener("change", function (event) {
        var id = event.target.value;
        ids = ids.filter(function (x) { return x !== id; });
        if (event.target.checked) { ids.push(id); }
        save(ids);
        render(true);
      });
    }
    render(false);

    if (form) {
      form.addEventListener("submit", function (event) {
        if (ids.length) {
          event.preventDefault();
          window.location.href = memoUrl(ids);
        }
      });
    }
    if (clear) {
      clear.addEventListener("click", function () {
        ids = [];
        save(ids);
        for (var j = 0; j < boxes.length; j++) { boxes[j].checked = false; }
        render(true);
      });
    }
    // On the memo page: remember what the shared URL lists, and offer print.
    var memo = document.querySelector("[data-memo-ids]");
    if (memo) {
      var shown = memo.getAttribute("data-memo-ids").split(",").filter(Boolean);
      if (shown.length) { save(shown); }
    }
    // 「印刷する」「この一覧を印刷」 buttons: hidden without JS (the browser's own print still works).
    var prints = document.querySelectorAll("[data-print]");
    for (var k = 0; k < prints.length; k++) {
      prints[k].hidden = false;
      prints[k].addEventListener("click", function () { window.print(); });
    }
  });
})();
