/* global document, window */
// The mystery-shopper page's only script (progressive enhancement: the form saves and submits
// without it). It keeps a copy of the answers on the phone (localStorage) so nothing is lost
// offline, saves to the server as the shopper goes and again when the connection returns, uploads
// photos, and shows the note and photo fields only for points that were not met.
(function () {
  'use strict';
  var form = document.querySelector('form[data-audit]');
  var stateNode = document.getElementById('km-audit');
  if (!form || !stateNode) return;
  var state = JSON.parse(stateNode.textContent || '{}');
  var texts = state.texts;
  var storageKey = 'km-audit:' + state.runId;
  var status = document.getElementById('save-status');
  var offlineBanner = document.getElementById('offline');
  var progressLabel = document.getElementById('progress-label');
  var progressBar = document.getElementById('progress');
  var items = Array.prototype.slice.call(form.querySelectorAll('[data-item]'));
  var submitButton = form.querySelector('button.primary');
  var saveTimer;
  var saving = false;
  var pendingPhotos = [];
  document.documentElement.className += ' js';

  function say(text) {
    if (status) status.textContent = text;
  }

  function readLocal() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || 'null');
    } catch (_error) {
      return null;
    }
  }

  function writeLocal(answers, synced) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ answers: answers, changedAt: new Date().toISOString(), synced: synced }));
    } catch (_error) {
      // A full or disabled storage only loses the offline copy; the server copy still works.
    }
  }

  function valueOf(item) {
    var checked = item.querySelector('input[type=radio]:checked');
    if (!checked) return undefined;
    var value = checked.value;
    return value === 'yes' || value === 'no' || value === 'na' ? value : Number(value);
  }

  function collect() {
    var answers = {};
    items.forEach(function (item) {
      var key = item.getAttribute('data-item');
      var answer = {};
      var value = valueOf(item);
      if (value !== undefined) answer.value = value;
      var note = item.querySelector('textarea');
      if (note && note.value.trim() !== '') answer.note = note.value;
      if (answer.value !== undefined || answer.note !== undefined) answers[key] = answer;
    });
    return answers;
  }

  function apply(answers) {
    items.forEach(function (item) {
      var answer = answers[item.getAttribute('data-item')] || {};
      Array.prototype.forEach.call(item.querySelectorAll('input[type=radio]'), function (input) {
        input.checked = answer.value !== undefined && String(answer.value) === input.value;
      });
      var note = item.querySelector('textarea');
      if (note) note.value = answer.note || '';
    });
  }

  function failed(item) {
    var value = valueOf(item);
    if (value === undefined || value === 'na') return false;
    if (item.getAttribute('data-type') === 'yes_no') return value === 'no';
    return value < Number(item.getAttribute('data-pass'));
  }

  function refresh() {
    var answered = 0;
    items.forEach(function (item) {
      if (valueOf(item) !== undefined) answered += 1;
      var evidence = item.querySelector('[data-evidence]');
      var note = item.querySelector('textarea');
      var photos = item.querySelectorAll('.photos li').length;
      if (evidence) evidence.hidden = !(failed(item) || (note && note.value.trim() !== '') || photos > 0);
    });
    if (progressLabel) progressLabel.textContent = texts.progress.replace('{a}', answered).replace('{t}', state.total);
    if (progressBar) progressBar.value = answered;
  }

  // A problem shown beside a point (by the server's refusal) goes away once the shopper has put it
  // right here, so "add a photo" is not left standing next to the photo just added. Whatever is still
  // missing is named again by the next submit.
  function problemSolved(item, field) {
    var note = item.querySelector('textarea');
    var hasNote = Boolean(note && note.value.trim() !== '');
    var hasPhoto = item.querySelectorAll('.photos li').length > 0;
    if (/\.value$/.test(field)) return valueOf(item) !== undefined;
    if (/\.note$/.test(field)) return !failed(item) || hasNote;
    if (/\.evidence$/.test(field)) return !failed(item) || hasPhoto || (item.getAttribute('data-evidence-rule') === 'photo_or_note' && hasNote);
    return false;
  }

  function settleProblem(item) {
    var note = item && item.querySelector('.err');
    if (!note || !problemSolved(item, note.getAttribute('data-field') || '')) return;
    note.parentNode.removeChild(note);
    item.classList.remove('invalid');
    var describedBy = (item.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
      return id && id !== note.id;
    });
    if (describedBy.length > 0) item.setAttribute('aria-describedby', describedBy.join(' '));
    else item.removeAttribute('aria-describedby');
  }

  function setOffline(offline) {
    if (offlineBanner) offlineBanner.hidden = !offline;
  }

  function save() {
    clearTimeout(saveTimer);
    if (saving) {
      saveTimer = setTimeout(save, 500);
      return Promise.resolve(false);
    }
    var answers = collect();
    writeLocal(answers, false);
    if (!navigator.onLine) {
      setOffline(true);
      say(texts.savedOffline);
      return Promise.resolve(false);
    }
    saving = true;
    say(texts.saving);
    return fetch(state.api + '/answers', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ answers: answers }),
    })
      .then(function (response) {
        if (response.status === 409) {
          window.location.reload();
          return false;
        }
        if (!response.ok) throw new Error(String(response.status));
        writeLocal(answers, true);
        setOffline(false);
        say(texts.saved);
        return true;
      })
      .catch(function () {
        setOffline(!navigator.onLine);
        say(texts.savedOffline);
        saveTimer = setTimeout(save, 15000);
        return false;
      })
      .then(function (ok) {
        saving = false;
        return ok;
      });
  }

  function saveSoon(delay) {
    writeLocal(collect(), false);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, delay);
  }

  // ---------- photos ----------

  function addThumbnail(item, evidenceId) {
    var list = item.querySelector('.photos');
    var li = document.createElement('li');
    li.setAttribute('data-evidence-id', evidenceId);
    var img = document.createElement('img');
    img.src = state.api + '/evidence/' + evidenceId;
    img.alt = texts.photoAlt.replace('{n}', String(list.children.length + 1));
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.setAttribute('data-remove-photo', evidenceId);
    remove.textContent = texts.removePhoto;
    li.appendChild(img);
    li.appendChild(remove);
    list.appendChild(li);
  }

  function uploadStatus(item, text) {
    var node = item.querySelector('.upload-status');
    if (node) node.textContent = text;
  }

  function upload(item, file) {
    if (!navigator.onLine) {
      pendingPhotos.push({ item: item, file: file });
      uploadStatus(item, texts.uploadQueued);
      return Promise.resolve();
    }
    uploadStatus(item, texts.uploading);
    var body = new FormData();
    body.append('file', file);
    return fetch(state.api + '/evidence?itemKey=' + encodeURIComponent(item.getAttribute('data-item')), { method: 'POST', body: body })
      .then(function (response) {
        return response.json().then(function (json) {
          if (response.status === 201) {
            addThumbnail(item, json.evidenceId);
            uploadStatus(item, texts.uploaded);
            refresh();
            settleProblem(item);
            return;
          }
          if (response.status === 413) uploadStatus(item, texts.tooBig);
          else if (response.status === 415) uploadStatus(item, texts.notImage);
          else uploadStatus(item, (json.error && json.error.message) || texts.uploadFailed);
        });
      })
      .catch(function () {
        pendingPhotos.push({ item: item, file: file });
        uploadStatus(item, texts.uploadQueued);
      });
  }

  function flushPhotos() {
    var queue = pendingPhotos;
    pendingPhotos = [];
    return queue.reduce(function (chain, entry) {
      return chain.then(function () {
        return upload(entry.item, entry.file);
      });
    }, Promise.resolve());
  }

  items.forEach(function (item) {
    var input = item.querySelector('[data-photo-input]');
    var button = item.querySelector('.photo-btn');
    if (!input || !button) return;
    input.disabled = false;
    button.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.value = '';
      if (!file) return;
      if (file.size > 10 * 1024 * 1024) {
        uploadStatus(item, texts.tooBig);
        return;
      }
      upload(item, file);
    });
  });

  form.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || !target.getAttribute) return;
    var evidenceId = target.getAttribute('data-remove-photo');
    if (!evidenceId) return;
    var item = target.closest('[data-item]');
    fetch(state.api + '/evidence/' + encodeURIComponent(evidenceId), { method: 'DELETE' }).then(function (response) {
      if (response.ok || response.status === 404) {
        var li = target.closest('li');
        if (li) li.parentNode.removeChild(li);
        if (item) refresh();
      }
    });
  });

  // ---------- answers ----------

  form.addEventListener('change', function (event) {
    if (event.target && event.target.type === 'file') return;
    refresh();
    if (event.target && event.target.closest) settleProblem(event.target.closest('[data-item]'));
    saveSoon(300);
  });
  form.addEventListener('input', function (event) {
    if (!event.target || event.target.tagName !== 'TEXTAREA') return;
    settleProblem(event.target.closest('[data-item]'));
    saveSoon(1200);
  });

  function showProblem(error) {
    var field = (error && error.field) || '';
    var match = /^answers\.([^.]+)/.exec(field);
    var item = match && document.getElementById('item-' + match[1]);
    say(error && error.message ? error.message : texts.uploadFailed);
    if (item) {
      item.classList.add('invalid');
      var note = item.querySelector('.err');
      if (!note) {
        note = document.createElement('p');
        note.className = 'err';
        note.id = item.id + '-err';
        item.querySelector('.choices').insertAdjacentElement('afterend', note);
        item.setAttribute('aria-describedby', ((item.getAttribute('aria-describedby') || '') + ' ' + note.id).trim());
      }
      note.setAttribute('data-field', field);
      // The message names the point for the status line; beside the point itself that is said already.
      var legend = item.querySelector('legend');
      var title = legend && legend.firstChild ? legend.firstChild.textContent + ': ' : '';
      note.textContent = title && error.message.indexOf(title) === 0 ? error.message.slice(title.length) : error.message;
      var evidence = item.querySelector('[data-evidence]');
      if (evidence && /\.(note|evidence)$/.test(field)) evidence.hidden = false;
      var first = item.querySelector('input, textarea');
      item.scrollIntoView({ block: 'center' });
      if (first) first.focus();
    }
  }

  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === 'save') return;
    event.preventDefault();
    if (!navigator.onLine) {
      setOffline(true);
      say(texts.submitBlockedOffline);
      return;
    }
    if (submitButton) submitButton.disabled = true;
    say(texts.submitting);
    flushPhotos()
      .then(function () {
        return fetch(state.api + '/submit', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ answers: collect() }),
        });
      })
      .then(function (response) {
        return response.json().then(function (json) {
          if (response.status === 201 || response.status === 409) {
            try {
              localStorage.removeItem(storageKey);
            } catch (_error) {
              // Nothing to clean up then.
            }
            window.location.replace(window.location.pathname + '?done=1' + (/[?&]lang=/.test(window.location.search) ? '&' + window.location.search.slice(1) : ''));
            return;
          }
          showProblem(json.error);
        });
      })
      .catch(function () {
        say(texts.submitBlockedOffline);
      })
      .then(function () {
        if (submitButton) submitButton.disabled = false;
      });
  });

  window.addEventListener('online', function () {
    setOffline(false);
    flushPhotos().then(save);
  });
  window.addEventListener('offline', function () {
    setOffline(true);
  });

  // A copy kept on the phone that the server may not have seen (written offline, or a save cut off by
  // a reload) wins: the shopper fills the audit in on this phone only, and every save sends all the
  // answers, so the server's copy is never newer than an unsent one. No clocks are compared.
  var local = readLocal();
  if (local && !local.synced && local.answers) {
    apply(local.answers);
    save();
  }
  setOffline(!navigator.onLine);
  refresh();
  var summary = document.getElementById('errors');
  if (summary) summary.focus();
})();
