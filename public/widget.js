/* Switchboard chat loader: one script tag on any site.
 * <script src="https://desk.example/widget.js" data-workspace="default" async></script>
 * Adds a launcher button in a shadow root (the host's styles cannot reach
 * it, its styles cannot leak out) and loads the widget in an iframe on the desk's
 * origin when opened, or when the browser is idle. One global: Switchboard. */
(function (w, d) {
  if (w.Switchboard) return;
  var s = d.currentScript, origin = new URL(s.src).origin;
  var attr = function (n) { return s.getAttribute('data-' + n) || ''; };
  var frame, ready = 0, open = 0, queue = [], on = {}, host = d.createElement('div');
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML = '<style>:host{all:initial}button{position:fixed;right:20px;bottom:20px;z-index:2147483646;' +
    'width:56px;height:56px;border:0;border-radius:50%;background:' + (attr('color') || '#2454d6') +
    ';color:#fff;font:600 24px/1 system-ui,sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    'button:focus-visible{outline:3px solid #000;outline-offset:2px}iframe{position:fixed;right:20px;bottom:88px;' +
    'z-index:2147483647;width:380px;height:600px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);' +
    'border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff}[hidden]{display:none}</style>' +
    '<button type="button" aria-expanded="false" aria-label="Chat with us">?</button>';
  var btn = root.querySelector('button');
  function emit(type, data) {
    (on[type] || []).forEach(function (f) { try { f(data); } catch (e) { setTimeout(function () { throw e; }); } });
  }
  function post(m) {
    if (ready) frame.contentWindow.postMessage(m, origin); else queue.push(m);
  }
  function load() {
    if (frame) return;
    frame = d.createElement('iframe');
    frame.title = 'Chat with us';
    frame.hidden = !open;
    frame.setAttribute('allow', 'clipboard-write');
    frame.src = origin + '/widget?workspace=' + encodeURIComponent(attr('workspace') || 'default') +
      '&lang=' + encodeURIComponent(attr('lang') || navigator.language || 'en') +
      '&page=' + encodeURIComponent(location.href.slice(0, 500));
    root.appendChild(frame);
  }
  function show(v) {
    open = v;
    load();
    frame.hidden = !v;
    btn.setAttribute('aria-expanded', String(!!v));
    btn.textContent = v ? '\u00d7' : '?';
    post({ sb: v ? 'opened' : 'closed' });
    emit(v ? 'open' : 'close');
  }
  w.addEventListener('message', function (e) {
    var m = e.data;
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow || !m || !m.sb) return;
    if (m.sb === 'ready') {
      ready = 1;
      queue.splice(0).forEach(post);
      post({ sb: open ? 'opened' : 'closed' });
    } else if (m.sb === 'close') show(0);
    else if (m.sb === 'event') emit(m.type, m.data);
  });
  btn.onclick = function () { show(!open); };
  w.Switchboard = {
    identify: function (who) { post({ sb: 'identify', who: who }); },
    open: function () { show(1); },
    close: function () { show(0); },
    on: function (type, f) { (on[type] = on[type] || []).push(f); },
    off: function (type, f) { on[type] = (on[type] || []).filter(function (g) { return g !== f; }); }
  };
  (d.body || d.documentElement).appendChild(host);
  (w.requestIdleCallback || setTimeout)(load, { timeout: 4000 });
})(window, document);
