/* certkit web: progressive enhancements only — every page works without this script. */
(function () {
  "use strict";
  function passwordNeeded(name) { return /\.(p12|pfx)$/i.test(name || ""); }

  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var form = zone.closest("form");
    var password = form && form.querySelector("[data-password]");
    function refresh() {
      if (!password) { return; }
      var file = input.files && input.files[0];
      password.hidden = !!file && !passwordNeeded(file.name);
    }
    input.addEventListener("change", refresh);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        refresh();
        input.focus();
      }
    });
    refresh();
  });

  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      var value = target ? target.getAttribute("data-value") : "";
      var done = function () { if (status) { status.textContent = status.getAttribute("data-copied"); } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(done, function () { fallback(value); done(); });
      } else { fallback(value); done(); }
    });
  });
  function fallback(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (error) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
