/** Offers files to the reader as downloads, one link click each; a Worker cannot start a download itself. */
export function offerDownloads(files: { name: string; data: ArrayBuffer | string }[]): void {
  for (const file of files) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([file.data], { type: file.name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
    link.download = file.name;
    link.click();
    // Long enough for the browser to start reading the blob, then its memory is freed.
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}
