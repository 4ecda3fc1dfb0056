// The validation worker's file reader: a worker of its own that reads slices of the dropped
// File with FileReaderSync and hands each one over (transferred, not copied). Reading a File
// is a round trip to the browser's file storage; here it happens on this thread, ahead of
// the validation, which meanwhile parses the slices it already has.
//
// Messages in:  {file, index, start, end}   (slice `index` is bytes start..end of `file`)
// Messages out: {index, buffer} or {index, error}
'use strict';
const reader = new FileReaderSync();
self.onmessage = (event) => {
  const { file, index, start, end } = event.data;
  try {
    const buffer = reader.readAsArrayBuffer(file.slice(start, end));
    self.postMessage({ index, buffer }, [buffer]);
  } catch (err) {
    self.postMessage({ index, error: String(err && err.message ? err.message : err) });
  }
};
