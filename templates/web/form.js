// The live preview: the first page as it will print, drawn again a moment after the person stops
// typing. Without JavaScript the form still works: it posts and the PDF comes back.
const form = document.querySelector('form[data-preview]');
const preview = document.querySelector('.preview');
if (form && preview) {
  const image = preview.querySelector('.preview-image');
  const status = preview.querySelector('.preview-status');
  const fullSize = preview.querySelector('.preview-full');
  const summary = document.getElementById('summary');
  // A field the server already found a problem in, or answered before the page loaded, is one the
  // person has been through: its problems stay shown as the preview is drawn again.
  const touched = new Set([...form.querySelectorAll('.problem[data-field]:not(:empty)')].map((box) => box.dataset.field));
  for (const input of form.querySelectorAll('input[type="text"], input[type="tel"], input[type="date"], textarea')) if (input.value) touched.add(input.name);
  // The answers the last preview was drawn from, and their problems: shown for a field once it is
  // left, unless the answers have changed since (the next preview shows them then).
  let latest = null;
  let timer;
  let controller;

  const answers = () => new URLSearchParams(new FormData(form));
  const problemsOf = (problems) => {
    for (const box of form.querySelectorAll('.problem[data-field]')) {
      showInField(box, problems.filter((problem) => problem.field === box.dataset.field && touched.has(box.dataset.field)));
    }
    followSummary(problems);
  };

  const showInField = (box, problems) => {
    box.replaceChildren(...problems.map(describe));
    box.closest('.field')?.classList.toggle('invalid', problems.length > 0);
    const input = box.closest('.field')?.querySelector('input:not([type="radio"]):not([type="checkbox"]), textarea');
    if (problems.length > 0) input?.setAttribute('aria-invalid', 'true');
    else input?.removeAttribute('aria-invalid');
  };

  // The summary of a refused form lists what is still wrong: a corrected field leaves it.
  const followSummary = (problems) => {
    if (!summary) return;
    for (const item of summary.querySelectorAll('li[data-field]')) {
      const mine = problems.filter((problem) => problem.field === item.dataset.field);
      if (mine.length === 0) item.remove();
      else item.querySelector('.said').replaceChildren(...mine.map(describe));
    }
    summary.hidden = !summary.querySelector('li');
  };

  // The problem in the guide's two languages, primary first, each marked with its language, and
  // its hint likewise, as the page's template writes it (partials/problem.hbs).
  const twoTexts = (texts) => texts.map(({ lang, text }, index) => Object.assign(document.createElement('span'), { lang, className: index ? 'secondary' : '', textContent: text }));
  const describe = (problem) => {
    const span = document.createElement('span');
    const [first, second] = problem.messages;
    span.append(...spaced(twoTexts([{ lang: first.lang, text: first.message }, { lang: second.lang, text: second.message }])));
    if (first.hint && second.hint) {
      const hint = Object.assign(document.createElement('span'), { className: 'hint' });
      hint.append('(', ...spaced(twoTexts([{ lang: first.lang, text: first.hint }, { lang: second.lang, text: second.hint }])), ')');
      span.append(' ', hint);
    }
    return span;
  };
  const spaced = ([first, second]) => (first.textContent === second.textContent ? [first] : [first, ' ', second]);

  // The full-size picture opens in a tab of its own; an image kept in memory (a blob), as no server keeps it.
  const showFullSize = (dataUrl) => {
    const link = fullSize.querySelector('a');
    if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
    const bytes = Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (char) => char.charCodeAt(0));
    link.href = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
    fullSize.hidden = false;
  };
  // The page's words for the preview's state, as the server wrote them in the guide's languages.
  const say = (name) => status.replaceChildren(...(name ? preview.querySelector(`template.preview-${name}`).content.cloneNode(true).childNodes : []));

  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    try {
      const body = answers();
      const response = await fetch(form.dataset.preview, {
        method: 'POST',
        body,
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
      const answer = await response.json();
      if (answer.image) {
        image.src = answer.image;
        showFullSize(answer.image);
      }
      latest = { answers: body.toString(), problems: answer.problems ?? [] };
      problemsOf(latest.problems);
      const waiting = (answer.problems ?? []).some((problem) => touched.has(problem.field));
      say(waiting ? 'paused' : null);
    } catch {
      // Aborted by the next keystroke, or the server is gone: the last preview stays.
    }
  };

  // A preview asked for before this change would show problems already corrected: it is dropped.
  const soon = () => {
    controller?.abort();
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  };
  // A field being corrected drops its problems until the next preview says whether they remain.
  form.addEventListener('input', (event) => {
    const box = form.querySelector(`.problem[data-field="${CSS.escape(event.target.name)}"]`);
    if (box) showInField(box, []);
    soon();
  });
  form.addEventListener('change', (event) => {
    if (event.target.name) touched.add(event.target.name);
    soon();
  });
  // A field left, even empty, shows its problems at once, as far as the last preview knows them.
  form.addEventListener('focusout', (event) => {
    if (!event.target.name) return;
    touched.add(event.target.name);
    if (latest?.answers === answers().toString()) problemsOf(latest.problems);
  });
  // A date box shows the date the browser's way; beside it, the date as the PDF prints it.
  for (const output of form.querySelectorAll('output.prints-as')) {
    const input = document.getElementById(output.htmlFor.value);
    input.addEventListener('input', () => (output.value = input.value || 'YYYY-MM-DD'));
  }
  say('drawing');
  preview.hidden = false;
  document.querySelector('.to-preview').hidden = false;
  refresh();
}
