/* global document, window */
// The kiosk page's script: one question per screen, faces for 1–5 scales, a thank-you screen, back to
// the start after the device's idle time. Every finished (or abandoned after the first answer) survey
// is put in a queue in localStorage first and uploaded from there, so nothing is lost while offline;
// each item has a client id, which the server turns into an idempotent external id.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('km-config').textContent);
  const root = document.getElementById('km-kiosk');
  const status = document.getElementById('km-status');
  const words = config.words;
  const FACE_COLOURS = ['#b91c1c', '#c2410c', '#a16207', '#15803d', '#166534'];
  const MOUTHS = ['M30 72q20-18 40 0', 'M32 70q18-10 36 0', 'M32 68h36', 'M32 64q18 10 36 0', 'M28 60q22 22 44 0'];
  let answers = {};
  let index = 0;
  let idleTimer = 0;
  let syncing = false;

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => {
      if (name === 'text') node.textContent = attributes[name];
      else if (name === 'onclick') node.addEventListener('click', attributes[name]);
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function face(level) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 100 100');
    svg.setAttribute('aria-hidden', 'true');
    svg.innerHTML =
      `<circle cx="50" cy="50" r="46" fill="${FACE_COLOURS[level]}"/>` +
      '<circle cx="35" cy="40" r="6" fill="#fff"/><circle cx="65" cy="40" r="6" fill="#fff"/>' +
      `<path d="${MOUTHS[level]}" stroke="#fff" stroke-width="6" fill="none" stroke-linecap="round"/>`;
    return svg;
  }

  // ---------- show-if (the same rules as the survey page) ----------
  function holds(condition) {
    const value = answers[condition.questionId];
    const given = value !== undefined && !(Array.isArray(value) && value.length === 0);
    if (condition.operator === 'answered') return given;
    if (!given) return false;
    const list = Array.isArray(value) ? value : [value];
    if (condition.operator === 'equals') return list.indexOf(condition.value) >= 0;
    if (condition.operator === 'not_equals') return list.indexOf(condition.value) < 0;
    if (condition.operator === 'in') return list.some((item) => condition.value.indexOf(item) >= 0);
    if (condition.operator === 'gte') return value >= condition.value;
    if (condition.operator === 'lte') return value <= condition.value;
    return false;
  }
  const shown = (question) => (question.showIf || []).every(holds);

  // ---------- the queue ----------
  function queue() {
    try {
      return JSON.parse(localStorage.getItem(config.storageKey) || '[]');
    } catch {
      return [];
    }
  }
  function saveQueue(items) {
    localStorage.setItem(config.storageKey, JSON.stringify(items));
  }
  function clientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, (byte) => (byte + 256).toString(16).slice(1)).join('');
  }
  function showStatus(offline) {
    status.textContent = offline && queue().length ? words.offline : '';
  }

  async function sync() {
    if (syncing) return;
    const items = queue().slice(0, 50);
    if (!items.length) return showStatus(false);
    syncing = true;
    try {
      const response = await fetch(config.uploadUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ responses: items }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const result = await response.json();
      // Stored (created or already there) and refused items leave the queue; a refused one would fail forever.
      const done = {};
      result.results.forEach((item) => (done[item.clientId] = true));
      saveQueue(queue().filter((item) => !done[item.clientId]));
      showStatus(false);
      syncing = false;
      if (queue().length) sync();
    } catch {
      syncing = false;
      showStatus(true);
    }
  }

  function finish() {
    if (Object.keys(answers).length) {
      const items = queue();
      items.push({ clientId: clientId(), answeredAt: new Date().toISOString(), version: config.version, locale: config.locale, answers: answers });
      saveQueue(items);
      sync();
    }
    answers = {};
    index = 0;
  }

  // ---------- screens ----------
  function restartTimer(seconds) {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      finish();
      render();
    }, seconds * 1000);
  }

  function answer(id, value) {
    answers[id] = value;
    next();
  }

  function next() {
    index += 1;
    render();
  }

  function currentQuestion() {
    while (index < config.questions.length && !shown(config.questions[index])) {
      delete answers[config.questions[index].id];
      index += 1;
    }
    return config.questions[index];
  }

  function heading(question) {
    const nodes = [el('h2', { id: 'km-q', text: question.title })];
    if (question.help) nodes.push(el('p', { text: question.help }));
    return nodes;
  }

  function skipButton(question) {
    return question.required ? [] : [el('button', { type: 'button', text: words.skip, onclick: next })];
  }

  function scaleScreen(question) {
    const scale = question.scale;
    const values = [];
    for (let value = scale.min; value <= scale.max; value++) values.push(value);
    if (values.length === 5) {
      return [
        el(
          'div',
          { class: 'faces', role: 'group', 'aria-labelledby': 'km-q' },
          values.map((value, level) => el('button', { type: 'button', class: 'face', 'aria-label': `${value} – ${words.faces[level]}`, onclick: () => answer(question.id, value) }, [face(level), el('span', { text: words.faces[level] })])),
        ),
        el('div', { class: 'actions' }, skipButton(question)),
      ];
    }
    return [
      el(
        'div',
        { class: 'scale', role: 'group', 'aria-labelledby': 'km-q' },
        values.map((value) => {
          const end = value === scale.min ? ` – ${scale.lowLabel}` : value === scale.max ? ` – ${scale.highLabel}` : '';
          return el('button', { type: 'button', 'aria-label': `${value}${end}`, text: String(value), onclick: () => answer(question.id, value) });
        }),
      ),
      el('div', { class: 'ends', 'aria-hidden': 'true' }, [el('span', { text: scale.lowLabel }), el('span', { text: scale.highLabel })]),
      el('div', { class: 'actions' }, skipButton(question)),
    ];
  }

  function choiceScreen(question) {
    const multiple = question.type === 'multiple_choice';
    const chosen = multiple ? (answers[question.id] || []).slice() : [];
    const nextButton = el('button', { type: 'button', class: 'primary', text: words.next });
    const update = () => {
      if (multiple) nextButton.disabled = question.required && chosen.length === 0;
    };
    nextButton.addEventListener('click', () => {
      if (chosen.length) answers[question.id] = chosen;
      next();
    });
    const buttons = question.options.map((option) => {
      const button = el('button', { type: 'button', text: option.label });
      if (!multiple) {
        button.addEventListener('click', () => answer(question.id, option.id));
        return button;
      }
      button.setAttribute('aria-pressed', String(chosen.indexOf(option.id) >= 0));
      button.addEventListener('click', () => {
        const at = chosen.indexOf(option.id);
        if (at >= 0) chosen.splice(at, 1);
        else if (!question.maxSelected || chosen.length < question.maxSelected) chosen.push(option.id);
        buttons.forEach((other, position) => other.setAttribute('aria-pressed', String(chosen.indexOf(question.options[position].id) >= 0)));
        update();
      });
      return button;
    });
    update();
    return [el('div', { class: 'choices', role: 'group', 'aria-labelledby': 'km-q' }, buttons), el('div', { class: 'actions' }, multiple ? skipButton(question).concat([nextButton]) : skipButton(question))];
  }

  function textScreen(question) {
    const area = el('textarea', { 'aria-labelledby': 'km-q', maxlength: String(question.maxLength || 2000) });
    area.value = answers[question.id] || '';
    area.addEventListener('input', () => restartTimer(config.resetSeconds));
    const send = el('button', { type: 'button', class: 'primary', text: words.send });
    send.addEventListener('click', () => {
      if (area.value.trim()) answers[question.id] = area.value.trim();
      else if (question.required) return area.focus();
      next();
    });
    return [area, el('div', { class: 'actions' }, skipButton(question).concat([send]))];
  }

  function consentScreen(question) {
    return [
      el('div', { class: 'choices', role: 'group', 'aria-labelledby': 'km-q' }, [
        el('button', { type: 'button', text: words.yes, onclick: () => answer(question.id, true) }),
        el('button', { type: 'button', text: words.no, onclick: () => answer(question.id, false) }),
      ]),
    ];
  }

  function thanksScreen() {
    finish();
    const restart = el('button', { type: 'button', class: 'primary', text: words.restart, onclick: render });
    restartTimer(Math.min(config.resetSeconds, 8));
    return [el('div', { class: 'thanks' }, [el('h2', { text: words.thankYou }), el('p', { text: config.thankYou }), el('div', { class: 'actions' }, [restart])])];
  }

  function render() {
    const question = currentQuestion();
    let nodes;
    if (!question) nodes = thanksScreen();
    else {
      restartTimer(config.resetSeconds);
      const body =
        question.scale ? scaleScreen(question)
        : question.type === 'text' ? textScreen(question)
        : question.type === 'consent' ? consentScreen(question)
        : choiceScreen(question);
      nodes = heading(question).concat(body);
    }
    root.textContent = '';
    nodes.forEach((node) => root.appendChild(node));
    const first = root.querySelector('button, textarea');
    if (first) first.focus();
  }

  document.addEventListener('pointerdown', () => {
    if (index > 0) restartTimer(config.resetSeconds);
  });
  document.addEventListener('keydown', () => {
    if (index > 0) restartTimer(config.resetSeconds);
  });
  window.addEventListener('online', sync);
  setInterval(sync, 30000);
  render();
  sync();
})();
