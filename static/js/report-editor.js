// The paragraph editor: figures are chips (name and value) over the references in the text.
(function () {
  const OPEN = "{" + "{", CLOSE = "}" + "}";
  let saved = null;
  function serialise(node) {
    let out = "";
    node.childNodes.forEach(function (n) {
      if (n.nodeType === Node.TEXT_NODE) out += n.data;
      else if (n.dataset && n.dataset.code) out += OPEN + n.dataset.code + CLOSE;
      else if (n.nodeName === "BR") out += "\n";
      else {
        const block = n.nodeName === "DIV" || n.nodeName === "P";
        if (block && out && !out.endsWith("\n")) out += "\n";
        out += serialise(n);
      }
    });
    return out;
  }
  function sync(editor) {
    document.getElementById(editor.dataset.source).value = serialise(editor).replace(/\u00a0/g, " ");
  }
  function chip(code, name, value) {
    const span = document.createElement("span");
    span.className = "figure-chip";
    span.contentEditable = "false";
    span.dataset.code = code;
    span.title = name + "：随台账数据重新计算";
    const label = document.createElement("span");
    label.className = "chip-name";
    label.textContent = name;
    const b = document.createElement("b");
    b.className = "chip-value";
    b.textContent = value;
    span.append(label, " ", b);
    return span;
  }
  document.addEventListener("input", function (e) {
    if (e.target.classList && e.target.classList.contains("chip-editor")) sync(e.target);
    if (e.target.classList && e.target.classList.contains("chip-filter")) {
      const q = e.target.value.trim();
      e.target.closest("details").querySelectorAll(".chip-insert").forEach(function (b) {
        b.hidden = q && !b.dataset.name.includes(q);
      });
    }
  });
  document.addEventListener("paste", function (e) {
    if (!e.target.closest || !e.target.closest(".chip-editor")) return;
    e.preventDefault();
    document.execCommand("insertText", false, e.clipboardData.getData("text/plain"));
  });
  document.addEventListener("selectionchange", function () {
    const sel = document.getSelection();
    if (sel.rangeCount && sel.anchorNode && sel.anchorNode.parentElement &&
        sel.anchorNode.parentElement.closest(".chip-editor, .chip-editor *")) saved = sel.getRangeAt(0).cloneRange();
  });
  document.addEventListener("mousedown", function (e) {
    if (e.target.closest && e.target.closest(".chip-insert")) e.preventDefault();  // keep the caret
  });
  document.addEventListener("click", function (e) {
    const button = e.target.closest && e.target.closest(".chip-insert");
    if (!button) return;
    const editor = button.closest("form").querySelector(".chip-editor");
    const node = chip(button.dataset.code, button.dataset.name, button.dataset.value);
    if (saved && editor.contains(saved.startContainer)) {
      saved.deleteContents();
      saved.insertNode(node);
    } else editor.append(node);
    const range = document.createRange();
    range.setStartAfter(node);
    range.collapse(true);
    const sel = document.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    saved = range.cloneRange();
    editor.focus();
    sync(editor);
  });
  document.addEventListener("htmx:configRequest", function (e) {
    const editor = e.detail.elt.querySelector && e.detail.elt.querySelector(".chip-editor");
    if (editor) {
      sync(editor);
      e.detail.parameters.text = document.getElementById(editor.dataset.source).value;
    }
  });
})();
