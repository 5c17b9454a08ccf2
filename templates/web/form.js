// The live preview: the first page as it will print, drawn again a moment after the person stops
// typing. Without JavaScript the form still works: it posts and the PDF comes back.
const form = document.querySelector('form[data-preview]');
const preview = document.querySelector('.preview');
if (form && preview) {
  const image = preview.querySelector('.preview-image');
  const status = preview.querySelector('.preview-status');
  // A field the server already found a problem in, or answered before the page loaded, is one the
  // person has been through: its problems stay shown as the preview is drawn again.
  const touched = new Set([...form.querySelectorAll('.problem[data-field]:not(:empty)')].map((box) => box.dataset.field));
  for (const input of form.querySelectorAll('input[type="text"], input[type="tel"], input[type="date"]')) if (input.value) touched.add(input.name);
  let timer;
  let controller;

  const problemsOf = (problems) => {
    for (const box of form.querySelectorAll('.problem[data-field]')) {
      const mine = problems.filter((problem) => problem.field === box.dataset.field && touched.has(box.dataset.field));
      box.replaceChildren(...mine.map(describe));
      box.closest('.field')?.classList.toggle('invalid', mine.length > 0);
    }
  };
  // The problem in the guide's two languages, primary first, each marked with its language.
  const describe = (problem) => {
    const span = document.createElement('span');
    problem.messages.forEach(({ lang, message }, index) => {
      span.append(Object.assign(document.createElement('span'), { lang, className: index ? 'secondary' : '', textContent: index ? ` ${message}` : message }));
    });
    return span;
  };
  // The page's words for the preview's state, as the server wrote them in the guide's languages.
  const say = (name) => status.replaceChildren(...(name ? preview.querySelector(`template.preview-${name}`).content.cloneNode(true).childNodes : []));

  const refresh = async () => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(form.dataset.preview, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
      const answer = await response.json();
      if (answer.image) image.src = answer.image;
      problemsOf(answer.problems ?? []);
      const waiting = (answer.problems ?? []).some((problem) => touched.has(problem.field));
      say(waiting ? 'paused' : null);
    } catch {
      // Aborted by the next keystroke, or the server is gone: the last preview stays.
    }
  };

  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', (event) => {
    if (event.target.name) touched.add(event.target.name);
    soon();
  });
  form.addEventListener('focusout', (event) => {
    if (event.target.name && event.target.value) touched.add(event.target.name);
  });
  say('drawing');
  preview.hidden = false;
  refresh();
}
