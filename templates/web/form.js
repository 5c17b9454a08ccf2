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
  const describe = (problem) => {
    const span = document.createElement('span');
    const zh = Object.assign(document.createElement('span'), { lang: 'zh-Hans', textContent: problem.zh });
    const en = Object.assign(document.createElement('span'), { lang: 'en', className: 'secondary', textContent: ` ${problem.en}` });
    span.append(zh, en);
    return span;
  };

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
      status.textContent = waiting ? preview.dataset.paused : '';
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
  status.textContent = preview.dataset.drawing;
  preview.hidden = false;
  refresh();
}
