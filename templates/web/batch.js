// Sends the batch's file by script, so that the file stays chosen when the server finds mistakes
// in it: a page loaded again comes with its file box empty. The server's answer is the page it
// would have sent: its summary of mistakes is shown here. Without JavaScript the form posts as
// usual, and the summary says to choose the file again.
const upload = document.querySelector('form[data-upload]');
if (upload) {
  const sending = upload.querySelector('.sending');
  let busy = false;

  // The answer's summary in place of this page's, with the focus on it, as a page loaded anew would have.
  const showSummary = (answer) => {
    const summary = answer.querySelector('#summary') ?? problemSummary(answer);
    summary.querySelector('.choose-again')?.remove();
    const shown = document.getElementById('summary');
    if (shown) shown.replaceWith(summary);
    else upload.before(summary);
    summary.focus();
  };

  // A refusal of the whole request (too large, too many batches) as a summary of one problem.
  const problemSummary = (answer) => {
    const summary = Object.assign(document.createElement('div'), { className: 'summary', id: 'summary', tabIndex: -1 });
    summary.setAttribute('role', 'alert');
    summary.setAttribute('aria-labelledby', 'summary-heading');
    const heading = Object.assign(document.createElement('h2'), { id: 'summary-heading' });
    heading.append(...answer.querySelector('main h1').childNodes);
    summary.append(heading, ...answer.querySelectorAll('main .said'));
    return summary;
  };

  upload.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    sending.replaceChildren(upload.querySelector('.sending-text').content.cloneNode(true));
    let answer;
    try {
      const response = await fetch(upload.action, { method: 'POST', body: new FormData(upload), headers: { accept: 'text/html' } });
      // A batch under way: its progress page, to which the server sent the request on.
      if (response.redirected) return location.assign(response.url);
      answer = await response.text();
    } catch {
      // No answer at all: the form posts as it would without JavaScript.
      return upload.submit();
    }
    busy = false;
    sending.replaceChildren();
    showSummary(new DOMParser().parseFromString(answer, 'text/html'));
  });
}
