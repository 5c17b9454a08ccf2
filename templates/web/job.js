// The batch's progress, asked for every half second; the page is loaded again once it is done,
// to show the download and the report. Without JavaScript the page refreshes itself instead.
const job = document.querySelector('.job[data-status]');
if (job && job.dataset.state !== 'done') {
  const bar = job.querySelector('progress');
  const done = job.querySelector('.job-done');
  const total = job.querySelector('.job-total');
  const poll = async () => {
    try {
      const status = await (await fetch(job.dataset.status, { headers: { accept: 'application/json' } })).json();
      bar.max = Math.max(status.total, 1);
      bar.value = status.done;
      done.textContent = status.done;
      total.textContent = status.total;
      // A batch that waited its turn shows it has started; a done one shows its download.
      if (status.state === 'done' || (job.dataset.state === 'queued' && status.state !== 'queued')) return location.reload();
    } catch {
      // A missed answer is asked for again.
    }
    setTimeout(poll, 500);
  };
  poll();
}
