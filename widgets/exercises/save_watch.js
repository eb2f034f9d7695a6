/* The save status's watch in the browser (see Saver in base.py): what the kernel cannot say once it is dead.
   Installed once per page from the first save status line; each status line then registers itself.
   - Every text the learner types in an exercise is kept in this tab (sessionStorage) until its
     status line says "Saved"; a reload offers back what was not saved.
   - When the page's kernel dies or restarts (Voila: jupyterapp.widgetManager.kernel), every status
     line says "Not saved" and how to reconnect. Learner text only ever goes in as textContent. */
(function () {
  var W = window.sllSaveWatch;
  if (W) { return; }
  W = window.sllSaveWatch = { lost: false, offered: [] };
  var PREFIX = 'sll-draft:' + location.pathname + ':';
  var FIELD = 'textarea, input[type="text"], input:not([type])';
  var LOST = 'Not saved \u2014 the page lost its connection to the course. Reload the page to reconnect: ' +
    'what you type here is kept in this browser tab and offered back after the reload.';

  function exerciseOf(status) {
    for (var i = 0; i < status.classList.length; i++) {
      if (status.classList[i].indexOf('sll-saves--') === 0) { return status.classList[i].slice(11); }
    }
    return '';
  }
  function boxOf(node) { return node.closest('.sll-exercise'); }
  function fieldsOf(box) { return box ? Array.prototype.slice.call(box.querySelectorAll(FIELD)) : []; }
  function nameOf(field, index) { return index + ':' + (field.placeholder || field.getAttribute('aria-label') || ''); }
  function keysOf(exercise) {
    var found = [];
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(PREFIX + exercise + ':') === 0) { found.push(key); }
      }
    } catch (e) { /* storage refused (private mode): nothing kept */ }
    return found;
  }
  function read(key) {
    try { var d = JSON.parse(sessionStorage.getItem(key)); return d && typeof d.text === 'string' ? d : null; }
    catch (e) { return null; }
  }
  function drop(key) { try { sessionStorage.removeItem(key); } catch (e) { /* nothing kept */ } }

  var typed = [], timer = null;  // fields typed in since the last write to the tab's storage
  function keep() {
    timer = null;
    typed.splice(0).forEach(function (field) {
      var box = boxOf(field), status = box && box.querySelector('.sll-save-status');
      var exercise = status && exerciseOf(status);
      if (!exercise) { return; }
      try {
        sessionStorage.setItem(PREFIX + exercise + ':' + nameOf(field, fieldsOf(box).indexOf(field)),
                               JSON.stringify({ text: field.value, at: Date.now() }));
      } catch (e) { /* full or refused: the kernel still saves */ }
    });
  }
  document.addEventListener('input', function (event) {  // keystrokes stay fast: written a moment later
    var field = event.target;
    if (!field || !field.matches || !field.matches(FIELD) || !boxOf(field)) { return; }
    if (typed.indexOf(field) < 0) { typed.push(field); }
    if (!timer) { timer = setTimeout(keep, 250); }
  }, true);
  window.addEventListener('pagehide', keep);  // a reload while a write is due

  function forgetSaved() {  // a status line that says "Saved": its drafts equal to what is on the page are safe
    if (W.lost) { return; }
    document.querySelectorAll('.sll-save-status').forEach(function (status) {
      if ((status.textContent || '').trim().indexOf('Saved') !== 0) { return; }
      var exercise = exerciseOf(status), fields = fieldsOf(boxOf(status));
      keysOf(exercise).forEach(function (key) {
        var d = read(key), name = key.slice((PREFIX + exercise + ':').length);
        var field = fields.filter(function (f, i) { return nameOf(f, i) === name; })[0];
        if (!d || (field && field.value === d.text)) { drop(key); }
      });
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    setTimeout(function () { pending = false; forgetSaved(); }, 200);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });

  function lost() {
    if (W.lost) { return; }
    W.lost = true;
    document.querySelectorAll('.sll-save-status').forEach(function (status) {
      var target = status.querySelector('.widget-html-content') || status;
      var line = document.createElement('span');
      line.className = 'sll-save-lost';
      line.setAttribute('role', 'alert');
      line.style.cssText = 'color:#b23a48;font-weight:600';
      line.textContent = LOST;
      target.textContent = '';
      target.appendChild(line);
    });
  }
  function watch() {
    var app = window.jupyterapp, manager = app && (app.widgetManager || app._widgetManager);
    var kernel = manager && manager.kernel;
    if (!kernel || !kernel.statusChanged) { return false; }
    kernel.statusChanged.connect(function (_, status) {
      if (status === 'dead' || status === 'restarting' || status === 'autorestarting') { lost(); }
    });
    if (kernel.connectionStatusChanged) {
      kernel.connectionStatusChanged.connect(function (_, status) { if (status === 'disconnected') { lost(); } });
    }
    if (kernel.status === 'dead' || kernel.connectionStatus === 'disconnected') { lost(); }
    return true;
  }
  var tries = 0;
  (function again() { if (!watch() && ++tries < 120) { setTimeout(again, 500); } })();  // JupyterLab: gives up

  function offer(status, items) {
    var note = document.createElement('div');
    note.className = 'sll-draft-offer';
    note.setAttribute('role', 'status');
    note.style.cssText = 'border:2px solid #c98b2b;border-radius:6px;padding:8px 10px;margin:6px 0;max-width:640px';
    var intro = document.createElement('p');
    intro.style.margin = '0 0 6px';
    intro.textContent = 'This page was reloaded before your last typing here was saved. It is below.';
    note.appendChild(intro);
    items.forEach(function (item) {
      var text = document.createElement('div');
      text.style.cssText = 'white-space:pre-wrap;margin:0 0 6px;padding:4px 8px;background:#f6f1e7;' +
        'max-height:8em;overflow:auto';
      text.textContent = item.text;
      note.appendChild(text);
    });
    function button(label, act) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.style.cssText = 'margin-right:8px;padding:4px 10px';
      b.addEventListener('click', act);
      note.appendChild(b);
      return b;
    }
    var fits = items.filter(function (item) { return item.field; });
    if (fits.length) {
      button('Put it back', function () {
        fits.forEach(function (item) {
          item.field.value = item.text;
          item.field.dispatchEvent(new Event('input', { bubbles: true }));
          item.field.dispatchEvent(new Event('change', { bubbles: true }));
        });
        items.forEach(function (item) { if (!item.field) { drop(item.key); } });
        note.remove();
      }).className = 'sll-draft-restore';
    }
    button('Discard', function () {
      items.forEach(function (item) { drop(item.key); });
      note.remove();
    }).className = 'sll-draft-discard';
    status.parentNode.insertBefore(note, status.nextSibling);
  }

  W.register = function (img) {
    var status = img.closest('.sll-save-status');
    if (!status || W.offered.indexOf(status) >= 0) { return; }
    W.offered.push(status);
    var exercise = exerciseOf(status), keys = keysOf(exercise), tries = 0;
    if (!keys.length) { return; }
    (function when() {  // the exercise's text boxes render a moment after its status line
      var fields = fieldsOf(boxOf(status));
      if (!fields.length && ++tries < 40) { setTimeout(when, 250); return; }
      var items = [];
      keys.forEach(function (key) {
        var d = read(key), name = key.slice((PREFIX + exercise + ':').length);
        var field = fields.filter(function (f, i) { return nameOf(f, i) === name; })[0];
        if (!d || (field && field.value === d.text)) { drop(key); return; }
        items.push({ key: key, field: field || null, text: d.text });
      });
      if (items.length) { offer(status, items); }
    })();
  };
  (window.sllSaveQueue || []).forEach(W.register);
  window.sllSaveQueue = { push: W.register };
})();
