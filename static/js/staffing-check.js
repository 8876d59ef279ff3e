// The 8u/19u rule checked as the organisation types: the server runs the same rule function
// as on saving and answers with the messages, which replace the block on the page.
(function () {
  "use strict";
  var form = document.getElementById("bezetting-form");
  if (!form || !window.fetch) return;
  var timer = null;
  function check() {
    fetch(form.dataset.checkUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) return;
      var current = document.getElementById("bezetting-controle");
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#bezetting-controle");
      if (current && fresh) current.replaceWith(fresh);
    }).catch(function () { /* the check on saving still runs */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
})();
