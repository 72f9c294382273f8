(function () {
  const start = Date.now();
  const timer = setInterval(function () {
    const seconds = Math.round((Date.now() - start) / 1000);
    const shown = document.getElementById("pdf-seconds");
    if (!shown) { clearInterval(timer); return; }
    shown.textContent = seconds;
    // LibreOffice reports no progress: the bar follows the usual duration and waits near the end.
    document.getElementById("pdf-bar").style.width = Math.min(95, 5 + seconds * 3) + "%";
  }, 1000);
})();
