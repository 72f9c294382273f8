// Slow actions show that they are working and cannot be sent twice: a submitted form's buttons
// are disabled and the pressed one shows a spinner; htmx requests that change data do the same
// for their element. A form opts out with data-busy="off" (e.g. one whose answer is a download).
(function () {
  "use strict";

  var SPINNER = '<span class="spinner-border spinner-border-sm me-1" role="status" aria-hidden="true" data-busy-spinner></span>';

  function buttonsOf(form) {
    return Array.prototype.slice.call(form.querySelectorAll("button, input[type=submit]")).concat(
      form.id ? Array.prototype.slice.call(document.querySelectorAll('[form="' + form.id + '"]')) : []
    );
  }

  function markBusy(button) {
    if (!button || button.hasAttribute("data-busy-spinner-added")) {
      return;
    }
    button.setAttribute("data-busy-spinner-added", "");
    if (button.tagName === "BUTTON") {
      button.insertAdjacentHTML("afterbegin", SPINNER);
    }
  }

  function clear(button) {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.removeAttribute("data-busy-spinner-added");
    var spinner = button.querySelector("[data-busy-spinner]");
    if (spinner) {
      spinner.remove();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || form.getAttribute("data-busy") === "off") {
      return;
    }
    var posting = (form.getAttribute("method") || "get").toLowerCase() === "post";
    if (!posting && !form.hasAttribute("data-busy")) {
      return;
    }
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) {
      return; // htmx sends it; handled below
    }
    if (form.hasAttribute("data-busy-sent")) {
      event.preventDefault(); // the first submission is on its way
      return;
    }
    form.setAttribute("data-busy-sent", "");
    var pressed = event.submitter || form.querySelector("[type=submit], button:not([type])");
    markBusy(pressed);
    // Disabled after the browser has collected the form's values: a disabled button's own
    // name and value would otherwise not be sent.
    window.setTimeout(function () {
      buttonsOf(form).forEach(function (b) {
        b.disabled = true;
        b.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // Back to a page from the browser's cache: its forms can be used again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-busy-sent]").forEach(function (form) {
      form.removeAttribute("data-busy-sent");
      buttonsOf(form).forEach(clear);
    });
  });

  function changing(elt) {
    return elt && elt.matches && elt.matches("[hx-post], [hx-put], [hx-patch], [hx-delete]");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!changing(elt)) {
      return;
    }
    if (elt.hasAttribute("data-busy-sent")) {
      event.preventDefault();
      return;
    }
    elt.setAttribute("data-busy-sent", "");
    var buttons = elt.tagName === "FORM" ? buttonsOf(elt) : [elt];
    markBusy(elt.tagName === "FORM" ? event.detail.requestConfig && event.detail.requestConfig.triggeringEvent && event.detail.requestConfig.triggeringEvent.submitter || buttons[0] : elt);
    buttons.forEach(function (b) {
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
    });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!changing(elt) || !elt.hasAttribute("data-busy-sent")) {
      return;
    }
    elt.removeAttribute("data-busy-sent");
    (elt.tagName === "FORM" ? buttonsOf(elt) : [elt]).forEach(clear);
  });
})();
