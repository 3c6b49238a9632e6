/* global document, window, history */
// The survey page's only script (progressive enhancement: the form works without it). It shows and
// hides questions by their show-if conditions and saves the answers as the respondent goes.
(function () {
  'use strict';
  var form = document.querySelector('form[data-survey]');
  if (!form) return;
  var texts = JSON.parse(form.getAttribute('data-texts') || '{}');
  var status = document.getElementById('save-status');
  var questions = Array.prototype.slice.call(form.querySelectorAll('[data-q]'));
  document.documentElement.className += ' js';

  function valuesOf(id) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name="q.' + id + '"]'), function (input) {
      if (input.disabled) return;
      var chosen = input.type === 'radio' || input.type === 'checkbox' ? input.checked : input.value.trim() !== '';
      if (chosen) values.push(input.value);
    });
    return values;
  }

  // Form values are strings; consent is yes/no in the form and true/false in conditions.
  function asFormValue(value) {
    return value === true ? 'yes' : value === false ? 'no' : String(value);
  }

  function holds(condition, shown) {
    var values = shown[condition.questionId] ? valuesOf(condition.questionId) : [];
    if (condition.operator === 'answered') return values.length > 0;
    if (values.length === 0) return false;
    var value = condition.value;
    switch (condition.operator) {
      case 'equals':
        return values.indexOf(asFormValue(value)) >= 0;
      case 'not_equals':
        return values.indexOf(asFormValue(value)) < 0;
      case 'in':
        return value.some(function (item) {
          return values.indexOf(asFormValue(item)) >= 0;
        });
      case 'gte':
        return Number(values[0]) >= value;
      case 'lte':
        return Number(values[0]) <= value;
    }
    return false;
  }

  // In question order, so a question hidden by an earlier one hides the ones that depend on it.
  function applyShowIf() {
    var shown = {};
    questions.forEach(function (question) {
      var conditions = JSON.parse(question.getAttribute('data-show-if') || '[]');
      var visible = conditions.every(function (condition) {
        return holds(condition, shown);
      });
      shown[question.getAttribute('data-q')] = visible;
      question.hidden = !visible;
      Array.prototype.forEach.call(question.querySelectorAll('input, textarea'), function (input) {
        input.disabled = !visible;
      });
    });
  }

  var timer;
  function say(text) {
    if (status) status.textContent = text;
  }
  function save() {
    var body = new URLSearchParams(new FormData(form));
    body.set('_action', 'save');
    say(texts.saving);
    fetch(form.action, { method: 'POST', body: body, headers: { accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (result) {
        say(texts.saved);
        // A public link starts the respondent's own link: keep it in the address bar so a reload resumes.
        if (result.path && window.location.pathname !== result.path) history.replaceState(null, '', result.path);
      })
      .catch(function () {
        say(texts.failed);
        timer = setTimeout(save, 10000);
      });
  }
  function saveSoon(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener('change', function () {
    applyShowIf();
    saveSoon(400);
  });
  form.addEventListener('input', function (event) {
    if (event.target.tagName === 'TEXTAREA' || event.target.type === 'text') saveSoon(1500);
  });
  form.addEventListener('submit', function () {
    clearTimeout(timer);
  });
  applyShowIf();
  var summary = document.getElementById('errors');
  if (summary) summary.focus();
})();
