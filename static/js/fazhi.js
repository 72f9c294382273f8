// Behaviour the templates declare with data- attributes, so pages need no inline script and the
// Content-Security-Policy can forbid it (script-src 'self').
(function () {
  "use strict";

  // <select data-autosubmit>: choosing a value submits its form (year switches, horizons).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  // <form data-confirm="…">: asks before an irreversible submission.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // <button data-insert-token="{{code}}" data-insert-into="id">: puts a figure token into a
  // paragraph's text at the cursor (report editing).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-insert-token]");
    if (!button) {
      return;
    }
    var text = document.getElementById(button.getAttribute("data-insert-into"));
    if (!text) {
      return;
    }
    text.setRangeText(button.getAttribute("data-insert-token"), text.selectionStart, text.selectionEnd, "end");
    text.focus();
  });
})();
