/* global document, window */
// Keymoment's embeddable survey widget. One tag on the business's page:
//   <script src="https://<keymoment>/w/widget.js" data-survey="<link token>" data-event="load" async></script>
// data-event: "load" (after data-delay seconds, default 3), "exit" (the pointer leaves the window
// towards the tabs), or "manual" (only when the page calls keymoment('show')). The survey opens in
// an iframe of the survey page, which the server lets only the widget's allowed origins frame.
// After it was shown, it is not shown again for data-days days (default 30); "Don't ask again"
// hides it for good (localStorage). keymoment('hide') closes it, keymoment('reset') forgets both.
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-survey]');
  if (!script || window.__keymomentWidget) return;
  window.__keymomentWidget = true;
  var data = script.dataset;
  var token = data.survey || '';
  if (!/^[\w-]{20,200}$/.test(token)) return;
  var base = new URL(script.src).origin;
  var key = 'km-widget:' + token.slice(-24);
  var days = Number(data.days) || 30;
  var lang = (data.lang || document.documentElement.lang || navigator.language || 'en').toLowerCase();
  var WORDS = {
    en: ['Close', 'Don’t ask again', 'Survey'],
    'zh-cn': ['关闭', '不再询问', '问卷'],
    'zh-tw': ['關閉', '不再詢問', '問卷'],
    ru: ['Закрыть', 'Больше не спрашивать', 'Опрос'],
    hu: ['Bezárás', 'Ne kérdezzen többet', 'Kérdőív'],
  };
  var locale = WORDS[lang] ? lang : lang.indexOf('zh') === 0 ? (/tw|hk|hant/.test(lang) ? 'zh-tw' : 'zh-cn') : WORDS[lang.slice(0, 2)] ? lang.slice(0, 2) : 'en';
  var words = WORDS[locale];
  var pageLang = { 'zh-cn': 'zh-CN', 'zh-tw': 'zh-TW' }[locale] || locale;
  var box = null;

  function store(name, value) {
    try {
      if (value === undefined) name.removeItem(key);
      else name.setItem(key, value);
    } catch {
      // Storage can be blocked (private mode, third-party rules): then the widget simply asks again.
    }
  }
  function stored(name) {
    try {
      return name.getItem(key);
    } catch {
      return null;
    }
  }
  function suppressed() {
    var value = stored(localStorage);
    return value === 'never' || (value && Number(value) > Date.now()) || stored(sessionStorage) === 'closed';
  }

  function hide(forever) {
    if (!box) return;
    box.remove();
    box = null;
    store(sessionStorage, 'closed');
    if (forever) store(localStorage, 'never');
  }

  function button(text, onClick, style) {
    var node = document.createElement('button');
    node.type = 'button';
    node.textContent = text;
    node.style.cssText = 'font:14px/1.2 system-ui,sans-serif;cursor:pointer;border-radius:6px;padding:8px 12px;min-height:36px;' + style;
    node.addEventListener('click', onClick);
    return node;
  }

  function show() {
    if (box || suppressed()) return;
    if (stored(localStorage) !== 'never') store(localStorage, String(Date.now() + days * 864e5));
    box = document.createElement('div');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-label', words[2]);
    box.setAttribute('data-keymoment-widget', '');
    box.style.cssText =
      'position:fixed;z-index:2147483647;right:16px;bottom:16px;width:min(400px,calc(100vw - 32px));height:min(600px,calc(100vh - 32px));' +
      'display:flex;flex-direction:column;background:#fff;border:1px solid #d1d5db;border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.25);overflow:hidden';
    var bar = document.createElement('div');
    bar.style.cssText = 'display:flex;justify-content:flex-end;gap:8px;padding:8px;border-bottom:1px solid #e5e7eb;background:#f9fafb';
    bar.appendChild(button(words[1], function () { hide(true); }, 'background:#fff;color:#1d4ed8;border:1px solid #1d4ed8'));
    bar.appendChild(button('× ' + words[0], function () { hide(false); }, 'background:#1d4ed8;color:#fff;border:1px solid #1d4ed8'));
    var frame = document.createElement('iframe');
    frame.title = words[2];
    frame.src = base + '/s/' + encodeURIComponent(token) + '?lang=' + encodeURIComponent(pageLang);
    frame.style.cssText = 'flex:1;width:100%;border:0';
    box.appendChild(bar);
    box.appendChild(frame);
    box.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') hide(false);
    });
    document.body.appendChild(box);
  }

  var queued = (window.keymoment && window.keymoment.q) || [];
  window.keymoment = function (command) {
    if (command === 'show') show();
    else if (command === 'hide') hide(false);
    else if (command === 'reset') {
      store(localStorage);
      store(sessionStorage);
    }
  };
  for (var i = 0; i < queued.length; i++) window.keymoment.apply(null, queued[i]);

  var event = data.event || 'load';
  if (event === 'load') {
    var start = function () { setTimeout(show, (data.delay === undefined ? 3 : Number(data.delay) || 0) * 1000); };
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start);
  } else if (event === 'exit') {
    document.addEventListener('mouseout', function onOut(out) {
      if (out.relatedTarget || out.clientY > 0) return;
      document.removeEventListener('mouseout', onOut);
      show();
    });
  }
})();
